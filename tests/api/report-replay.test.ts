import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { inspectEncryptedMessage, solveProofOfWork, type SealedReport } from '../../backend/src/crypto';
import { reportIdOf } from '../../backend/src/features/reports/service';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Issue 6 §4: flooding the inbox costs the flooder. A stored ciphertext is
 * refused whatever receipt comes with it; every submission pays a proof of
 * work that works once; and the same browser resending the same submission
 * after a lost answer ends with a success, storing nothing twice.
 */
const BITS = 6;
let open: TestPlatform;
let guarded: TestPlatform;
beforeAll(async () => {
  [open, guarded] = await Promise.all([
    startTestPlatform('replay'),
    startTestPlatform('replaypow', { proofOfWorkBits: BITS }),
  ]);
});
afterAll(() => Promise.all([open?.close(), guarded?.close()])); // `?.`: as in login.test.ts

const post = (platform: TestPlatform, body: object) => request(platform.app).post('/api/v1/reports').send(body);
const freshLookup = () => randomBytes(32).toString('hex');
const reportCounts = async (platform: TestPlatform) => {
  const { reports, report_archive, report_bodies } = await platform.counts();
  return { reports, report_archive, report_bodies };
};

async function proof(platform: TestPlatform) {
  const response = await request(platform.app).get('/api/v1/challenges?purpose=report').expect(200);
  return solveProofOfWork({ challenge: response.body.challenge, bits: response.body.bits });
}

describe('a ciphertext already stored is refused', () => {
  it('resent 200 times with fresh receipt lookups: 200 refusals (409 report_already_stored), one report', async () => {
    const { submission } = await sealForPlatform(open);
    await post(open, submission).expect(201);
    const before = await reportCounts(open);
    const statuses: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const response = await post(open, { ...submission, receiptLookup: freshLookup() });
      const key = `${response.status} ${response.body.error?.code}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    expect(statuses).toEqual({ '409 report_already_stored': 200 });
    expect(await reportCounts(open)).toEqual(before);
  });

  it('the same packets under other armor (a Comment header, other line breaks) are the same ciphertext', async () => {
    const { submission } = await sealForPlatform(open);
    await post(open, submission).expect(201);
    const before = await reportCounts(open);
    const rewrapped = submission.armoredReport
      .replace('-----BEGIN PGP MESSAGE-----\n', '-----BEGIN PGP MESSAGE-----\nComment: another client\n')
      .replace(/\n/g, '\r\n');
    const response = await post(open, { ...submission, armoredReport: rewrapped, receiptLookup: freshLookup() });
    expect([response.status, response.body.error?.code]).toEqual([409, 'report_already_stored']);
    expect(await reportCounts(open)).toEqual(before);
  });

  it('of 10 parallel sends of one ciphertext under 10 receipts, one is stored and 9 are refused', async () => {
    const { submission } = await sealForPlatform(open);
    const before = await reportCounts(open);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(open, { ...submission, receiptLookup: freshLookup() })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const after = await reportCounts(open);
    expect([after.reports! - before.reports!, after.report_bodies! - before.report_bodies!]).toEqual([1, 1]);
  });
});

describe('the same browser retrying after a lost answer', () => {
  it('gets 200 with the same hour, and nothing is stored twice', async () => {
    const { submission } = await sealForPlatform(open);
    const first = await post(open, submission).expect(201);
    const before = await reportCounts(open);
    const again = await post(open, submission).expect(200);
    expect(again.body).toEqual(first.body);
    expect(await reportCounts(open)).toEqual(before);
  });

  it('of 10 parallel sends of one submission, one is created (201) and the others succeed (200)', async () => {
    const { submission } = await sealForPlatform(open);
    const before = await reportCounts(open);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(open, submission)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const after = await reportCounts(open);
    expect([after.reports! - before.reports!, after.report_bodies! - before.report_bodies!]).toEqual([1, 1]);
  });

  it('finishes a report whose inbox entry a fault kept out: the retry lists it', async () => {
    const { submission } = await sealForPlatform(open);
    await post(open, submission).expect(201);
    const token = await open.login();
    const listed = async () =>
      (await request(open.app).get('/api/v1/reports?limit=100').set('Authorization', `Bearer ${token}`)).body
        .reports as { id: string }[];
    const newest = reportIdOf(
      (await inspectEncryptedMessage({ armoredMessage: submission.armoredReport })).canonicalArmoredMessage,
    );
    expect((await listed()).map((r) => r.id)).toContain(newest);
    // As if the second write had failed: the body is stored, the entry is not (and so no instance's copy of the
    // inbox ever held it: the view's stamp changes, as every write to the view changes it).
    await open.db.collection('reports').deleteOne({ _id: newest as never });
    await open.db.collection('inbox_stamps').updateOne({ _id: 'active' as never }, { $set: { arrivals: 'fault' } });
    expect((await listed()).map((r) => r.id)).not.toContain(newest);
    await post(open, submission).expect(200);
    // Listed as what it is: a new report.
    expect((await listed()).filter((r) => r.id === newest)).toEqual([expect.objectContaining({ status: 'new' })]);
  });

  it('after the report was referred (to the archive), the retry leaves it there, not back in the inbox as new', async () => {
    const { submission } = await sealForPlatform(open);
    await post(open, submission).expect(201);
    const token = await open.login();
    const id = reportIdOf(
      (await inspectEncryptedMessage({ armoredMessage: submission.armoredReport })).canonicalArmoredMessage,
    );
    const view = async (name: string) =>
      (
        (await request(open.app).get(`/api/v1/reports?view=${name}&limit=100`).set('Authorization', `Bearer ${token}`))
          .body.reports as { id: string; status: string }[]
      ).filter((r) => r.id === id);
    await open.settled();
    await request(open.app)
      .patch(`/api/v1/reports/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ version: 0, status: 'referred', reason: 'sent to the prosecutor' })
      .expect(200);
    await post(open, submission).expect(200);
    expect(await view('active')).toEqual([]);
    expect(await view('archive')).toEqual([expect.objectContaining({ status: 'referred' })]);
  });

  it('with proof of work on, the retry carries the spent proof and still succeeds', async () => {
    const { submission } = await sealForPlatform(guarded);
    const withProof = { ...submission, proofOfWork: await proof(guarded) };
    const first = await post(guarded, withProof).expect(201);
    const before = await guarded.counts();
    const again = await post(guarded, withProof).expect(200);
    expect(again.body).toEqual(first.body);
    expect(await guarded.counts()).toEqual(before);
  });
});

