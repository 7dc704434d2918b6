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
    await expect(solveProofOfWork({ challenge: 'x', bits })).rejects.toMatchObject({ code: 'invalid_challenge' });
  });
});

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
