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

/** CRC-24 (RFC 9580 §6.1), a byte at a time through a table. */
const CRC24_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let crc = n << 16;
  for (let i = 0; i < 8; i++) {
    crc <<= 1;
    if (crc & 0x1000000) crc ^= 0x1864cfb;
  }
  CRC24_TABLE[n] = crc & 0xffffff;
}

export function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) & 0xffffff) ^ CRC24_TABLE[((crc >> 16) ^ bytes[i]!) & 255]!;
  return crc;
}

const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const ascii = new TextDecoder();

/** Base64 with a line break after every `lineLength` characters (none when 0). */
export function encodeBase64(bytes: Uint8Array, lineLength = 0): string {
  const chars = Math.ceil(bytes.length / 3) * 4;
  const breaks = lineLength > 0 ? Math.floor((chars - 1) / lineLength) : 0;
  const out = new Uint8Array(chars + Math.max(0, breaks));
  // Whole groups of three bytes in a straight loop (the line breaks fall between characters, so a group may
  // straddle one: each character checks its column), then the last one or two bytes with padding.
  const whole = bytes.length - (bytes.length % 3);
  const limit = lineLength > 0 ? lineLength : Infinity;
  let o = 0;
  let column = 0;
  for (let i = 0; i < whole; i += 3) {
    const group = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    for (let shift = 18; shift >= 0; shift -= 6) {
      if (column === limit) {
        out[o++] = 10;
        column = 0;
      }
      out[o++] = ENCODE[(group >> shift) & 63]!;
      column++;
    }
  }
  if (whole < bytes.length) {
    const a = bytes[whole]!;
    const b = whole + 1 < bytes.length ? bytes[whole + 1]! : 0;
    const tail = [
      ENCODE[a >> 2]!,
      ENCODE[((a & 3) << 4) | (b >> 4)]!,
      whole + 1 < bytes.length ? ENCODE[(b & 15) << 2]! : 61,
      61,
    ];
    for (const code of tail) {
      if (column === limit) {
        out[o++] = 10;
        column = 0;
      }
      out[o++] = code;
      column++;
    }
  }
  return ascii.decode(out);
}

/** Decodes canonical base64 only: length a multiple of 4, `=` only as final padding, unused bits zero. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0)
    throw armorError('The armored data is cut short (its base64 length is not a multiple of 4).');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const full = text.length - (padding > 0 ? 4 : 0);
  const digit = (i: number) => {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE[code]! : -1;
    if (value < 0) throw armorError('The armored data holds a character that is not base64.');
    return value;
  };
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    // A code past ASCII, or one the table marks -1, is not base64 (one test for the four).
    const ascii4 = (c0 | c1 | c2 | c3) < 128;
    const d0 = ascii4 ? DECODE[c0]! : -1;
    const d1 = ascii4 ? DECODE[c1]! : -1;
    const d2 = ascii4 ? DECODE[c2]! : -1;
    const d3 = ascii4 ? DECODE[c3]! : -1;
    if ((d0 | d1 | d2 | d3) < 0) throw armorError('The armored data holds a character that is not base64.');
    const value = (d0 << 18) | (d1 << 12) | (d2 << 6) | d3;
    out[o++] = value >> 16;
    out[o++] = (value >> 8) & 255;
    out[o++] = value & 255;
  }
  if (padding > 0) {
    const a = digit(full);
    const b = digit(full + 1);
    const c = padding === 1 ? digit(full + 2) : 0;
    const value = (a << 18) | (b << 12) | (c << 6);
    // Bits the padding leaves unused must be zero, so one text has one meaning.
    if ((padding === 2 ? value & 0xffff : value & 0xff) !== 0)
      throw armorError('The armored data is not canonical base64.');
    out[o++] = value >> 16;
    if (padding === 1) out[o] = (value >> 8) & 255;
  }
  return out;
}

/** Lines with their CR (of CRLF) and trailing blanks removed; control characters other than tab refused. */
function linesOf(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const control = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec(text);
  if (control) {
    throw armorError(
      `The armored text holds a control character (code ${control[0].charCodeAt(0)}) at position ${control.index}.`,
    );
  }
  if (/\r(?!\n)/.test(text)) throw armorError('The armored text holds a carriage return inside a line.');
  // Most armor has no CR at all: a plain split is then the same and cheaper than the pattern.
  return (text.includes('\r') ? text.split(/\r?\n/) : text.split('\n')).map((line) => {
    const last = line.charCodeAt(line.length - 1);
    return last === 32 || last === 9 ? line.replace(/[ \t]+$/, '') : line;
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
  const crc = crc24(bytes);
  const checksum = encodeBase64(new Uint8Array([crc >> 16, (crc >> 8) & 255, crc & 255]));
  return `-----BEGIN PGP ${type}-----\n\n${encodeBase64(bytes, WRITE_LINE)}\n=${checksum}\n-----END PGP ${type}-----\n`;
}
