import { createHash, randomBytes } from 'node:crypto';

import request from 'supertest';

import { createCryptoApi, readAgencyKey, solveProofOfWork, type KeyRef } from '../../backend/src/crypto';
import {
  MAX_ACCESS_CODES_PER_REPORT,
  MAX_ARMORED_SHARE_CHARS,
  MAX_LAWYER_THREAD_MESSAGES,
} from '../../backend/src/features/lawyers/schemas';
import { returnBucket } from '../../backend/src/features/messages/service';
import { reportIdOf } from '../../backend/src/features/reports/service';
import { encryptFileForPlatform, putSegment, type Upload } from '../support/attachments';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { encryptToKeys, sealForPlatform, strangerKey } from '../support/reports';

/**
 * Lawyers' access codes: the reporter issues one with the receipt (a lawyer
 * key made in the browser, locked by the code; a label only the reporter
 * reads), the lawyer opens what it scopes (status, a thread with the agency,
 * evidence), the reporter revokes it and it opens nothing, with the answer a
 * wrong code gets. The server keeps hashes, ciphertext, keys and hours.
 */
const BITS = 4;
let platform: TestPlatform;
let token: string;
let admin: { token: string };
const crypto = createCryptoApi();
beforeAll(async () => {
  platform = await startTestPlatform('lawyers', { proofOfWorkBits: BITS });
  token = await platform.login();
  admin = await platform.addAdministrator();
});
afterAll(() => platform.close());

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const HOUR = 3_600_000;

async function proof(purpose: 'report' | 'return' | 'upload' | 'lawyer') {
  const { body } = await request(platform.app).get(`/api/v1/challenges?purpose=${purpose}`).expect(200);
  return solveProofOfWork({ challenge: body.challenge, bits: body.bits });
}

const recipients = () => ({
  armoredAgencyKey: platform.agency.armoredPublicKey,
  pinnedAgencyFingerprint: platform.agency.fingerprint,
});

/** A report as the browser sends it, opened once as a return visit: what the reporter's page then holds. */
async function sendReport() {
  const { receipt, submission } = await sealForPlatform(platform);
  await request(platform.app)
    .post('/api/v1/reports')
    .send({ ...submission, proofOfWork: await proof('report') })
    .expect(201);
  await platform.settled();
  const { receiptLookup } = await crypto.receiptLookup({ receipt });
  const { keyRef } = await crypto.unlockReporterKey({
    receipt,
    armoredPrivateKey: submission.reporterKey.armoredPrivateKey,
  });
  return {
    receipt,
    receiptLookup,
    keyRef,
    id: reportIdOf(submission.armoredReport),
    reporterPublicKey: submission.reporterKey.armoredPublicKey,
  };
}
type Report = Awaited<ReturnType<typeof sendReport>>;

/** A request with a fresh proof; `.expect(status)` checks the answer's status (and that it is no error when 2xx). */
function post(path: string, body: object, purpose: 'return' | 'lawyer' | 'upload') {
  const sent = proof(purpose).then((proofOfWork) =>
    request(platform.app)
      .post(path)
      .send({ ...body, proofOfWork }),
  );
  return Object.assign(sent, {
    expect: (status: number) =>
      sent.then((response) => {
        expect([response.status, status < 300 ? undefined : expect.anything()]).toEqual([
          status,
          status < 300 ? response.body.error : expect.anything(),
        ]);
        return response;
      }),
  });
}

/** The reporter issues a code, as the return page does. */
async function issue(report: Report, label = 'Адвокат Сәрсенбаев') {
  const made = await crypto.issueAccessCode({ label, armoredReporterKey: report.reporterPublicKey });
  const response = await post(
    '/api/v1/returns/access-codes',
    {
      receiptLookup: report.receiptLookup,
      accessLookup: made.accessLookup,
      lawyerKey: made.lawyerKey,
      armoredLabel: made.armoredLabel,
    },
    'return',
  );
  expect([response.status, response.body.error]).toEqual([201, undefined]);
  return { ...made, codeId: response.body.codeId as string, label };
}
type Code = Awaited<ReturnType<typeof issue>>;

