/**
 * Input bytes waiting to be parsed, kept as the chunks they arrived in so
 * that large spans (a PNG's image data, a JPEG's scan) pass through as views
 * without being copied or gathered.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  #length = 0;
  /** Bytes consumed so far (taken or dropped), from the start of the input. */
  consumed = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The byte at `offset` from the front; the caller checks `length` first. */
  at(offset: number): number {
    let rest = offset + this.#head;
    for (const chunk of this.#chunks) {
      if (rest < chunk.length) return chunk[rest]!;
      rest -= chunk.length;
    }
    throw new RangeError('ByteQueue.at past the end');
  }

  /** A copy of the first `n` bytes, without consuming them (headers are small). */
  peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let start = this.#head;
    for (const chunk of this.#chunks) {
      if (filled === n) break;
      const part = chunk.subarray(start, start + (n - filled));
      out.set(part, filled);
      filled += part.length;
      start = 0;
    }
    if (filled < n) throw new RangeError('ByteQueue.peek past the end');
    return out;
  }

  /** Offset of the first `byte`, or -1; native indexOf per chunk. */
  indexOf(byte: number): number {
    let base = 0;
    let start = this.#head;
    for (const chunk of this.#chunks) {
      const found = chunk.indexOf(byte, start);
      if (found >= 0) return base + found - start;
      base += chunk.length - start;
      start = 0;
    }
    return -1;
  }

  /** Removes the first `n` bytes and returns them as views into the input chunks. */
  take(n: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let left = n;
    while (left > 0) {
      const chunk = this.#chunks[0];
      if (!chunk) throw new RangeError('ByteQueue.take past the end');
      const part = chunk.subarray(this.#head, this.#head + left);
      out.push(part);
      left -= part.length;
      this.#head += part.length;
      if (this.#head === chunk.length) {
        this.#chunks.shift();
        this.#head = 0;
      }
    }
    this.#length -= n;
    this.consumed += n;
    return out;
  }

  drop(n: number): void {
    this.take(n);
  }
}

/** Why a photo could not be cleaned: the caller offers to send it as it is, or not at all. */
export class MalformedImageError extends Error {
  override readonly name = 'MalformedImageError';
}

/**
 * A streaming, byte-level filter: bytes in, the same bytes minus what it
 * removes out. It never decodes or re-encodes image data.
 */
export interface ByteFilter {
  /** Feeds the next input bytes; returns the output that is ready (possibly none). */
  push(chunk: Uint8Array): Uint8Array[];
  /** The input has ended: returns what remains, or throws MalformedImageError for a truncated or broken file. */
  end(): Uint8Array[];
}

/**
 * The common driver: a filter states how many bytes it needs to decide its
 * next step (`need`), then `step` looks at them and copies, drops or rewrites.
 * Long spans are passed on with `copy(n)` / `skip(n)` as they arrive.
 */
export abstract class SegmentedFilter implements ByteFilter {
  protected readonly queue = new ByteQueue();
  #out: Uint8Array[] = [];
  #pending: { copy: boolean; left: number } | null = null;
  #ended = false;

  /** Bytes needed at the front of the queue before `step` can run; 0 means "nothing more to do" (done). */
  protected abstract need(): number;
  /** Decides on the bytes at the front: calls emit/copy/skip, and changes state. */
  protected abstract step(): void;
  /** Called at the end of input when the filter is mid-structure; may throw. */
  protected abstract finish(): void;

  protected emit(bytes: Uint8Array): void {
    if (bytes.length > 0) this.#out.push(bytes);
  }

  protected copy(n: number): void {
    this.#pending = { copy: true, left: n };
    this.#drain();
  }

  protected skip(n: number): void {
    this.#pending = { copy: false, left: n };
    this.#drain();
  }

  #drain(): void {
    const pending = this.#pending;
    if (!pending) return;
    const n = Math.min(pending.left, this.queue.length);
    if (n > 0) {
      const parts = this.queue.take(n);
      if (pending.copy) this.#out.push(...parts);
      pending.left -= n;
    }
    if (pending.left === 0) this.#pending = null;
  }

  #run(): Uint8Array[] {
    for (;;) {
      this.#drain();
      if (this.#pending) break;
      const needed = this.need();
      if (needed === 0 || this.queue.length < needed) break;
      this.step();
    }
    const out = this.#out;
    this.#out = [];
    return out;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.#ended) throw new Error('push after end');
    this.queue.push(chunk);
    return this.#run();
  }

  end(): Uint8Array[] {
    this.#ended = true;
    const out = this.#run();
    if (this.#pending) throw new MalformedImageError('The file ends in the middle of a block.');
    this.finish();
    return [...out, ...this.#run()];
  }
}
