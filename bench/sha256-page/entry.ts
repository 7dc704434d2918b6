/**
 * Run in the page by `npm run bench -- sha256`: hashes `mib` MiB of
 * pseudo-random bytes in 1 MiB pieces (as the hash worker gets them from a
 * file) with the product's SHA-256 or @noble/hashes'; returns the time and
 * the digest, so both are seen to agree.
 */
import { sha256 } from '@noble/hashes/sha2';

import { toHex } from '../../crypto/src/encoding';
import { createSha256 } from '../../crypto/src/sha256';

const PIECE = 1024 * 1024;

(globalThis as unknown as { sha256Bench: unknown }).sha256Bench = (which: 'product' | 'noble', mib: number) => {
  const bytes = new Uint8Array(mib * PIECE);
  for (let i = 0, x = 41208; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const hash = which === 'product' ? createSha256() : sha256.create();
  const start = performance.now();
  for (let at = 0; at < bytes.length; at += PIECE) hash.update(bytes.subarray(at, at + PIECE));
  const digest = toHex(hash.digest());
  return { ms: performance.now() - start, digest };
};
