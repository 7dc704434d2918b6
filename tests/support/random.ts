import { createHash } from 'node:crypto';

/**
 * Random-looking test input that is the same on every run: bytes from
 * SHA-256 of the seed and a counter. A failing case can be run again with
 * the seed the test prints (TEST_SEED=… to try another sequence).
 */
export function seededRandom(seed: string = process.env.TEST_SEED ?? 'whistle412') {
  let counter = 0;
  const block = () => createHash('sha256').update(`${seed}:${counter++}`).digest();
  const bytes = (length: number): Buffer => {
    const blocks: Buffer[] = [];
    for (let have = 0; have < length; have += 32) blocks.push(block());
    return Buffer.concat(blocks).subarray(0, length);
  };
  return {
    seed,
    bytes,
    /** A float in [0, 1). */
    float: () => bytes(4).readUInt32BE(0) / 2 ** 32,
  };
}
