import { MalformedImageError, SegmentedFilter } from './byte-queue';

/** Chunks that make up the picture (RIFF WebP container): kept; EXIF, XMP and unknown chunks are dropped. */
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
/** VP8X flags (the first payload byte) that announce EXIF and XMP chunks; cleared as those go. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;
const VP8X_PAYLOAD = 10;

type State = 'header' | 'chunk' | 'done';

const u32le = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/**
 * Removes metadata from a WebP file: the EXIF and XMP chunks (and any chunk
 * the format does not define) are dropped, the VP8X header's flags for them
 * cleared, and the RIFF size rewritten; image chunks are copied byte for byte.
 *
 * The RIFF size comes first in the file but depends on what is dropped later,
 * so the filter needs the output size in advance: run it once without
 * (`outputSize` unknown: the old size is written) to count the output, then
 * again with the count. PlaintextSource does exactly that.
 */
export class WebpMetadataFilter extends SegmentedFilter {
  #state: State = 'header';
  /** Where the RIFF data ends in the input; anything after it is dropped. */
  #riffEnd = 0;

  constructor(private readonly outputSize?: number) {
    super();
  }

  protected need(): number {
    if (this.#state === 'done') return this.queue.length > 0 ? 1 : 0;
    if (this.#state === 'header') return 12;
    if (this.queue.consumed >= this.#riffEnd) return this.queue.length > 0 ? 1 : 0;
    if (this.queue.length < 8) return 8;
    const fourcc = this.#fourcc();
    return fourcc === 'VP8X' ? 8 + VP8X_PAYLOAD : 8;
  }

  #fourcc(): string {
    const h = this.queue.peek(4);
    return String.fromCharCode(h[0]!, h[1]!, h[2]!, h[3]!);
  }

  protected step(): void {
    const q = this.queue;
    if (this.#state === 'done') {
      this.skip(q.length);
      return;
    }
    if (this.#state === 'header') {
      const header = q.peek(12);
      const riff = String.fromCharCode(header[0]!, header[1]!, header[2]!, header[3]!);
      const webp = String.fromCharCode(header[8]!, header[9]!, header[10]!, header[11]!);
      if (riff !== 'RIFF' || webp !== 'WEBP') throw new MalformedImageError('Not a WebP file.');
      this.#riffEnd = 8 + u32le(header, 4);
      if (this.outputSize !== undefined) new DataView(header.buffer).setUint32(4, this.outputSize - 8, true);
      this.emit(header);
      q.drop(12);
      this.#state = 'chunk';
      return;
    }
    if (q.consumed >= this.#riffEnd) {
      this.#state = 'done';
      return;
    }
    const header = q.peek(8);
    const fourcc = String.fromCharCode(header[0]!, header[1]!, header[2]!, header[3]!);
    const size = u32le(header, 4);
    const padded = size + (size & 1);
    if (q.consumed + 8 + padded > this.#riffEnd) throw new MalformedImageError('A WebP chunk runs past the file.');
    if (fourcc === 'VP8X') {
      if (size !== VP8X_PAYLOAD) throw new MalformedImageError('A WebP VP8X chunk has the wrong size.');
      const chunk = q.peek(8 + VP8X_PAYLOAD);
      chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      this.emit(chunk);
      q.drop(8 + VP8X_PAYLOAD);
      return;
    }
    if (IMAGE_CHUNKS.has(fourcc)) this.copy(8 + padded);
    else this.skip(8 + padded);
  }

  protected finish(): void {
    if (this.#state === 'header' || (this.#state === 'chunk' && this.queue.consumed < this.#riffEnd)) {
      throw new MalformedImageError('The WebP file ends before its RIFF size says.');
    }
  }
}
