/** Where decrypted bytes go: a file on disk (File System Access) or a streamed download. */
export interface FileSink {
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export interface SaveDeps {
  getSegment(id: string, index: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
  /** May take `encryptedSegment`'s buffer (moved to the crypto worker): the caller does not use it again. */
  decryptFileSegment(options: {
    encryptedSegment: Uint8Array<ArrayBuffer>;
    keyRef: string;
  }): Promise<{ plaintext: Uint8Array<ArrayBuffer> }>;
  startHash(): Promise<{ hashRef: string }>;
  /** Hashes a copy of `bytes`, taken before this returns. */
  updateHash(options: { hashRef: string; bytes: Uint8Array }): Promise<unknown>;
  /** Frees bytes nothing reads again now, not at the next garbage collection (release.ts). */
  release?(bytes: Uint8Array): void;
  finishHash(options: { hashRef: string }): Promise<{ sha256: string }>;
}

export interface SaveResult {
  sha256: string;
  /** The decrypted file's SHA-256 is the one the report gave; a mismatch is shown, never hidden. */
  matches: boolean;
  bytes: number;
}

/**
 * Decrypts a file segment by segment into `sink`, with bounded memory: the
 * next segment is fetched while this one is decrypted (in the crypto worker)
 * and then hashed (in the hash worker) and written, so at most three segments
 * are held at once. The whole file's SHA-256 is compared with the report's.
 */
export async function saveAttachment({
  id,
  segments,
  expectedSha256,
  keyRef,
  sink,
  deps,
  onProgress,
  signal,
}: {
  id: string;
  segments: number;
  expectedSha256: string;
  keyRef: string;
  sink: FileSink;
  deps: SaveDeps;
  onProgress(done: number, total: number): void;
  signal: AbortSignal;
}): Promise<SaveResult> {
  const { hashRef } = await deps.startHash();
  let bytes = 0;
  try {
    let fetching = deps.getSegment(id, 0, signal);
    for (let index = 0; index < segments; index++) {
      const encryptedSegment = await fetching;
      if (index + 1 < segments) {
        fetching = deps.getSegment(id, index + 1, signal);
        fetching.catch(() => {}); // awaited on the next round
      }
      const { plaintext } = await deps.decryptFileSegment({ encryptedSegment, keyRef });
      bytes += plaintext.length;
      // The hash worker gets a copy; the sink writes the original, which is then freed (a streamed download
      // has moved it already).
      await Promise.all([deps.updateHash({ hashRef, bytes: plaintext }), sink.write(plaintext)]);
      deps.release?.(plaintext);
      onProgress(index + 1, segments);
      if (signal.aborted) throw signal.reason;
    }
    await sink.close();
  } catch (error) {
    await sink.abort().catch(() => {});
    await deps.finishHash({ hashRef }).catch(() => {});
    throw error;
  }
  const { sha256 } = await deps.finishHash({ hashRef });
  return { sha256, matches: sha256 === expectedSha256.toLowerCase(), bytes };
}

/** Decrypts a small file whole, for a preview (the caller checks its size first). */
export async function decryptWhole({
  id,
  segments,
  keyRef,
  deps,
  signal,
}: {
  id: string;
  segments: number;
  keyRef: string;
  deps: Pick<SaveDeps, 'getSegment' | 'decryptFileSegment'>;
  signal: AbortSignal;
}): Promise<Uint8Array<ArrayBuffer>[]> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let index = 0; index < segments; index++) {
    const encryptedSegment = await deps.getSegment(id, index, signal);
    parts.push((await deps.decryptFileSegment({ encryptedSegment, keyRef })).plaintext);
  }
  return parts;
}

const ascii = (head: Uint8Array, from: number, n: number) => String.fromCharCode(...head.subarray(from, from + n));

/**
 * The image type to preview as, from the decrypted bytes themselves (never the
 * name or declared type), or null. Not PDFs: the preview frame is sandboxed
 * (no scripts, no plugins), and Chromium's PDF viewer, a plugin, shows only
 * its blocked page there.
 */
export function previewType(head: Uint8Array): string | null {
  const b = (i: number) => head[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'image/gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/** A PDF by its bytes: the console says to save it and open it in a PDF reader. */
export const isPdf = (head: Uint8Array) => ascii(head, 0, 5) === '%PDF-';
