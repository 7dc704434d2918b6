import { CryptoError } from './errors';
import {
  createMetadataFilter,
  MalformedImageError,
  sniffPhotoFormat,
  SNIFF_BYTES,
  type ByteFilter,
  type PhotoFormat,
} from './metadata';
import { MAX_FILE_BYTES, segmentCount, segmentRange } from './segment-layout';

/** What the crypto layer needs of a browser File or Blob (Node's Blob has the same shape). */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * What happened to the file's metadata, as the console will show it:
 * removed from a photo, kept because the reporter chose the original, or
 * not a photo format this layer cleans (it may still carry metadata).
 */
export type MetadataOutcome = 'removed' | 'original' | 'not_a_photo';

/**
 * A cleaned photo is read in 1 MiB pieces (the filter holds about one piece
 * at a time), and so is a file being hashed: a piece is freed as soon as it
 * is hashed (release.ts), so a hash that lags behind the upload holds one.
 */
const READ_BYTES = 1024 * 1024;

const read = async (file: BlobLike, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await file.slice(start, end).arrayBuffer());

/** Streams the filter's output from the start of the file; kept between calls so segments read in order cost one pass. */
class CleanedStream {
  readonly pending: Uint8Array[] = [];
  /** Output offset of pending[0]. */
  position = 0;
  #input = 0;
  #ended = false;
  readonly #filter: ByteFilter;

  constructor(
    private readonly file: BlobLike,
    format: PhotoFormat,
    outputSize?: number,
  ) {
    this.#filter = createMetadataFilter(format, outputSize);
  }

  /** Feeds the filter one more piece; false when the input is used up. */
  async more(): Promise<boolean> {
    if (this.#ended) return false;
    try {
      if (this.#input < this.file.size) {
        const end = Math.min(this.file.size, this.#input + READ_BYTES);
        this.pending.push(...this.#filter.push(await read(this.file, this.#input, end)));
        this.#input = end;
      } else {
        this.pending.push(...this.#filter.end());
        this.#ended = true;
      }
    } catch (error) {
      if (error instanceof MalformedImageError) {
        throw new CryptoError('unreadable_photo', `This photo could not be cleaned: ${error.message}`);
      }
      throw error;
    }
    return true;
  }
}

/**
 * The plaintext of an evidence file, segment by segment: the file's bytes,
 * or, for a photo whose metadata is removed, the filter's output. Reading is
 * sequential and bounded: one segment plus one read piece in memory.
 */
export class PlaintextSource {
  #stream: CleanedStream | null = null;

  private constructor(
    private readonly file: BlobLike,
    readonly size: number,
    readonly photoFormat: PhotoFormat | null,
    readonly metadata: MetadataOutcome,
  ) {}

  get segments(): number {
    return segmentCount(this.size);
  }

  /**
   * Opens a file. A photo (JPEG, PNG, WebP, by its first bytes) is cleaned
   * unless `removeMetadata` is false; cleaning runs the filter over the whole
   * file once here to learn the cleaned size (and to refuse a broken photo
   * before anything is uploaded).
   */
  static async open(file: BlobLike, { removeMetadata }: { removeMetadata: boolean }): Promise<PlaintextSource> {
    if (file.size > MAX_FILE_BYTES) {
      throw new CryptoError('file_too_large', `A file may be at most ${MAX_FILE_BYTES} bytes.`);
    }
    const photoFormat = sniffPhotoFormat(await read(file, 0, SNIFF_BYTES));
    if (!photoFormat) return new PlaintextSource(file, file.size, null, 'not_a_photo');
    if (!removeMetadata) return new PlaintextSource(file, file.size, photoFormat, 'original');
    const counting = new CleanedStream(file, photoFormat);
    let size = 0;
    while (await counting.more()) {
      for (const part of counting.pending.splice(0)) size += part.length;
    }
    return new PlaintextSource(file, size, photoFormat, 'removed');
  }

  /** The plaintext of segment `index` (0-based), in a buffer of its own. */
  async segment(index: number): Promise<Uint8Array<ArrayBuffer>> {
    const { start, end } = this.#range(index);
    if (this.metadata !== 'removed') return read(this.file, start, end);
    return this.#cleaned(start, end);
  }

  /**
   * The plaintext of segment `index` in pieces of at most 1 MiB, each in a
   * buffer of its own that the caller may free once used (a cleaned photo,
   * small, comes as one piece).
   */
  async *pieces(index: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
    const { start, end } = this.#range(index);
    if (this.metadata === 'removed') {
      yield await this.#cleaned(start, end);
      return;
    }
    for (let at = start; at < end; at += READ_BYTES) yield await read(this.file, at, Math.min(end, at + READ_BYTES));
  }

  #range(index: number): { start: number; end: number } {
    if (!Number.isInteger(index) || index < 0 || index >= this.segments) {
      throw new RangeError(`segment ${index} of ${this.segments}`);
    }
    return segmentRange(index, this.size);
  }

  async #cleaned(start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
    // Going back (a resumed upload) starts the filter again from the top.
    if (!this.#stream || this.#stream.position > start) {
      this.#stream = new CleanedStream(this.file, this.photoFormat!, this.size);
    }
    const stream = this.#stream;
    const out = new Uint8Array(end - start);
    let filled = 0;
    while (filled < out.length) {
      const part = stream.pending[0];
      if (!part) {
        if (!(await stream.more())) {
          throw new CryptoError('unreadable_photo', 'The photo changed while it was being read.');
        }
        continue;
      }
      const want = start + filled;
      if (stream.position + part.length <= want) {
        stream.pending.shift();
        stream.position += part.length;
        continue;
      }
      const offset = want - stream.position;
      const n = Math.min(part.length - offset, out.length - filled);
      out.set(part.subarray(offset, offset + n), filled);
      filled += n;
      if (offset + n === part.length) {
        stream.pending.shift();
        stream.position += part.length;
      }
    }
    return out;
  }
}
