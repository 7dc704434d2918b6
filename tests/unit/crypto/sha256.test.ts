import { createHash } from 'node:crypto';

import { createSha256 } from '../../../crypto/src/sha256';
import { seededRandom } from '../../support/openpgp-bytes';

const SEED = 41208;
const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);

/** `bytes` hashed in pieces of the given sizes (the last piece takes the rest). */
function inPieces(bytes: Uint8Array, sizes: () => number): string {
  const hash = createSha256();
  for (let at = 0; at < bytes.length;) {
    const size = Math.min(bytes.length - at, sizes());
    hash.update(bytes.subarray(at, at + size));
    at += size;
  }
  return hex(hash.digest());
}

describe(`the browser's incremental SHA-256 (generated rounds; seed ${SEED})`, () => {
  const random = seededRandom(SEED);

  it('gives the FIPS 180-4 example digests', () => {
    expect(hex(createSha256().digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(createSha256().update(text('abc')).digest())).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(createSha256().update(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).digest())).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    const millionA = new Uint8Array(1_000_000).fill(0x61);
    expect(inPieces(millionA, () => 4096)).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('matches node:crypto for every length from 0 to 300 bytes, and Cyrillic and Kazakh text', () => {
    const data = random.bytes(300);
    for (let length = 0; length <= 300; length++) {
      const bytes = data.subarray(0, length);
      expect(hex(createSha256().update(bytes).digest())).toBe(nodeSha256(bytes));
    }
    const words = text('Провокация взятки, ст. 412-1 УК РК; Қазақстан Республикасы, құқық қорғау органы');
    expect(hex(createSha256().update(words).digest())).toBe(nodeSha256(words));
  });

  it('matches node:crypto when the bytes are split in two at every point', () => {
    const data = random.bytes(260);
    for (let split = 0; split <= data.length; split++) {
      const hash = createSha256().update(data.subarray(0, split)).update(data.subarray(split));
      expect(hex(hash.digest())).toBe(nodeSha256(data));
    }
  });

  it('matches node:crypto over pieces of random sizes, at every alignment, across the unaligned copy buffer', () => {
    // 300 KiB: pieces reach past the 64 KiB buffer that unaligned bytes are copied through.
    const data = random.bytes(300 * 1024 + 3);
    for (let offset = 0; offset < 4; offset++) {
      const bytes = data.subarray(offset);
      expect(inPieces(bytes, () => random.int(1, 100 * 1024))).toBe(nodeSha256(bytes));
      expect(inPieces(bytes, () => random.int(0, 200))).toBe(nodeSha256(bytes));
    }
    expect(inPieces(data, () => data.length)).toBe(nodeSha256(data));
  });

  it('is spent once it has given its digest', () => {
    const hash = createSha256().update(text('abc'));
    hash.digest();
    // A TypeError in words of its own: a caller's mistake, which no code names.
    const spent = new TypeError('this SHA-256 has already given its digest');
    for (const call of [() => hash.update(text('d')), () => hash.digest()]) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(spent);
    }
  });
});
