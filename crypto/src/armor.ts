import { CryptoError } from './errors';

/**
 * A strict reader and writer of OpenPGP ASCII armor (RFC 9580 §6), for what
 * arrives from outside: one block, with nothing but white space around it.
 *
 * Armor headers: only `Version` and `Comment` are accepted (what gpg's
 * `emit-version` / `comment` options and OpenPGP.js's `showVersion` /
 * `showComment` write); they are dropped, because the block is always written
 * again from its packets. Any other header is refused, so a client cannot use
 * the armor to carry text the platform does not expect.
 *
 * The CRC-24 line is optional (RFC 9580 makes it so) and verified when present.
 * Base64 is read strictly: lines of at most 76 characters, padding only at the
 * end, no stray characters, no unused bits set.
 */
export type ArmorType = 'MESSAGE' | 'PUBLIC KEY BLOCK' | 'PRIVATE KEY BLOCK';

const ALLOWED_HEADERS: ReadonlySet<string> = new Set(['Version', 'Comment']);
/** gpg and OpenPGP.js write at most two header lines; a few more costs nothing and is still bounded. */
const MAX_HEADER_LINES = 8;
/** RFC 9580 §6.3: encoded lines MUST NOT exceed 76 characters. */
const MAX_BASE64_LINE = 76;
/** gpg's line length; any length up to 76 reads the same. */
const WRITE_LINE = 64;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const armorError = (message: string) => new CryptoError('invalid_armor', message);

/** CRC-24 as RFC 9580 §6.1 defines it for the armor checksum. */
export function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    chunk +=
      ALPHABET[a >> 2]! +
      ALPHABET[((a & 3) << 4) | (b >> 4)]! +
      (i + 1 < bytes.length ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : '=') +
      (i + 2 < bytes.length ? ALPHABET[c & 63]! : '=');
    if (chunk.length >= 4096) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes canonical base64 only: length a multiple of 4, `=` only as final padding, unused bits zero. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0)
    throw armorError('The armored data is cut short (its base64 length is not a multiple of 4).');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let value = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const isPad = code === 61 && last && j >= 4 - padding;
      const digit = isPad ? 0 : code < 128 ? DECODE[code]! : -1;
      if (digit < 0) throw armorError('The armored data holds a character that is not base64.');
      value = (value << 6) | digit;
    }
    const triple = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
    const keep = last ? 3 - padding : 3;
    if (triple.slice(keep).some((byte) => byte !== 0)) throw armorError('The armored data is not canonical base64.');
    for (let k = 0; k < keep; k++) out[o++] = triple[k]!;
  }
  return out;
}

/** Lines with their CR (of CRLF) and trailing blanks removed; control characters other than tab refused. */
function linesOf(text: string): string[] {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) {
      throw armorError(`The armored text holds a control character (code ${code}) at position ${i}.`);
    }
  }
  return text.split('\n').map((line) => {
    const stripped = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (stripped.includes('\r')) throw armorError('The armored text holds a carriage return inside a line.');
    return stripped.replace(/[ \t]+$/, '');
  });
}

/**
 * Reads one armored block of the given type and returns its packet bytes.
 * Everything that is refused throws `invalid_armor`, except a checksum that
 * does not match, which throws `armor_checksum_mismatch`.
 */
export function readArmor(text: string, type: ArmorType): Uint8Array {
  const begin = `-----BEGIN PGP ${type}-----`;
  const end = `-----END PGP ${type}-----`;
  // White space around the block is harmless and dropped; anything else around it is refused.
  const lines = linesOf(text.replace(/^[ \t\r\n]+/, ''));
  let i = 0;
  while (i < lines.length && lines[i] === '') i++;
  const first = lines[i];
  if (first !== begin) {
    if (first === undefined) throw armorError(`Send an ASCII-armored OpenPGP block (${begin}); this is empty.`);
    const other = /^-----BEGIN PGP (.{1,40}?)-----$/.exec(first);
    throw armorError(
      other
        ? `Expected a ${begin} block, not PGP ${other[1]}.`
        : `Send exactly one ASCII-armored OpenPGP block (${begin}), with nothing before it.`,
    );
  }
  i++;
  let headers = 0;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const header = /^([A-Za-z][A-Za-z0-9-]{0,39}):( |$)/.exec(lines[i]!);
    if (!header) throw armorError('The armor has no blank line between its BEGIN line and its data.');
    if (!ALLOWED_HEADERS.has(header[1]!)) {
      throw armorError(`The armor header "${header[1]}" is not accepted (only Version and Comment are).`);
    }
    if (++headers > MAX_HEADER_LINES) throw armorError(`The armor has more than ${MAX_HEADER_LINES} header lines.`);
  }
  i++; // the blank line
  const body: string[] = [];
  let checksum: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('-----')) break;
    if (line.startsWith('=')) {
      checksum = line;
      i++;
      break;
    }
    if (line.length === 0 || line.length > MAX_BASE64_LINE) {
      throw armorError(`Armored data lines hold 1 to ${MAX_BASE64_LINE} base64 characters; line ${i + 1} does not.`);
    }
    body.push(line);
  }
  if (lines[i] !== end) {
    throw armorError(i >= lines.length ? `The armor has no ${end} line.` : `Expected ${end} on line ${i + 1}.`);
  }
  for (i++; i < lines.length; i++) {
    if (lines[i] !== '') throw armorError(`Send exactly one armored block, with nothing after ${end}.`);
  }
  const bytes = decodeBase64(body.join(''));
  if (bytes.length === 0) throw armorError('The armored block holds no data.');
  if (checksum !== null) {
    if (!/^=[A-Za-z0-9+/]{4}$/.test(checksum)) throw armorError('The armor checksum line is malformed.');
    const expected = decodeBase64(checksum.slice(1));
    const crc = (expected[0]! << 16) | (expected[1]! << 8) | expected[2]!;
    if (crc !== crc24(bytes)) {
      throw new CryptoError(
        'armor_checksum_mismatch',
        'The armor checksum does not match its data: it was altered or damaged.',
      );
    }
  }
  return bytes;
}

/**
 * Armors packets with no headers and with the CRC-24 line: RFC 9580 makes the
 * checksum optional, but GnuPG 2.2 cannot find the end of a long armored v1
 * message without it.
 */
export function writeArmor(type: ArmorType, bytes: Uint8Array): string {
  const encoded = encodeBase64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += WRITE_LINE) lines.push(encoded.slice(i, i + WRITE_LINE));
  const crc = crc24(bytes);
  const checksum = encodeBase64(new Uint8Array([crc >> 16, (crc >> 8) & 255, crc & 255]));
  return `-----BEGIN PGP ${type}-----\n\n${lines.join('\n')}\n=${checksum}\n-----END PGP ${type}-----\n`;
}
