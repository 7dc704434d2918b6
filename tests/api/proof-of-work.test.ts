import request from 'supertest';

import { solveProofOfWork } from '../../backend/src/crypto';
import { proofOfWorkRepository } from '../../backend/src/features/proof-of-work/repository';
import { proofOfWorkService } from '../../backend/src/features/proof-of-work/service';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const BITS = 8;
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('pow', { proofOfWorkBits: BITS });
});
afterAll(() => platform.close());

const service = () =>
  proofOfWorkService({ repository: proofOfWorkRepository(platform.db), clock: platform.clock, baseBits: BITS });

async function solvedChallenge() {
  const response = await request(platform.app).get('/api/v1/challenges?purpose=report').expect(200);
  expect(response.body).toMatchObject({ required: true, bits: BITS, challenge: expect.stringMatching(/^v1\./) });
  return solveProofOfWork({ challenge: response.body.challenge, bits: response.body.bits });
}

describe('proof-of-work challenges', () => {
  it('a solved challenge is accepted once, and a second use is refused (409) across service instances', async () => {
    const proof = await solvedChallenge();
    await expect(service().redeem('report', proof)).resolves.toBeUndefined();
    // Another instance (a fresh service, the same database) sees it as spent.
    await expect(service().redeem('report', proof)).rejects.toMatchObject({ status: 409, code: 'proof_of_work_spent' });
  });

  it('of 10 parallel uses of one solved challenge exactly one is accepted', async () => {
    const proof = await solvedChallenge();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => service().redeem('report', proof)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('the challenge time says only the hour: it expires at the end of the next hour', async () => {
    const response = await request(platform.app).get('/api/v1/challenges').expect(200);
    // The test clock stands at 10:37:42.123.
    expect(response.body.expiresAt).toBe('2026-11-25T12:00:00.000Z');
  });

  type Case = [string, () => Promise<{ challenge: string; nonce: string } | undefined>, string];
  const cases: Case[] = [
    ['no proof at all', async () => undefined, 'proof_of_work_required'],
    [
      'a nonce that does not solve the challenge',
      async () => {
        const proof = await solvedChallenge();
        for (let n = 0; ; n++) {
          const nonce = String(n);
          const wrong = { ...proof, nonce };
          const digest = (await import('node:crypto')).createHash('sha256').update(`${proof.challenge}:${nonce}`);
          if (digest.digest()[0]! !== 0) return wrong;
        }
      },
      'proof_of_work_invalid',
    ],
    [
      'a forged challenge (difficulty lowered)',
      async () => {
        const proof = await solvedChallenge();
        const forged = proof.challenge.replace(/\.8\./, '.1.');
        return solveProofOfWork({ challenge: forged, bits: 1 });
      },
      'proof_of_work_invalid',
    ],
    [
      'a challenge for another purpose',
      async () => solveProofOfWork(await service().issue('login')),
      'proof_of_work_invalid',
    ],
    ['something that is not a challenge', async () => ({ challenge: 'hello', nonce: '1' }), 'proof_of_work_invalid'],
    ['a nonce with letters', async () => ({ ...(await solvedChallenge()), nonce: '1e3' }), 'proof_of_work_invalid'],
  ];
  it.each(cases)('%s is refused with a 400 and nothing is stored', async (_what, make, code) => {
    const proof = await make();
    const before = await platform.counts();
    await expect(service().redeem('report', proof)).rejects.toMatchObject({ status: 400, code });
    expect(await platform.counts()).toEqual(before);
  });

  it('an expired challenge is refused, and the sweep forgets spent challenges once they expire', async () => {
    const proof = await solvedChallenge();
    await service().redeem('report', proof);
    const spentBefore = await platform.db.collection('spent_challenges').countDocuments();
    platform.clock.advance(2 * 3_600_000);
    await expect(service().redeem('report', await solvedChallenge())).resolves.toBeUndefined();
    await expect(service().redeem('report', proof)).rejects.toMatchObject({ code: 'proof_of_work_invalid' });
    expect(await service().sweep()).toBeGreaterThanOrEqual(spentBefore);
    expect(await platform.db.collection('spent_challenges').countDocuments()).toBe(1);
  });

  it('difficulty rises a bit for each doubling of demand above normal (60 a minute), and falls again', async () => {
    const busy = service();
    expect(busy.currentBits('report')).toBe(BITS);
    for (let i = 0; i < 121; i++) await busy.issue('report');
    expect(busy.currentBits('report')).toBe(BITS + 2);
    expect(busy.currentBits('login')).toBe(BITS);
    platform.clock.advance(61_000);
    expect(busy.currentBits('report')).toBe(BITS);
  });

  it('with PROOF_OF_WORK_BITS=0 no challenge is needed', async () => {
    const off = proofOfWorkService({
      repository: proofOfWorkRepository(platform.db),
      clock: platform.clock,
      baseBits: 0,
    });
    await expect(off.redeem('report', undefined)).resolves.toBeUndefined();
  });
});