const openCode = (accessLookup: string) => post('/api/v1/lawyer', { accessLookup }, 'lawyer');
const returnVisit = (report: Report) => post('/api/v1/returns', { receiptLookup: report.receiptLookup }, 'return');
const revoke = (report: Report, codeId: string) =>
  post('/api/v1/returns/access-codes/revoke', { receiptLookup: report.receiptLookup, codeId }, 'return');

/** What a lawyer's page holds after opening the code: the lawyer key unlocked, the keys evidence goes to. */
async function lawyerOpens(code: Code) {
  const { body } = await openCode(code.accessLookup).expect(200);
  const { keyRef } = await crypto.unlockLawyerKey({
    accessCode: code.accessCode,
    armoredPrivateKey: body.lawyerKey.armoredPrivateKey,
  });
  return { body, keyRef };
}

const sealLawyer = async (message: unknown, code: Code) =>
  (await crypto.sealLawyerMessage({ ...recipients(), message, armoredLawyerKey: code.lawyerKey.armoredPublicKey }))
    .armoredMessage;

/** A lawyer's evidence file: segments to the recipient set, the reporter key and the lawyer key. */
async function lawyerSegments(report: Report, code: Code, content: Uint8Array) {
  const { recipientsRef } = await crypto.prepareRecipients({
    ...recipients(),
    extraArmoredKeys: [report.reporterPublicKey, code.lawyerKey.armoredPublicKey],
  });
  const opened = await crypto.openFile({ file: new Blob([new Uint8Array(content)]), removeMetadata: false });
  const segments: Buffer[] = [];
  for (let index = 0; index < opened.segments; index++) {
    const { encryptedSegment } = await crypto.encryptFileSegment({ fileRef: opened.fileRef, recipientsRef, index });
    segments.push(Buffer.from(encryptedSegment));
  }
  return segments;
}

async function lawyerUpload(code: Code, segments: Buffer[]): Promise<Upload> {
  const created = await post(
    '/api/v1/lawyer/attachments',
    { accessLookup: code.accessLookup, segmentCount: segments.length },
    'upload',
  );
  expect([created.status, created.body.error]).toEqual([201, undefined]);
  const upload = { id: created.body.id as string, uploadToken: created.body.uploadToken as string };
  for (const [index, bytes] of segments.entries()) await putSegment(platform, upload, index, bytes).expect(200);
  return upload;
}

const decryptLabel = async (armoredMessage: string, keyRef: KeyRef) =>
  crypto.decryptThreadMessage({ armoredMessage, keyRef });

const counts = async () => ({
  codes: await platform.db.collection('access_codes').countDocuments(),
  lists: await platform.db.collection('report_access_codes').countDocuments(),
  messages: await platform.db.collection('lawyer_messages').countDocuments(),
});

