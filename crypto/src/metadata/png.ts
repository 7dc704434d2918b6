import { MalformedImageError, SegmentedFilter } from './byte-queue';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Ancillary chunks that only say how to render the pixels: kept. Every other
 * ancillary chunk is dropped: tEXt, zTXt and iTXt (text: author, software,
 * comments, XMP), eXIf (Exif, GPS included), tIME (when it was last
 * changed), and any private chunk, which could hold anything.
 */
const RENDERING_CHUNKS = new Set([
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'hIST',
  'tRNS',
  'pHYs',
  'sPLT',
  'cICP',
  'mDCv',
  'cLLi',
  // Animated PNG frames.
  'acTL',
  'fcTL',
  'fdAT',
]);

/** Largest chunk length PNG allows (2^31 - 1). */
const MAX_CHUNK = 0x7fffffff;

type State = 'signature' | 'chunk' | 'done';

/**
 * Removes metadata from a PNG: critical chunks (IHDR, PLTE, IDAT, IEND and
 * any other whose type starts with a capital) and rendering chunks are copied
 * byte for byte, CRCs included; other ancillary chunks and anything after
 * IEND are dropped.
 */
export class PngMetadataFilter extends SegmentedFilter {
  #state: State = 'signature';

  protected need(): number {
    if (this.#state === 'done') return this.queue.length > 0 ? 1 : 0;
    return 8;
  }

  protected step(): void {
    if (this.#state === 'done') {
      this.skip(this.queue.length);
      return;
    }
    const header = this.queue.peek(8);
    if (this.#state === 'signature') {
      if (!SIGNATURE.every((b, i) => header[i] === b)) throw new MalformedImageError('Not a PNG file.');
      this.copy(8);
      this.#state = 'chunk';
      return;
    }
    const length = ((header[0]! << 24) | (header[1]! << 16) | (header[2]! << 8) | header[3]!) >>> 0;
    if (length > MAX_CHUNK) throw new MalformedImageError('A PNG chunk has an impossible length.');
    const type = String.fromCharCode(header[4]!, header[5]!, header[6]!, header[7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new MalformedImageError('A PNG chunk has an invalid type.');
    const critical = (header[4]! & 0x20) === 0;
    const total = 8 + length + 4;
    if (critical || RENDERING_CHUNKS.has(type)) this.copy(total);
    else this.skip(total);
    if (type === 'IEND') this.#state = 'done';
  }

  protected finish(): void {
    if (this.#state !== 'done') throw new MalformedImageError('The PNG file ends before its IEND chunk.');
  }
}
