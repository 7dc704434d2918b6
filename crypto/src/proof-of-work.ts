import { CryptoError } from './errors';
import { utf8 } from './encoding';

/**
 * Hashcash over a server-issued challenge: find a nonce such that
 * SHA-256(challenge ":" nonce) starts with `bits` zero bits. The server checks
 * a proof with one hash; finding one takes 2^bits hashes on average.
 *
 * WebCrypto does the hashing, so the speed does not depend on the JavaScript
 * JIT (Tor Browser's "Safer" level turns it off). Hashes are asked for in
 * batches because each call's fixed cost, not SHA-256 itself, dominates.
 */
const BATCH = 256;
/** Nonces are decimal strings; 16 digits are far more than any difficulty needs. */
export const MAX_NONCE_LENGTH = 16;
/** Above this a proof would take minutes in a browser: a challenge asking for more is refused, not attempted. */
export const MAX_PROOF_OF_WORK_BITS = 28;

export interface ProofOfWork {
  challenge: string;
  nonce: string;
}

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export const proofInput = (challenge: string, nonce: string) => utf8(`${challenge}:${nonce}`);

async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

/** True when the nonce solves the challenge at `bits`. */
export async function meetsDifficulty({ challenge, nonce }: ProofOfWork, bits: number): Promise<boolean> {
  return leadingZeroBits(await digest(proofInput(challenge, nonce))) >= bits;
}

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > MAX_PROOF_OF_WORK_BITS) {
    throw new CryptoError('invalid_challenge', `The server asked for an impossible proof of work (${bits} bits).`);
  }
}

/**
 * Tries `hashes` nonces from `fromNonce` on (rounded up to whole batches).
 * A page calls this slice by slice through the worker, so it can show how
 * far the search has come and stop it, which one long call could not.
 */
export async function searchProofOfWork({
  challenge,
  bits,
  fromNonce,
  hashes,
}: {
  challenge: string;
  bits: number;
  fromNonce: number;
  hashes: number;
}): Promise<{ proof: ProofOfWork | null; nextNonce: number }> {
  checkBits(bits);
  const end = fromNonce + hashes;
  for (let start = fromNonce; start < end; start += BATCH) {
    const nonces = Array.from({ length: BATCH }, (_, i) => String(start + i));
    const digests = await Promise.all(nonces.map((nonce) => digest(proofInput(challenge, nonce))));
    const found = digests.findIndex((d) => leadingZeroBits(d) >= bits);
    if (found >= 0) return { proof: { challenge, nonce: nonces[found]! }, nextNonce: start + found + 1 };
  }
  return { proof: null, nextNonce: fromNonce + Math.ceil(hashes / BATCH) * BATCH };
}

/**
 * Finds a nonce for the challenge. `onProgress` hears how many hashes were
 * tried; `signal` stops the search.
 */
export async function solveProofOfWork({
  challenge,
  bits,
  onProgress,
  signal,
}: {
  challenge: string;
  bits: number;
  onProgress?: (hashes: number) => void;
  signal?: { aborted: boolean };
}): Promise<ProofOfWork> {
  checkBits(bits);
  for (let fromNonce = 0; ;) {
    if (signal?.aborted) throw new CryptoError('aborted', 'The proof of work was stopped.');
    const { proof, nextNonce } = await searchProofOfWork({ challenge, bits, fromNonce, hashes: BATCH });
    if (proof) return proof;
    fromNonce = nextNonce;
    onProgress?.(nextNonce);
  }
}
