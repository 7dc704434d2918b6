import request from 'supertest';

import { deriveReceiptSecrets, encryptReport, type SealedReport } from '../../backend/src/crypto';
import { buildHostileCorpus, HOSTILE_SEED, type HostileCorpus } from '../support/hostile';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Issue 6 §2: the hostile corpus through HTTP to the real app on the real
 * engine. Every message and reporter key gets a 4xx JSON error that names what
 * was wrong, and nothing is written (the collection counts do not move).
 */
let platform: TestPlatform;
let base: SealedReport;
let corpus: HostileCorpus;

beforeAll(async () => {
  platform = await startTestPlatform('hostile');
  const { submission, receipt } = await sealForPlatform(platform);
  // The hostile messages are built from a one-recipient message (PKESK + SEIPD): the report sealed by the product's
  // crypto layer to the agency key alone, still accepted beside a reporter key (as reports sent before they were
  // also encrypted to it).
  const { armoredReport } = await encryptReport({
    report: { whatHappened: 'test', agency: 'police' },
    armoredAgencyKey: platform.agency.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
  });
  base = { ...submission, armoredReport };
  corpus = await buildHostileCorpus({
    armoredReport,
    reporterKey: submission.reporterKey,
    reporterKeyPassphrase: (await deriveReceiptSecrets(receipt)).reporterKeyPassphrase,
  });
});
afterAll(() => platform.close());

const post = (body: SealedReport) => request(platform.app).post('/api/v1/reports').send(body);

describe(`hostile submissions (seed ${HOSTILE_SEED}; rerun with HOSTILE_SEED=${HOSTILE_SEED})`, () => {
  it('every hostile message gets 400 with the code expected, names what was wrong, and writes nothing', async () => {
    const before = await platform.counts();
    const outcomes = [];
    for (const { name, armoredReport, code, names } of corpus.messages) {
      const response = await post({ ...base, armoredReport });
      const codes = Array.isArray(code) ? code : [code];
      const ok =
        response.status === 400 &&
        response.type === 'application/json' &&
        codes.includes(response.body.error?.code) &&
        (!names || names.test(response.body.error?.message ?? ''));
      if (!ok) outcomes.push({ name, status: response.status, body: response.body as unknown });
      expect([name, await platform.counts()]).toEqual([name, before]);
    }
    expect(outcomes).toEqual([]);
  });

  it('every hostile reporter key gets 400 invalid_reporter_key naming what was wrong, and writes nothing', async () => {
    const before = await platform.counts();
    const outcomes = [];
    for (const { name, armoredPublicKey, armoredPrivateKey, names } of corpus.keys) {
      const response = await post({ ...base, reporterKey: { armoredPublicKey, armoredPrivateKey } });
      const ok =
        response.status === 400 &&
        response.body.error?.code === 'invalid_reporter_key' &&
        (!names || names.test(response.body.error?.message ?? ''));
      if (!ok) outcomes.push({ name, status: response.status, body: response.body as unknown });
      expect([name, await platform.counts()]).toEqual([name, before]);
    }
    expect(outcomes).toEqual([]);
  });

  it('and then the untouched base submission is accepted: what refused each case was what it changed', async () => {
    await post(base).expect(201);
    expect((await platform.counts()).reports).toBe(1);
  });
});