describe('an access code', () => {
  it('is issued from the return visit, listed there with a label only the reporter key reads, and opens the lawyer page', async () => {
    const report = await sendReport();
    const code = await issue(report);
    const { body: visit } = await returnVisit(report).expect(200);
    expect(visit.accessCodes).toEqual([
      {
        codeId: code.codeId,
        armoredLabel: expect.any(String),
        issuedAt: expect.any(String),
        revokedAt: null,
        lawyerPublicKey: expect.stringContaining('BEGIN PGP PUBLIC KEY BLOCK'),
        sharedAt: null,
      },
    ]);
    expect(await decryptLabel(visit.accessCodes[0].armoredLabel, report.keyRef)).toEqual({
      status: 'ok',
      message: { label: code.label },
    });

    const { body, keyRef } = await lawyerOpens(code);
    expect(body.status).toBe('received');
    expect(body.messages).toEqual([]);
    // Re-armored by the server from exactly its packets: the same key.
    const ids = async (armoredKey: string) => (await readAgencyKey({ armoredKey })).encryptionKeyIds;
    expect(await ids(body.reporterPublicKey)).toEqual(await ids(report.reporterPublicKey));
    expect(keyRef).toEqual(expect.any(String));
    // The lawyer page holds no way to read the reporter's things: the label is not for the lawyer key.
    expect((await decryptLabel(visit.accessCodes[0].armoredLabel, keyRef)).status).toBe('failed');
    // The reporter's own receipt-derived key does not open the lawyer key.
    await expect(
      crypto.unlockLawyerKey({ accessCode: report.receipt, armoredPrivateKey: body.lawyerKey.armoredPrivateKey }),
    ).rejects.toMatchObject({ code: 'wrong_passphrase' });
  });

  it('is stored as hashes, ciphertext, keys and hours only: no lookup value, no label, no exact time', async () => {
    const report = await sendReport();
    const code = await issue(report, 'CANARY-LABEL-7Q2');
    const stored = await platform.db.collection('access_codes').findOne({ _id: sha256(code.accessLookup) as never });
    expect(stored).not.toBeNull();
    expect(Object.keys(stored!).sort()).toEqual(
      [
        '_id',
        'armoredLabel',
        'armoredShare',
        'codeId',
        'issuedAt',
        'lawyerKey',
        'reportId',
        'revokedAt',
        'sharedAt',
      ].sort(),
    );
    const text = JSON.stringify(stored);
    for (const secret of [code.accessLookup, code.accessCode, code.accessCode.replace(/-/g, ''), code.label]) {
      expect(text).not.toContain(secret);
    }
    expect((stored!.issuedAt as Date).getTime() % HOUR).toBe(0);
    expect(stored!.armoredLabel).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    const list = await platform.db.collection('report_access_codes').findOne({ _id: report.id as never });
    expect(list).toEqual({ _id: report.id, codeHashes: [sha256(code.accessLookup)] });
  });

  it('a wrong or unknown code gets one uniform error, the same for opening, writing and uploading', async () => {
    const unknown = randomBytes(32).toString('hex');
    const answers = [
      await openCode(unknown),
      await openCode('0'.repeat(64)),
      await post('/api/v1/lawyer/messages', { accessLookup: unknown, armoredMessage: 'x' }, 'lawyer'),
      await post('/api/v1/lawyer/attachments', { accessLookup: unknown, segmentCount: 1 }, 'upload'),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: { code: 'access_code_not_recognised', message: expect.any(String) } });
      expect(answer.body.error.message).toBe(answers[0]!.body.error.message);
    }
  });

  it("is revoked by the reporter (the hour kept), and then gets exactly the wrong code's answer everywhere", async () => {
    const report = await sendReport();
    const code = await issue(report);
    await openCode(code.accessLookup).expect(200);
    const revoked = await revoke(report, code.codeId).expect(200);
    expect(new Date(revoked.body.revokedAt).getTime() % HOUR).toBe(0);
    const wrong = await openCode(randomBytes(32).toString('hex')).expect(404);
    const refusals = [
      await openCode(code.accessLookup),
      await post('/api/v1/lawyer/messages', { accessLookup: code.accessLookup, armoredMessage: 'x' }, 'lawyer'),
      await post('/api/v1/lawyer/attachments', { accessLookup: code.accessLookup, segmentCount: 1 }, 'upload'),
    ];
    for (const refusal of refusals) expect([refusal.status, refusal.body]).toEqual([404, wrong.body]);
    const { body: visit } = await returnVisit(report).expect(200);
    expect(visit.accessCodes[0].revokedAt).toBe(revoked.body.revokedAt);
    // Revoking again changes nothing.
    expect((await revoke(report, code.codeId).expect(200)).body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it("is revoked only by its own report's receipt", async () => {
    const report = await sendReport();
    const other = await sendReport();
    const code = await issue(report);
    const refused = await revoke(other, code.codeId).expect(404);
    expect(refused.body.error.code).toBe('access_code_not_found');
    const stranger = await post(
      '/api/v1/returns/access-codes/revoke',
      { receiptLookup: randomBytes(32).toString('hex'), codeId: code.codeId },
      'return',
    ).expect(404);
    expect(stranger.body.error.code).toBe('receipt_not_recognised');
    await openCode(code.accessLookup).expect(200);
  });

  it("answers are padded to the return visit's buckets, empty or not", async () => {
    const report = await sendReport();
    const code = await issue(report);
    const first = await openCode(code.accessLookup).expect(200);
    expect(first.text.length).toBe(returnBucket(1));
    await post(
      '/api/v1/lawyer/messages',
      { accessLookup: code.accessLookup, armoredMessage: await sealLawyer({ text: 'Добрый день' }, code) },
      'lawyer',
    ).expect(201);
    expect((await openCode(code.accessLookup).expect(200)).text.length).toBe(first.text.length);
    const revoked = await revoke(report, code.codeId).expect(200);
    expect(revoked.text.length).toBe(returnBucket(1));
  });

  it('needs a proof of work for its own purpose, spent before the code is looked up', async () => {
    const report = await sendReport();
    const code = await issue(report);
    const missing = await request(platform.app)
      .post('/api/v1/lawyer')
      .send({ accessLookup: code.accessLookup })
      .expect(400);
    expect(missing.body.error.code).toBe('proof_of_work_required');
    const wrongPurpose = await request(platform.app)
      .post('/api/v1/lawyer')
      .send({ accessLookup: code.accessLookup, proofOfWork: await proof('return') })
      .expect(400);
    expect(wrongPurpose.body.error.code).toBe('proof_of_work_invalid');
  });
});

describe('issuing a code refuses, and writes nothing', () => {
  let report: Report;
  let made: Awaited<ReturnType<typeof crypto.issueAccessCode>>;
  beforeAll(async () => {
    report = await sendReport();
    made = await crypto.issueAccessCode({ label: 'x', armoredReporterKey: report.reporterPublicKey });
  });
  const body = () => ({
    receiptLookup: report.receiptLookup,
    accessLookup: made.accessLookup,
    lawyerKey: made.lawyerKey,
    armoredLabel: made.armoredLabel,
  });

  it.each([
    ['an unknown field', () => ({ ...body(), accessCode: 'ABCD-EFGH-JKMN-PQRS' }), 400, 'invalid_request'],
    ['a lookup that is not 64 hex digits', () => ({ ...body(), accessLookup: 'ABC' }), 400, 'invalid_request'],
    [
      'a lawyer key with its private half unprotected (another key pair)',
      () => ({ ...body(), lawyerKey: { ...made.lawyerKey, armoredPublicKey: platform.agency.armoredPublicKey } }),
      400,
      'invalid_lawyer_key',
    ],
    ['a label in the clear', () => ({ ...body(), armoredLabel: 'Адвокат' }), 400, 'invalid_label'],
    ['a label too long', () => ({ ...body(), armoredLabel: 'x'.repeat(9000) }), 413, 'label_too_large'],
    ['a wrong receipt', () => ({ ...body(), receiptLookup: 'f'.repeat(64) }), 404, 'receipt_not_recognised'],
  ])('%s', async (_name, make, status, code) => {
    const before = await counts();
    const response = await post('/api/v1/returns/access-codes', make(), 'return');
    expect([response.status, response.body.error?.code]).toEqual([status, code]);
    expect(await counts()).toEqual(before);
  });

  it('a label encrypted to anyone but the reporter key', async () => {
    const before = await counts();
    const armoredLabel = await encryptToKeys('label', [platform.agency.armoredPublicKey]);
    const response = await post('/api/v1/returns/access-codes', { ...body(), armoredLabel }, 'return');
    expect([response.status, response.body.error?.code]).toEqual([400, 'invalid_label']);
    const withStranger = await encryptToKeys('label', [report.reporterPublicKey, await strangerKey()]);
    const second = await post('/api/v1/returns/access-codes', { ...body(), armoredLabel: withStranger }, 'return');
    expect([second.status, second.body.error?.code]).toEqual([400, 'invalid_label']);
    expect(await counts()).toEqual(before);
  });
});

describe('the limits of a report hold when raced for', () => {
  it('at most 10 access codes: 13 different codes issued at once give exactly the places left, and the rest write nothing', async () => {
    const report = await sendReport();
    await issue(report, 'first');
    const bodies = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const made = await crypto.issueAccessCode({ label: 'x', armoredReporterKey: report.reporterPublicKey });
        return {
          receiptLookup: report.receiptLookup,
          accessLookup: made.accessLookup,
          lawyerKey: made.lawyerKey,
          armoredLabel: made.armoredLabel,
          proofOfWork: await proof('return'),
        };
      }),
    );
    const before = await platform.db.collection('access_codes').countDocuments();
    const answers = await Promise.all(
      bodies.map((body) => request(platform.app).post('/api/v1/returns/access-codes').send(body)),
    );
    const outcomes = answers.map((r) => `${r.status} ${r.body.error?.code ?? ''}`).sort();
    expect(outcomes).toEqual([
      ...Array(MAX_ACCESS_CODES_PER_REPORT - 1).fill('201 '),
      ...Array(3).fill('409 too_many_access_codes'),
    ]);
    expect(await platform.db.collection('access_codes').countDocuments()).toBe(
      before + MAX_ACCESS_CODES_PER_REPORT - 1,
    );
    const { body: visit } = await returnVisit(report).expect(200);
    expect(visit.accessCodes).toHaveLength(MAX_ACCESS_CODES_PER_REPORT);
  });

  it("at most 100 messages in a lawyer's thread, even when the last places are raced for", async () => {
    const report = await sendReport();
    const code = await issue(report);
    for (let n = 0; n < MAX_LAWYER_THREAD_MESSAGES - 2; n++) {
      await request(platform.app)
        .post(`/api/v1/reports/${report.id}/lawyer-threads/${code.codeId}/messages`)
        .auth(token, { type: 'bearer' })
        .send({ armoredMessage: await sealLawyer({ text: `question ${n}` }, code) })
        .expect(201);
    }
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async (_, n) => ({
        accessLookup: code.accessLookup,
        armoredMessage: await sealLawyer({ text: `answer ${n}` }, code),
        proofOfWork: await proof('lawyer'),
      })),
    );
    const answers = await Promise.all(
      bodies.map((body) => request(platform.app).post('/api/v1/lawyer/messages').send(body)),
    );
    const outcomes = answers.map((r) => `${r.status} ${r.body.error?.code ?? ''}`).sort();
    expect(outcomes).toEqual([...Array(2).fill('201 '), ...Array(6).fill('409 thread_full')]);
    expect(await platform.db.collection('lawyer_messages').countDocuments({ codeId: code.codeId })).toBe(
      MAX_LAWYER_THREAD_MESSAGES,
    );
  });
});

