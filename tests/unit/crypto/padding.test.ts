import { paddedLength } from '../../../crypto/src/padding';

describe('paddedLength', () => {
  it.each([
    [1, 1024],
    [1024, 1024],
    [1025, 2048],
    [5000, 8192],
    [65_536, 65_536],
    [65_537, 131_072],
    // Past 64 KiB the buckets grow in 64 KiB steps: doubling on would put this in 262 144.
    [140_000, 196_608],
    [200_000, 262_144],
  ])('puts %i bytes in the %i-byte bucket', (length, bucket) => {
    expect(paddedLength(length)).toBe(bucket);
  });

  it('never shrinks and lands on few distinct sizes', () => {
    const sizes = new Set<number>();
    for (let n = 1; n <= 192 * 1024; n += 97) {
      const padded = paddedLength(n);
      expect(padded).toBeGreaterThanOrEqual(n);
      sizes.add(padded);
    }
    expect(sizes.size).toBeLessThanOrEqual(10);
  });
});
