import { sha256 as nobleSha256 } from '@noble/hashes/sha2';

import { compressBlocks } from './sha256-rounds';

/**
 * An incremental SHA-256 (FIPS 180-4) fast enough without a JIT: the
 * evidence file's whole-plaintext hash runs in the browser's hash worker,
 * and in Tor Browser's "Safer" level (no JIT, no WebAssembly) @noble/hashes
 * took minutes for a large file and a core with it. The compression function
 * is generated (tools/gen-sha256.ts says why it is shaped as it is); this
 * file only buffers the bytes into whole blocks and pads the last one.
 */
export interface IncrementalSha256 {
  update(bytes: Uint8Array): IncrementalSha256;
  /** The digest of everything so far; the hash is then spent. */
  digest(): Uint8Array;
}

// FIPS 180-4 §5.3.3.
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
/** Unaligned input is copied through a buffer of this size (whole blocks, cheap to copy natively, small to hold). */
const SCRATCH_BYTES = 64 * 1024;
/** The generated rounds read words in little-endian order, as every browser and Node platform stores them. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

class Sha256 implements IncrementalSha256 {
  private readonly state = Int32Array.from(INITIAL);
  /** Bytes waiting for a whole block: its own buffer, so always aligned. */
  private readonly block = new Uint8Array(64);
  private readonly blockWords = new Int32Array(this.block.buffer);
  private pending = 0;
  /** Bytes hashed so far (exact up to 2^53, far beyond any file here). */
  private length = 0;
  private scratch: Uint8Array | null = null;
  private spent = false;

  update(bytes: Uint8Array): this {
    if (this.spent) throw new TypeError('this SHA-256 has already given its digest');
    const size = bytes.length;
    this.length += size;
    let at = 0;
    if (this.pending > 0) {
      at = Math.min(64 - this.pending, size);
      this.block.set(bytes.subarray(0, at), this.pending);
      this.pending += at;
      if (this.pending < 64) return this;
      compressBlocks(this.state, this.blockWords, 0, 16);
      this.pending = 0;
    }
    const whole = size - ((size - at) % 64);
    if (whole > at) this.compress(bytes, at, whole);
    this.block.set(bytes.subarray(whole));
    this.pending = size - whole;
    return this;
  }

  digest(): Uint8Array {
    if (this.spent) throw new TypeError('this SHA-256 has already given its digest');
    this.spent = true;
    const { block, blockWords, state } = this;
    block.fill(0, this.pending);
    block[this.pending] = 0x80;
    if (this.pending >= 56) {
      compressBlocks(state, blockWords, 0, 16);
      block.fill(0);
    }
    // The length in bits, a 64-bit big-endian number at the end of the last block.
    const view = new DataView(block.buffer);
    view.setUint32(56, Math.floor(this.length / 0x20000000));
    view.setUint32(60, (this.length * 8) >>> 0);
    compressBlocks(state, blockWords, 0, 16);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setInt32(i * 4, state[i]!);
    return out;
  }

  /** Hashes bytes[from, to), a whole number of blocks, through an Int32Array view (copied first when unaligned). */
  private compress(bytes: Uint8Array, from: number, to: number) {
    const offset = bytes.byteOffset + from;
    if (offset % 4 === 0) {
      compressBlocks(this.state, new Int32Array(bytes.buffer, offset, (to - from) / 4), 0, (to - from) / 4);
      return;
    }
    this.scratch ??= new Uint8Array(SCRATCH_BYTES);
    const words = new Int32Array(this.scratch.buffer);
    for (let at = from; at < to; at += SCRATCH_BYTES) {
      const end = Math.min(to, at + SCRATCH_BYTES);
      this.scratch.set(bytes.subarray(at, end));
      compressBlocks(this.state, words, 0, (end - at) / 4);
    }
  }
}

/**
 * A new SHA-256. On a big-endian platform (none that runs a browser today)
 * the generated rounds would read the words backwards, so @noble/hashes
 * takes their place there.
 */
export const createSha256 = (): IncrementalSha256 => (LITTLE_ENDIAN ? new Sha256() : nobleSha256.create());
