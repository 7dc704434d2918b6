/**
 * Frees an array's bytes now instead of at the next garbage collection.
 *
 * Why: a JavaScript heap frees an ArrayBuffer only when it collects, and V8
 * collects a heap whose only growth is ArrayBuffers after about 64 MiB of
 * them (measured in Chromium: a worker that read a file in 4 MiB pieces held
 * 64–80 MiB of read buffers, the page 56–96 MiB of segments; see
 * docs/benchmarks.md, "files").
 *
 * How: the buffer is moved (transferred) into a message on a channel whose
 * two ends are already closed, so the message, and the bytes with it, are
 * dropped at once. Detaching the buffer in place (ES2024
 * `ArrayBuffer.prototype.transfer(0)`) frees only buffers that JavaScript
 * made: a buffer the browser made (`Blob.arrayBuffer()`, a message's
 * transferred buffer) stays held by the browser's own wrapper object until
 * the collector runs, so a worker reading a 1 GiB file slice by slice kept
 * the whole gigabyte (measured in Chromium 156: 64 slices of 4 MiB read and
 * detached left +322 MiB in the renderer, moved through a closed channel
 * +42 MiB). Where neither exists it does nothing, and the collector frees
 * the bytes as before.
 *
 * Only for bytes that nothing reads again: by default an array that owns its
 * whole buffer; with `wholeBuffer`, the whole buffer under a view, when the
 * caller knows nothing else uses it (bytes moved here from another thread).
 */
export function release(bytes: Uint8Array, { wholeBuffer = false }: { wholeBuffer?: boolean } = {}): void {
  const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
  if (buffer.detached || buffer.byteLength === 0) return;
  if (!wholeBuffer && (bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength)) return;
  if (dropThroughClosedChannel(buffer)) return;
  if (typeof buffer.transfer === 'function') buffer.transfer(0);
}

/** Moves `buffer` into a message that is never delivered; false where that is not possible here. */
function dropThroughClosedChannel(buffer: ArrayBuffer): boolean {
  // Only where the platform is a browser's (Node keeps its own pooled buffers untransferable, and its
  // ports would need closing on the event loop): a worker or a page has `postMessage` on its global.
  const scope = globalThis as { MessageChannel?: typeof MessageChannel; document?: unknown; importScripts?: unknown };
  if (typeof scope.MessageChannel !== 'function' || (scope.document === undefined && scope.importScripts === undefined))
    return false;
  try {
    const { port1, port2 } = new scope.MessageChannel();
    port1.postMessage(null, [buffer]);
    port1.close();
    port2.close();
    return true;
  } catch {
    return false;
  }
}
