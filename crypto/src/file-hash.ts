import { toHex } from './encoding';
import { PlaintextSource, type BlobLike } from './file-source';
import { RefMap } from './refs';
import { release } from './release';
import { createSha256, type IncrementalSha256 } from './sha256';

/**
 * The whole file's plaintext SHA-256, computed piece by piece. WebCrypto
 * only hashes a whole buffer, so the incremental SHA-256 is plain JavaScript
 * (./sha256.ts, generated rounds shaped for engines without a JIT, as in Tor
 * Browser's "Safer" level: about twice @noble/hashes' speed there, and as
 * fast with the JIT; docs/benchmarks.md, "files", fourth run). It runs in
 * a worker of its own, on the other core, and nothing waits for it but the
 * sending of the report: the reporter's hash reads the file itself, in 1 MiB
 * pieces freed as soon as they are hashed, so when it lags behind the upload
 * nothing piles up.
 */
export function createHashApi() {
  const hashes = new RefMap<{ hash: IncrementalSha256; source: PlaintextSource | null; next: number }>('hash');
  return {
    /** Starts hashing bytes the caller will pass in (the console, after decrypting each segment). */
    async startHash(_options: Record<string, never> = {}) {
      return { hashRef: hashes.add({ hash: createSha256(), source: null, next: 0 }) };
    },

    /**
     * Hashes bytes the caller passes in. With `moved`, the caller moved their
     * buffer here (withTransfer) and nothing else holds it: it is freed at once.
     */
    async updateHash({ hashRef, bytes, moved = false }: { hashRef: string; bytes: Uint8Array; moved?: boolean }) {
      hashes.get(hashRef).hash.update(bytes);
      if (moved) release(bytes, { wholeBuffer: true });
      return { hashedBytes: bytes.length };
    },

    /**
     * Starts hashing a file's plaintext as it will be uploaded (a photo cleaned
     * or not, exactly as the crypto worker encrypts it: the metadata filter
     * runs here a second time, and gives the same bytes), read here.
     */
    async startFileHash({ file, removeMetadata }: { file: BlobLike; removeMetadata: boolean }) {
      const source = await PlaintextSource.open(file, { removeMetadata });
      const hashRef = hashes.add({ hash: createSha256(), source, next: 0 });
      return { hashRef, size: source.size, segments: source.segments };
    },

    /** Hashes the next segment of the file; segments go strictly in order. */
    async hashFileSegment({ hashRef }: { hashRef: string }) {
      const state = hashes.get(hashRef);
      if (!state.source) throw new RangeError('not a file hash');
      for await (const piece of state.source.pieces(state.next)) {
        state.hash.update(piece);
        release(piece);
      }
      state.next += 1;
      return { hashedSegments: state.next, done: state.next === state.source.segments };
    },

    /** The digest, lowercase hex; the hash is forgotten. */
    async finishHash({ hashRef }: { hashRef: string }) {
      const sha = toHex(hashes.get(hashRef).hash.digest());
      hashes.delete(hashRef);
      return { sha256: sha };
    },

    async dropHash({ hashRef }: { hashRef: string }) {
      hashes.delete(hashRef);
    },
  };
}

export type HashApi = ReturnType<typeof createHashApi>;