describe("a lawyer's thread with the agency", () => {
  it("is written by the lawyer and a reviewer, shown to the console per code, and never in the reporter's thread", async () => {
    const report = await sendReport();
    const code = await issue(report);
    const { keyRef } = await lawyerOpens(code);
    const first = await post(
      '/api/v1/lawyer/messages',
      { accessLookup: code.accessLookup, armoredMessage: await sealLawyer({ text: 'Я представляю заявителя' }, code) },
      'lawyer',
    );
    expect([first.status, first.body.error]).toEqual([201, undefined]);

    const threads = await request(platform.app)
      .get(`/api/v1/reports/${report.id}/lawyer-threads`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(threads.body.threads).toHaveLength(1);
    const [thread] = threads.body.threads;
    expect(thread).toMatchObject({ codeId: code.codeId, revokedAt: null });
    expect(thread.messages.map((m: { author: string }) => m.author)).toEqual(['lawyer']);

    const reply = await crypto.sealLawyerMessage({
      ...recipients(),
      message: { text: 'Received' },
      armoredLawyerKey: thread.lawyerPublicKey,
    });
    await request(platform.app)
      .post(`/api/v1/reports/${report.id}/lawyer-threads/${code.codeId}/messages`)
      .auth(token, { type: 'bearer' })
      .send(reply)
      .expect(201);

    const { body } = await openCode(code.accessLookup).expect(200);
    expect(body.messages.map((m: { author: string }) => m.author)).toEqual(['lawyer', 'reviewer']);
    const read = await crypto.decryptThreadMessage({ armoredMessage: body.messages[1].armoredMessage, keyRef });
    expect(read).toEqual({ status: 'ok', message: { text: 'Received' } });

    // The reporter's own thread and the reporter key: nothing of the lawyer's.
    const visit = await returnVisit(report).expect(200);
    expect(visit.body.messages).toEqual([]);
    const forReporter = await crypto.decryptThreadMessage({
      armoredMessage: body.messages[0].armoredMessage,
      keyRef: report.keyRef,
    });
    expect(forReporter).toEqual({ status: 'failed', reason: 'not_for_this_key' });
  });

  it('refuses a message the lawyer key cannot read, or one to a stranger', async () => {
    const report = await sendReport();
    const code = await issue(report);
    const notForLawyer = await encryptToKeys('x', [platform.agency.armoredPublicKey]);
    const refused = await post(
      '/api/v1/lawyer/messages',
      { accessLookup: code.accessLookup, armoredMessage: notForLawyer },
      'lawyer',
    );
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'not_addressed_to_reporter']);
    const toStranger = await encryptToKeys('x', [
      platform.agency.armoredPublicKey,
      code.lawyerKey.armoredPublicKey,
      await strangerKey(),
    ]);
    const stranger = await post(
      '/api/v1/lawyer/messages',
      { accessLookup: code.accessLookup, armoredMessage: toStranger },
      'lawyer',
    );
    expect([stranger.status, stranger.body.error?.code]).toEqual([422, 'unknown_recipient']);
    expect(await platform.db.collection('lawyer_messages').countDocuments({ codeId: code.codeId })).toBe(0);
  });

  it('reading the lawyer threads is audited, only for a report that exists', async () => {
    const report = await sendReport();
    const entries = async (target: string) =>
      (
        await request(platform.app)
          .get(`/api/v1/admin/audit?target=${target}&action=lawyer-thread.view`)
          .auth(admin.token, { type: 'bearer' })
          .expect(200)
      ).body.entries as unknown[];
    await request(platform.app)
      .get(`/api/v1/reports/${report.id}/lawyer-threads`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(await entries(report.id)).toHaveLength(1);
    const missing = 'A'.repeat(22);
    await request(platform.app)
      .get(`/api/v1/reports/${missing}/lawyer-threads`)
      .auth(token, { type: 'bearer' })
      .expect(404);
    expect(await entries(missing)).toHaveLength(0);
  });

  it('a reviewer writes only to a code of the report', async () => {
    const report = await sendReport();
    const other = await sendReport();
    const code = await issue(other);
    const response = await request(platform.app)
      .post(`/api/v1/reports/${report.id}/lawyer-threads/${code.codeId}/messages`)
      .auth(token, { type: 'bearer' })
      .send({ armoredMessage: await sealLawyer({ text: 'x' }, code) })
      .expect(404);
    expect(response.body.error.code).toBe('lawyer_thread_not_found');
  });
});

