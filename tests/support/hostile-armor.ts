import { armorBlock, canaryBytes, CANARY, concat, newPacket } from './openpgp-bytes';
import type { HostileMessage } from './hostile-messages';

/**
 * Hostile armor around a valid message's packets: what the strict armor
 * reader must refuse before any packet is read (headers, checksums, control
 * characters, base64, text around the block).
 */
export function hostileArmor(armoredBase: string, B: Uint8Array): HostileMessage[] {
  const cases: HostileMessage[] = [];
  const add = (name: string, armoredReport: string, code: string, names?: RegExp) =>
    cases.push({ name, armoredReport, code, ...(names ? { names } : {}) });
  const msg = (...parts: Uint8Array[]) => armorBlock('message', concat(...parts));

  add(
    'plaintext in an unknown armor header',
    armoredBase.replace('\n\n', `\nX-Reporter: ${CANARY}\n\n`),
    'invalid_armor',
    /X-Reporter/,
  );
  add('plaintext before the armor', `${CANARY}\n${armoredBase}`, 'invalid_armor');
  add('plaintext after the armor', `${armoredBase}${CANARY}\n`, 'invalid_armor');
  add(
    'a plaintext block after the encrypted block',
    armoredBase + msg(newPacket(11, concat(Uint8Array.of(0x75, 0, 0, 0, 0, 0), canaryBytes(300)))),
    'invalid_armor',
  );

  const lines = armoredBase.split('\n');
  const crcIndex = lines.findIndex((l) => /^=[A-Za-z0-9+/]{4}$/.test(l));
  const withLines = (edit: (copy: string[]) => void) => {
    const copy = [...lines];
    edit(copy);
    return copy.join('\n');
  };
  add(
    'a wrong armor checksum',
    withLines((c) => (c[crcIndex] = c[crcIndex] === '=AAAA' ? '=AAAB' : '=AAAA')),
    'armor_checksum_mismatch',
  );
  add(
    'data altered under a correct-looking checksum',
    withLines((c) => (c[2] = (c[2]![0] === 'A' ? 'B' : 'A') + c[2]!.slice(1))),
    'armor_checksum_mismatch',
  );
  add(
    'a malformed checksum line',
    withLines((c) => (c[crcIndex] = '=AB')),
    'invalid_armor',
    /checksum/,
  );
  add('a Hash armor header', armoredBase.replace('\n\n', '\nHash: SHA256\n\n'), 'invalid_armor', /Hash/);
  add('a Charset armor header', armoredBase.replace('\n\n', '\nCharset: UTF-8\n\n'), 'invalid_armor', /Charset/);
  add(
    'nine Comment headers',
    armoredBase.replace('\n\n', `\n${'Comment: x\n'.repeat(9)}\n`),
    'invalid_armor',
    /header lines/,
  );
  add('no blank line after the BEGIN line', armoredBase.replace('\n\n', '\n'), 'invalid_armor');
  add('a NUL octet after the END line', `${armoredBase}\u0000`, 'invalid_armor', /control character \(code 0\)/);
  add(
    'a NUL octet inside the base64',
    withLines((c) => (c[2] = `${c[2]!.slice(0, 10)}\u0000${c[2]!.slice(10)}`)),
    'invalid_armor',
    /code 0/,
  );
  add('a NUL octet in a Comment header', armoredBase.replace('\n\n', '\nComment: a\u0000b\n\n'), 'invalid_armor');
  add(
    'a carriage return inside a line',
    withLines((c) => (c[2] = `${c[2]!.slice(0, 10)}\r${c[2]!.slice(10)}`)),
    'invalid_armor',
  );
  add(
    'a character that is not base64',
    withLines((c) => (c[2] = `*${c[2]!.slice(1)}`)),
    'invalid_armor',
    /base64/,
  );
  add('a base64 line of 80 characters', armorLongLines(B), 'invalid_armor', /76/);
  add(
    'base64 padding in the middle',
    withLines((c) => (c[2] = `${c[2]!.slice(0, 58)}==`)),
    'invalid_armor',
  );
  add('a public key block holding a message', armorBlock('publicKey', B), 'invalid_armor', /PUBLIC KEY BLOCK/);
  add(
    'a clear-signed message',
    `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${CANARY}\n`,
    'invalid_armor',
    /SIGNED MESSAGE/,
  );
  add('an empty armored block', '-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----\n', 'invalid_armor');
  add('plain text and no armor', CANARY, 'invalid_armor');

  return cases;
}

/** Armor with 80-character lines (RFC 9580 allows 76 at most). */
function armorLongLines(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const body = base64.match(/.{1,80}/g)!.join('\n');
  return `-----BEGIN PGP MESSAGE-----\n\n${body}\n-----END PGP MESSAGE-----\n`;
}
