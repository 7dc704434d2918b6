import type { CryptoError } from './errors';

/**
 * Bounds-checked reads through one packet body. Every read names what it
 * reads, so a body that is too short, too long or badly encoded is refused
 * with an error that says where.
 */
export class ByteReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (what: string) => CryptoError,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  take(count: number, what: string): Uint8Array {
    if (count > this.remaining) throw this.fail(`it is cut short in its ${what}`);
    const out = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  u8(what: string): number {
    return this.take(1, what)[0]!;
  }

  u16(what: string): number {
    const [a, b] = this.take(2, what);
    return (a! << 8) | b!;
  }

  u32(what: string): number {
    const [a, b, c, d] = this.take(4, what);
    return ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
  }

  /**
   * A multiprecision integer (RFC 9580 §3.2) in its canonical form: the bit
   * count says exactly where the most significant set bit is.
   */
  mpi(maxBits: number, what: string): Uint8Array {
    const bits = this.u16(what);
    if (bits === 0 || bits > maxBits) throw this.fail(`its ${what} has ${bits} bits (at most ${maxBits})`);
    const value = this.take((bits + 7) >> 3, what);
    if (value[0]! >> ((bits - 1) & 7) !== 1) throw this.fail(`its ${what} is not a canonical integer`);
    return value;
  }

  /** The body must end here: nothing may follow what the format defines. */
  end(what: string): void {
    if (this.remaining > 0) throw this.fail(`${this.remaining} unexpected octets follow its ${what}`);
  }
}
