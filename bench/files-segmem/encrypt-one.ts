/** Bench only: the ways of encrypting one 4 MiB segment that the probe compares. */
import { createMessage, encrypt, encryptSessionKey, type PublicKey } from 'openpgp';

import { GPG_COMPATIBLE } from '../../crypto/src/profile';
import { release } from '../../crypto/src/release';

const DATE = new Date(0);

/** As crypto/src/segments.ts did before (main): format 'binary'. */
export async function encryptBinary(plaintext: Uint8Array, keys: PublicKey[]): Promise<Uint8Array> {
  const message = await createMessage({ binary: plaintext, format: 'binary', date: DATE });
  return encrypt({ message, encryptionKeys: keys, format: 'binary', config: GPG_COMPATIBLE });
}

/**
 * Format 'object', written, then the symmetric cipher's output (in a browser
 * WebCrypto's buffer, which waits for a major collection) freed through
 * OpenPGP.js's own `encrypted` field (not in its types), when it is a buffer
 * of its own. Tried in crypto/src/segments.ts and measured in the product:
 * no gain (docs/benchmarks.md, "files", fifth run), so not kept there.
 */
export async function encryptObject(plaintext: Uint8Array, keys: PublicKey[]): Promise<Uint8Array> {
  const message = await createMessage({ binary: plaintext, format: 'binary', date: DATE });
  const encrypted = await encrypt({ message, encryptionKeys: keys, format: 'object', config: GPG_COMPATIBLE });
  const written = encrypted.write() as Uint8Array;
  for (const packet of encrypted.packets) {
    const ciphertext = (packet as { encrypted?: unknown }).encrypted;
    if (!(ciphertext instanceof Uint8Array) || ciphertext.buffer === written.buffer) continue;
    if (ciphertext.byteOffset !== 0 || ciphertext.buffer.byteLength - ciphertext.byteLength > 32) continue;
    release(ciphertext, { wholeBuffer: true });
  }
  return written;
}

/**
 * A young-generation nudge: `count` arrays of 16 000 elements (64 KiB each),
 * each kept until the next one replaces it, so no compiler drops the allocation.
 */
let last: unknown[] = [];
export function nudge(count: number): number {
  for (let i = 0; i < count; i++) last = new Array<unknown>(16_000).fill(i);
  return last.length;
}

/** An OpenPGP packet header, new format, as OpenPGP.js writes it (RFC 9580 §4.2.1). */
function header(tag: number, length: number): Uint8Array {
  if (length < 192) return new Uint8Array([0xc0 | tag, length]);
  if (length < 8384) return new Uint8Array([0xc0 | tag, ((length - 192) >> 8) + 192, (length - 192) & 0xff]);
  return new Uint8Array([
    0xc0 | tag,
    0xff,
    length >>> 24,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  ]);
}

/**
 * BENCH-ONLY PROTOTYPE, not product code: the same message (PKESK from
 * OpenPGP.js's encryptSessionKey, then a SEIPDv1 packet holding the literal
 * packet and the MDC) written with one plaintext-sized buffer for the
 * cleartext and WebCrypto's one for the cipher, both freed at once; AES-CFB
 * as OpenPGP.js does it in a browser (AES-CBC over a zero block and the
 * data, XORed with the data). Measures what writing SEIPDv1 ourselves would
 * give; the probe decrypts its first segment with OpenPGP.js to check it.
 */
export async function encryptOneBuffer(plaintext: Uint8Array, keys: PublicKey[]): Promise<Uint8Array> {
  const sessionKey = crypto.getRandomValues(new Uint8Array(32));
  const pkesk = await encryptSessionKey({
    data: sessionKey,
    algorithm: 'aes256',
    encryptionKeys: keys,
    format: 'binary',
    config: GPG_COMPATIBLE,
  });
  const literalBody = 6 + plaintext.length; // 'b', empty name, date 0, data
  const literalHeader = header(11, literalBody);
  const inner = 18 + literalHeader.length + literalBody + 22; // prefix, literal packet, MDC packet
  // A zero block, then the cleartext: CBC over it with a zero IV gives CFB's keystream blocks.
  const clear = new Uint8Array(16 + inner);
  crypto.getRandomValues(clear.subarray(16, 32));
  clear[32] = clear[30]!;
  clear[33] = clear[31]!;
  let at = 34;
  clear.set(literalHeader, at);
  at += literalHeader.length;
  clear[at] = 0x62; // 'b'
  at += 6; // name length 0, date 0
  clear.set(plaintext, at);
  at += plaintext.length;
  clear[at++] = 0xd3;
  clear[at++] = 0x14;
  clear.set(new Uint8Array(await crypto.subtle.digest('SHA-1', clear.subarray(16, at))), at);
  const key = await crypto.subtle.importKey('raw', sessionKey, 'AES-CBC', false, ['encrypt']);
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, key, clear));
  // XOR four bytes at a time (both at offsets divisible by 4), then the tail.
  const words = inner >>> 2;
  const c32 = new Uint32Array(cipher.buffer, 0, words);
  const p32 = new Uint32Array(clear.buffer, 16, words);
  for (let i = 0; i < words; i++) c32[i] = c32[i]! ^ p32[i]!;
  for (let i = words * 4; i < inner; i++) cipher[i] = cipher[i]! ^ clear[16 + i]!;
  const seipdHeader = header(18, 1 + inner);
  const out = new Uint8Array(pkesk.length + seipdHeader.length + 1 + inner);
  out.set(pkesk, 0);
  out.set(seipdHeader, pkesk.length);
  out[pkesk.length + seipdHeader.length] = 1;
  out.set(cipher.subarray(0, inner), pkesk.length + seipdHeader.length + 1);
  release(clear);
  release(cipher);
  return out;
}