describe("a lawyer's evidence", () => {
  it('is encrypted to the recipient set, the reporter key and the lawyer key, receipted as added by the lawyer, and bound by a lawyer message', async () => {
    const report = await sendReport();
    const code = await issue(report);
    const segments = await lawyerSegments(report, code, randomBytes(4000));
    const upload = await lawyerUpload(code, segments);

    const served = (await request(platform.app).get(`/api/v1/evidence-receipts/${upload.id}`).expect(200)).body;
    const receipt = JSON.parse(served.receipt);
    expect(receipt).toMatchObject({ addedBy: 'lawyer', report: report.id, file: upload.id });
    expect(receipt.ciphertext.sha256).toBe(sha256(Buffer.concat(segments)));

    const message = await sealLawyer({ text: '', evidence: [] }, code);
    await post(
      '/api/v1/lawyer/messages',
      { accessLookup: code.accessLookup, armoredMessage: message, attachments: [upload] },
      'lawyer',
    ).expect(201);
    const files = await request(platform.app)
      .get(`/api/v1/reports/${report.id}/attachments`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(files.body.attachments.map((a: { id: string }) => a.id)).toEqual([upload.id]);
    const custody = await request(platform.app)
      .get(`/api/v1/attachments/${upload.id}/custody`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(JSON.parse(custody.body.receipt.receipt).addedBy).toBe('lawyer');
  });

  it("refuses a segment addressed to another report's reporter key or a stranger; a reporter upload cannot take the extra keys", async () => {
    const report = await sendReport();
    const other = await sendReport();
    const code = await issue(report);
    const wrongReporter = await lawyerSegments(other, code, randomBytes(100));
    const created = await post(
      '/api/v1/lawyer/attachments',
      { accessLookup: code.accessLookup, segmentCount: 1 },
      'upload',
    ).expect(201);
    const refused = await putSegment(platform, created.body, 0, wrongReporter[0]!);
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'unknown_recipient']);

    // The same segments through a reporter's upload: the lawyer and reporter keys are strangers there.
    const lawyers = await lawyerSegments(report, code, randomBytes(100));
    const plain = await post('/api/v1/attachments', { segmentCount: 1 }, 'upload').expect(201);
    const asReporter = await putSegment(platform, plain.body, 0, lawyers[0]!);
    expect([asReporter.status, asReporter.body.error?.code]).toEqual([422, 'unknown_recipient']);
  });

  it("binds only through the lawyer's thread of its own report, and a reporter's upload never through it", async () => {
    const report = await sendReport();
    const code = await issue(report);
    const upload = await lawyerUpload(code, await lawyerSegments(report, code, randomBytes(100)));
    // Through the reporter's thread: refused as an unknown upload.
    const reporterMessage = await crypto.sealThreadMessage({
      ...recipients(),
      message: { text: 'x' },
      armoredReporterKey: report.reporterPublicKey,
    });
    const viaReporter = await post(
      '/api/v1/returns/messages',
      { receiptLookup: report.receiptLookup, armoredMessage: reporterMessage.armoredMessage, attachments: [upload] },
      'return',
    );
    expect([viaReporter.status, viaReporter.body.error?.code]).toEqual([404, 'upload_not_found']);

    const { segments } = await encryptFileForPlatform(platform, randomBytes(100));
    const created = await post('/api/v1/attachments', { segmentCount: 1 }, 'upload').expect(201);
    await putSegment(platform, created.body, 0, segments[0]!).expect(200);
    const viaLawyer = await post(
      '/api/v1/lawyer/messages',
      {
        accessLookup: code.accessLookup,
        armoredMessage: await sealLawyer({ text: 'x' }, code),
        attachments: [{ id: created.body.id, uploadToken: created.body.uploadToken }],
      },
      'lawyer',
    );
    expect([viaLawyer.status, viaLawyer.body.error?.code]).toEqual([404, 'upload_not_found']);
  });

  it('a lawyer key read back from the server is the key the code unlocks', async () => {
    const report = await sendReport();
    const code = await issue(report);
    const { body } = await lawyerOpens(code);
    const ids = async (armoredKey: string) => (await readAgencyKey({ armoredKey })).encryptionKeyIds;
    expect(await ids(body.lawyerKey.armoredPublicKey)).toEqual(await ids(code.lawyerKey.armoredPublicKey));
  });
});

