/**
 * Frees an array's bytes now instead of at the next garbage collection.
 *
 * Why: a JavaScript heap frees an ArrayBuffer only when it collects, and V8
 * collects a heap whose only growth is ArrayBuffers after about 64 MiB of
 * them (measured in Chromium: a worker that read a file in 4 MiB pieces held
 * 64–80 MiB of read buffers, the page 56–96 MiB of segments; see
 * docs/benchmarks.md, "files"). Transferring the buffer to length 0 (ES2024
 * `ArrayBuffer.prototype.transfer`) detaches it and drops its bytes at once.
 *
 * Only for bytes that nothing reads again: by default an array that owns its
 * whole buffer; with `wholeBuffer`, the whole buffer under a view, when the
 * caller knows nothing else uses it (bytes moved here from another thread).
 * Where the engine has no `transfer` (Node 20) it does nothing, and the
 * collector frees the bytes as before.
 */
export function release(bytes: Uint8Array, { wholeBuffer = false }: { wholeBuffer?: boolean } = {}): void {
  const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
  if (typeof buffer.transfer !== 'function' || buffer.detached) return;
  if (!wholeBuffer && (bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength)) return;
  buffer.transfer(0);
}
