/**
 * Plaintext is padded to a bucket before encryption so that a stored
 * ciphertext's length says only which bucket the report fell into.
 * Buckets double from 1 KiB up to 64 KiB (short reports are the common case
 * and where length says most), then grow in 64 KiB steps.
 */
const SMALLEST_BUCKET = 1024;
const LARGEST_DOUBLING_BUCKET = 64 * 1024;

export function paddedLength(length: number): number {
  let bucket = SMALLEST_BUCKET;
  while (bucket < length && bucket < LARGEST_DOUBLING_BUCKET) bucket *= 2;
  if (bucket >= length) return bucket;
  return Math.ceil(length / LARGEST_DOUBLING_BUCKET) * LARGEST_DOUBLING_BUCKET;
}
