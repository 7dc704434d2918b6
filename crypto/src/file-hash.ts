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
 * a worker of its own, and nothing waits for it but the sending of the
 * report: the reporter's hash reads the file itself, a 1 MiB piece per call
 * (freed as soon as it is hashed), so the page decides between pieces
 * whether the encryption needs the CPU more, and a hash that lags behind
 * the upload holds nothing.
 */
export function createHashApi() {
  const hashes = new RefMap<{
    hash: IncrementalSha256;
    pieces: AsyncGenerator<Uint8Array> | null;
    size: number;
    hashed: number;
  }>('hash');
  return {
    /** Starts hashing bytes the caller will pass in (the console, after decrypting each segment). */
    async startHash(_options: Record<string, never> = {}) {
      return { hashRef: hashes.add({ hash: createSha256(), pieces: null, size: 0, hashed: 0 }) };
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
      const hashRef = hashes.add({ hash: createSha256(), pieces: piecesOf(source), size: source.size, hashed: 0 });
      return { hashRef, size: source.size };
    },

    /**
     * Hashes the file's next piece (at most 1 MiB: file-source.ts), in order.
     * One piece per call, so that the caller can give the CPU to the
     * encryption between pieces (frontend/src/files/hash-schedule.ts);
     * `hashedBytes` counts the whole file's so far.
     */
    async hashFilePiece({ hashRef }: { hashRef: string }) {
      const state = hashes.get(hashRef);
      if (!state.pieces) throw new RangeError('not a file hash');
      const next = await state.pieces.next();
      if (!next.done) {
        state.hash.update(next.value);
        state.hashed += next.value.length;
        release(next.value);
      }
      // Done with the last byte (no extra call), or when the file ended short (it changed while read).
      return { hashedBytes: state.hashed, done: next.done === true || state.hashed >= state.size };
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

/** Every piece of the file's plaintext, segment after segment; done after the last. */
async function* piecesOf(source: PlaintextSource): AsyncGenerator<Uint8Array> {
  for (let index = 0; index < source.segments; index++) yield* source.pieces(index);
}