describe('submissions pay a proof of work (PROOF_OF_WORK_BITS > 0)', () => {
  let sealed: SealedReport;
  beforeEach(async () => {
    sealed = (await sealForPlatform(guarded)).submission;
  });

  it('a solved challenge is accepted (201) and spent', async () => {
    const before = await guarded.counts();
    await post(guarded, { ...sealed, proofOfWork: await proof(guarded) }).expect(201);
    const after = await guarded.counts();
    expect([after.reports, after.report_bodies, after.spent_challenges]).toEqual([
      before.reports! + 1,
      before.report_bodies! + 1,
      before.spent_challenges! + 1,
    ]);
  });

  type Case = [string, () => Promise<object | undefined>, number, string];
  const cases: Case[] = [
    ['no proof', async () => undefined, 400, 'proof_of_work_required'],
    [
      'a proof already used by another report',
      async () => {
        const used = await proof(guarded);
        const other = (await sealForPlatform(guarded)).submission;
        await post(guarded, { ...other, proofOfWork: used }).expect(201);
        return used;
      },
      409,
      'proof_of_work_spent',
    ],
    [
      'a forged challenge (difficulty lowered to 1 bit)',
      async () => {
        const { challenge } = await proof(guarded);
        return solveProofOfWork({ challenge: challenge.replace(`.${BITS}.`, '.1.'), bits: 1 });
      },
      400,
      'proof_of_work_invalid',
    ],
    [
      'a nonce that does not solve the challenge',
      async () => {
        const solved = await proof(guarded);
        const { createHash } = await import('node:crypto');
        for (let n = 0; ; n++) {
          const digest = createHash('sha256').update(`${solved.challenge}:${n}`).digest();
          if (digest[0]! >= 0x80) return { ...solved, nonce: String(n) };
        }
      },
      400,
      'proof_of_work_invalid',
    ],
    [
      'a login challenge',
      async () => {
        // Login challenges come from their own endpoint, which prices them per username.
        const response = await request(guarded.app)
          .post('/api/v1/session/challenge')
          .send({ username: 'rev.one' })
          .expect(200);
        return solveProofOfWork({ challenge: response.body.challenge, bits: response.body.bits });
      },
      400,
      'proof_of_work_invalid',
    ],
    [
      'an upload challenge',
      async () => {
        const response = await request(guarded.app).get('/api/v1/challenges?purpose=upload').expect(200);
        return solveProofOfWork({ challenge: response.body.challenge, bits: response.body.bits });
      },
      400,
      'proof_of_work_invalid',
    ],
  ];
  it.each(cases)('%s is refused and writes nothing', async (_what, make, status, code) => {
    const proofOfWork = await make();
    const before = await guarded.counts();
    const response = await post(guarded, proofOfWork ? { ...sealed, proofOfWork } : sealed);
    expect([response.status, response.body.error?.code]).toEqual([status, code]);
    expect(await guarded.counts()).toEqual(before);
  });

  it('a replay with a fresh proof is refused; only that proof is spent', async () => {
    await post(guarded, { ...sealed, proofOfWork: await proof(guarded) }).expect(201);
    const before = await guarded.counts();
    const response = await post(guarded, {
      ...sealed,
      receiptLookup: freshLookup(),
      proofOfWork: await proof(guarded),
    });
    expect([response.status, response.body.error?.code]).toEqual([409, 'report_already_stored']);
    expect(await guarded.counts()).toEqual({ ...before, spent_challenges: before.spent_challenges! + 1 });
  });

  it('a replay carrying the captured proof is refused and writes nothing', async () => {
    const captured = { ...sealed, proofOfWork: await proof(guarded) };
    await post(guarded, captured).expect(201);
    const before = await guarded.counts();
    const response = await post(guarded, { ...captured, receiptLookup: freshLookup() });
    expect([response.status, response.body.error?.code]).toEqual([409, 'report_already_stored']);
    expect(await guarded.counts()).toEqual(before);
  });
});
