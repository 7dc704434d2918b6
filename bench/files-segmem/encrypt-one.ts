/** Bench only: the ways of encrypting one 4 MiB segment that the probe compares. */
import { createMessage, encrypt, type PublicKey } from 'openpgp';

import { GPG_COMPATIBLE } from '../../crypto/src/profile';
import { encryptSegment } from '../../crypto/src/segments';

const DATE = new Date(0);

/** As crypto/src/segments.ts did before (main): format 'binary'. */
export async function encryptBinary(plaintext: Uint8Array, keys: PublicKey[]): Promise<Uint8Array> {
  const message = await createMessage({ binary: plaintext, format: 'binary', date: DATE });
  return encrypt({ message, encryptionKeys: keys, format: 'binary', config: GPG_COMPATIBLE });
}

/** As crypto/src/segments.ts now: format 'object', written, then the cipher's output buffer freed. */
export const encryptObject = (plaintext: Uint8Array, recipientKeys: PublicKey[]): Promise<Uint8Array> =>
  encryptSegment({ plaintext, recipientKeys });

/**
 * A young-generation nudge: `count` arrays of 16 000 elements (64 KiB each),
 * each kept until the next one replaces it, so no compiler drops the allocation.
 */
let last: unknown[] = [];
export function nudge(count: number): number {
  for (let i = 0; i < count; i++) last = new Array<unknown>(16_000).fill(i);
  return last.length;
}
