/**
 * Evidence files travel as segments: the file's plaintext is cut into
 * SEGMENT_BYTES pieces and each piece is one complete OpenPGP message
 * (PKESK packets + one SEIPDv1 packet), so `gpg --decrypt` opens any segment
 * and the plaintexts of segments 0, 1, 2… concatenated are the file.
 *
 * Why 4 MiB:
 * - memory: OpenPGP.js encrypts and, for SEIPDv1, decrypts a message whole
 *   (buffer mode; its stream mode runs at 1.4 MB/s without a JIT), holding a
 *   few copies of it; 4 MiB keeps the uploader's bounded pipeline (at most
 *   MAX_SEGMENTS_IN_FLIGHT of them, see the frontend) within a few tens of MiB,
 *   on a phone too;
 * - speed: at 15–28 MB/s (OpenPGP.js buffer mode in Chromium, DESIGN.md) one
 *   segment takes 150–300 ms, long enough that per-message costs (the
 *   session-key encryption, a worker round trip, an HTTP request and one
 *   database insert) stay a few per cent;
 * - resuming: a dropped connection costs at most one segment's upload again
 *   (about 20 s over a slow Tor circuit at 200 KB/s);
 * - storage: one segment is one document read by `_id`; 4 MiB (5.6 MB as
 *   FerretDB's base64 JSON) stays far below the 16 MiB document limit;
 * - Proton Drive uploads 4 MiB blocks for the same reasons.
 */
export const SEGMENT_BYTES = 4 * 1024 * 1024;

/** The largest evidence file: 2 GiB of plaintext, so at most 512 segments. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_SEGMENTS = MAX_FILE_BYTES / SEGMENT_BYTES;

/** How many segments a plaintext of `size` bytes has; an empty file is one empty segment. */
export function segmentCount(size: number): number {
  return Math.max(1, Math.ceil(size / SEGMENT_BYTES));
}

/** The plaintext byte range [start, end) of segment `index`. */
export function segmentRange(index: number, size: number): { start: number; end: number } {
  const start = index * SEGMENT_BYTES;
  return { start, end: Math.min(size, start + SEGMENT_BYTES) };
}