describe("sharing the reporter's thread with a lawyer", () => {
  const share = (report: Report, codeId: string, armoredShare: string | null) =>
    post('/api/v1/returns/access-codes/share', { receiptLookup: report.receiptLookup, codeId, armoredShare }, 'return');

  it('is encrypted by the reporter to the lawyer key, opened by the lawyer, and stopped by the reporter', async () => {
    const report = await sendReport();
    const code = await issue(report);
    expect((await openCode(code.accessLookup).expect(200)).body.shared).toBeNull();
    const thread = {
      messages: [{ author: 'reporter', sentAt: '2026-11-26T10:00:00.000Z', text: 'Қашан?', files: [] }],
    };
    const { armoredShare } = await crypto.sealShare({
      share: thread,
      armoredLawyerKey: code.lawyerKey.armoredPublicKey,
      armoredReporterKey: report.reporterPublicKey,
    });
    const shared = await share(report, code.codeId, armoredShare).expect(200);
    expect(new Date(shared.body.sharedAt).getTime() % HOUR).toBe(0);

    const { body, keyRef } = await lawyerOpens(code);
    expect(body.shared.sharedAt).toBe(shared.body.sharedAt);
    expect(await crypto.decryptThreadMessage({ armoredMessage: body.shared.armoredShare, keyRef })).toEqual({
      status: 'ok',
      message: thread,
    });
    const { body: visit } = await returnVisit(report).expect(200);
    expect(visit.accessCodes[0].sharedAt).toBe(shared.body.sharedAt);

    expect((await share(report, code.codeId, null).expect(200)).body.sharedAt).toBeNull();
    expect((await openCode(code.accessLookup).expect(200)).body.shared).toBeNull();
  });

  it('the largest share the page makes (a report of 192 KiB and a thread of 60 KB) fits the limit and is accepted', async () => {
    const report = await sendReport();
    const code = await issue(report);
    // Incompressible text (the share is not compressed anyway), as large as the form and the thread allow.
    const filler = (n: number) => randomBytes(n).toString('base64').slice(0, n);
    const largest = {
      version: 2,
      report: { report: { text: filler(192 * 1024 - 200) } },
      thread: { messages: [{ author: 'reporter', sentAt: '', text: filler(59_800), files: [] }], omitted: 0 },
    };
    const { armoredShare } = await crypto.sealShare({
      share: largest,
      armoredLawyerKey: code.lawyerKey.armoredPublicKey,
      armoredReporterKey: report.reporterPublicKey,
    });
    expect(armoredShare.length).toBeLessThanOrEqual(MAX_ARMORED_SHARE_CHARS);
    await share(report, code.codeId, armoredShare).expect(200);
    const { body, keyRef } = await lawyerOpens(code);
    expect(await crypto.decryptThreadMessage({ armoredMessage: body.shared.armoredShare, keyRef })).toEqual({
      status: 'ok',
      message: largest,
    });
  });

  it('refuses what is not encrypted to that lawyer key alone (with the reporter key), and a revoked code', async () => {
    const report = await sendReport();
    const code = await issue(report);
    const other = await issue(report, 'other');
    const toAgency = await encryptToKeys('x', [platform.agency.armoredPublicKey, code.lawyerKey.armoredPublicKey]);
    const toOtherLawyer = (
      await crypto.sealShare({
        share: { messages: [] },
        armoredLawyerKey: other.lawyerKey.armoredPublicKey,
        armoredReporterKey: report.reporterPublicKey,
      })
    ).armoredShare;
    for (const armoredShare of [toAgency, toOtherLawyer, 'in the clear']) {
      const refused = await share(report, code.codeId, armoredShare);
      expect([refused.status, refused.body.error?.code]).toEqual([400, 'invalid_share']);
    }
    const tooLarge = await share(report, code.codeId, 'x'.repeat(MAX_ARMORED_SHARE_CHARS + 1));
    expect([tooLarge.status, tooLarge.body.error?.code]).toEqual([413, 'share_too_large']);
    await revoke(report, code.codeId).expect(200);
    const fine = (
      await crypto.sealShare({
        share: { messages: [] },
        armoredLawyerKey: code.lawyerKey.armoredPublicKey,
        armoredReporterKey: report.reporterPublicKey,
      })
    ).armoredShare;
    const revoked = await share(report, code.codeId, fine);
    expect([revoked.status, revoked.body.error?.code]).toEqual([404, 'access_code_not_found']);
    const stored = await platform.db.collection('access_codes').findOne({ _id: sha256(code.accessLookup) as never });
    expect(stored!.armoredShare).toBeNull();
  });
});
