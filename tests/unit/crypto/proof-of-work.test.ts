import { createHash } from 'node:crypto';

import {
  leadingZeroBits,
  meetsDifficulty,
  searchProofOfWork,
  solveProofOfWork,
} from '../../../crypto/src/proof-of-work';

describe('proof of work', () => {
  it.each([
    [[0x80], 0],
    [[0x40], 1],
    [[0x01], 7],
    [[0x00, 0xff], 8],
    [[0x00, 0x00, 0x10], 19],
    [[0x00, 0x00], 16],
  ])('leadingZeroBits(%j) is %i', (bytes, bits) => {
    expect(leadingZeroBits(Uint8Array.from(bytes))).toBe(bits);
  });

  it('finds a nonce whose SHA-256 with the challenge has the asked-for zero bits, checked by an independent hash', async () => {
    const challenge = 'v1.report.493000.12.abcdefghijklmnop.0123456789abcdefghijkl';
    const proof = await solveProofOfWork({ challenge, bits: 12 });
    expect(proof.challenge).toBe(challenge);
    const digest = createHash('sha256').update(`${challenge}:${proof.nonce}`).digest();
    expect(digest[0]).toBe(0);
    expect(digest[1]! >> 4).toBe(0);
    await expect(meetsDifficulty(proof, 12)).resolves.toBe(true);
  });

  it('a nonce for one challenge does not solve another', async () => {
    const proof = await solveProofOfWork({ challenge: 'challenge-one', bits: 10 });
    // 20 bits by chance is a one-in-a-million event; the same nonce rarely solves both at 10.
    await expect(meetsDifficulty({ challenge: 'challenge-two', nonce: proof.nonce }, 20)).resolves.toBe(false);
  });

  it.each([-1, 29, 1.5])('refuses an impossible difficulty (%p) instead of searching forever', async (bits) => {
    await expect(solveProofOfWork({ challenge: 'x', bits })).rejects.toMatchObject({
      code: 'invalid_challenge',
      message: `The server asked for an impossible proof of work (${bits} bits).`,
    });
  });

  it('takes the bounds themselves: 0 bits is solved by the first nonce, 28 is searched', async () => {
    await expect(solveProofOfWork({ challenge: 'x', bits: 0 })).resolves.toEqual({ challenge: 'x', nonce: '0' });
    await expect(searchProofOfWork({ challenge: 'x', bits: 28, fromNonce: 0, hashes: 256 })).resolves.toEqual({
      proof: null,
      nextNonce: 256,
    });
  });

  it('a hash with exactly the asked-for zero bits meets it, and not one bit more', async () => {
    const challenge = 'exactly-twelve';
    // The first nonce whose hash starts with at least 12 zero bits, found independently with node:crypto.
    let first = 0;
    while (zeroBitsOf(challenge, first) < 12) first += 1;
    const exact = zeroBitsOf(challenge, first);
    const proof = await solveProofOfWork({ challenge, bits: 12 });
    expect(proof.nonce).toBe(String(first));
    await expect(meetsDifficulty(proof, exact)).resolves.toBe(true);
    await expect(meetsDifficulty(proof, exact + 1)).resolves.toBe(false);
  });

  it('stops when asked, and tells how far it has come', async () => {
    const signal = { aborted: false };
    const progress: number[] = [];
    const search = solveProofOfWork({
      challenge: 'never-found',
      bits: 28,
      signal,
      onProgress: (hashes) => {
        progress.push(hashes);
        if (hashes >= 1024) signal.aborted = true;
      },
    });
    await expect(search).rejects.toMatchObject({ code: 'aborted', message: 'The proof of work was stopped.' });
    expect(progress).toEqual([256, 512, 768, 1024]);
  });
});

/** Leading zero bits of SHA-256(challenge ":" nonce), computed apart from the code under test. */
function zeroBitsOf(challenge: string, nonce: number): number {
  const digest = createHash('sha256').update(`${challenge}:${nonce}`).digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + (7 - Math.floor(Math.log2(byte)));
    bits += 8;
  }
  return bits;
}

describe('searching by slices', () => {
  it('finds the same nonce as one whole search, and says where to go on when a slice finds none', async () => {
    const challenge = 'v1.report.493000.10.slices-slices-sl.0123456789abcdefghijkl';
    const whole = await solveProofOfWork({ challenge, bits: 10 });
    let fromNonce = 0;
    let slices = 0;
    for (;;) {
      const { proof, nextNonce } = await searchProofOfWork({ challenge, bits: 10, fromNonce, hashes: 256 });
      slices += 1;
      if (proof) {
        expect(proof).toEqual(whole);
        expect(nextNonce).toBe(Number(proof.nonce) + 1);
        break;
      }
      expect(nextNonce).toBe(fromNonce + 256);
      fromNonce = nextNonce;
    }
    expect(slices).toBe(Math.floor(Number(whole.nonce) / 256) + 1);
  });
});
