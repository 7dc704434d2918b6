import { randomBytes } from 'node:crypto';

import { readKey } from 'openpgp';
import request from 'supertest';

import { createCryptoApi, inspectEncryptedMessage, solveProofOfWork } from '../../backend/src/crypto';
import { reportIdOf } from '../../backend/src/features/reports/service';
import { MAX_THREAD_MESSAGES } from '../../backend/src/features/messages/schemas';
import { returnBucket } from '../../backend/src/features/messages/service';
import { encryptFileForPlatform, putSegment, type Upload } from '../support/attachments';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { encryptToKeys, packetsOf, sealForPlatform, strangerKey } from '../support/reports';

/**
 * Coming back with the receipt: a reporter opens their report's thread and
 * writes in it with nothing but the receipt and a proof of work; reviewers
 * write back. Everything is ciphertext to the recipient set and the reporter
 * key, and nothing a returning reporter gets back says whether anything was waiting.
 */
const BITS = 4;
let platform: TestPlatform;
let token: string;
const crypto = createCryptoApi();
beforeAll(async () => {
  platform = await startTestPlatform('messages', { proofOfWorkBits: BITS });
  token = await platform.login();
});
afterAll(() => platform.close());

async function proof(purpose: 'report' | 'return' | 'upload') {
  const { body } = await request(platform.app).get(`/api/v1/challenges?purpose=${purpose}`).expect(200);
  return solveProofOfWork({ challenge: body.challenge, bits: body.bits });
}

/** A report sent as the browser sends it; its receipt and id. */
async function sendReport() {
  const { receipt, submission } = await sealForPlatform(platform);
  await request(platform.app)
    .post('/api/v1/reports')
    .send({ ...submission, proofOfWork: await proof('report') })
    .expect(201);
  await platform.settled();
  const { receiptLookup } = await crypto.receiptLookup({ receipt });
  return { receipt, receiptLookup, id: reportIdOf(submission.armoredReport), submission };
}

/** Proofs are solved first, so the request itself can be awaited with its status checked. */
const open = async (receiptLookup: string, status?: number) => {
  const response = await request(platform.app)
    .post('/api/v1/returns')
    .send({ receiptLookup, proofOfWork: await proof('return') });
  if (status !== undefined) expect([response.status, response.body.error]).toEqual([status, undefined]);
  return response;
};

const recipients = () => ({
  armoredAgencyKey: platform.agency.armoredPublicKey,
  pinnedAgencyFingerprint: platform.agency.fingerprint,
});

const seal = async (message: unknown, armoredReporterKey: string) =>
  (await crypto.sealThreadMessage({ ...recipients(), message, armoredReporterKey })).armoredMessage;

const sendAsReporter = async (
  receiptLookup: string,
  armoredMessage: string,
  { attachments, status }: { attachments?: Upload[]; status?: number } = {},
) => {
  const response = await request(platform.app)
    .post('/api/v1/returns/messages')
    .send({
      receiptLookup,
      armoredMessage,
      proofOfWork: await proof('return'),
      ...(attachments ? { attachments } : {}),
    });
  if (status !== undefined) expect([response.status, response.body.error]).toEqual([status, undefined]);
  return response;
};

const sendAsReviewer = (id: string, armoredMessage: string) =>
  request(platform.app).post(`/api/v1/reports/${id}/messages`).auth(token, { type: 'bearer' }).send({ armoredMessage });

const readThread = (id: string) =>
  request(platform.app).get(`/api/v1/reports/${id}/messages`).auth(token, { type: 'bearer' }).expect(200);

const inbox = async (query = '') =>
  (await request(platform.app).get(`/api/v1/reports?${query}`).auth(token, { type: 'bearer' }).expect(200)).body
    .reports as { id: string; unreadReplies: boolean }[];

describe('a return visit', () => {
  it('opens the report with the receipt: status in plain words, the reporter key the receipt unlocks, the thread', async () => {
    const { receipt, receiptLookup, submission } = await sendReport();
    const { body } = await open(receiptLookup, 200);
    expect(body.status).toBe('received');
    expect(body.messages).toEqual([]);
    const fingerprint = async (armoredKey: string) => (await readKey({ armoredKey })).getFingerprint();
    expect(await fingerprint(body.reporterKey.armoredPublicKey)).toBe(
      await fingerprint(submission.reporterKey.armoredPublicKey),
    );
    // The key the server hands back opens with the receipt, and only with it.
    await expect(
      crypto.unlockReporterKey({ receipt, armoredPrivateKey: body.reporterKey.armoredPrivateKey }),
    ).resolves.toHaveProperty('keyRef');
    const other = (await sealForPlatform(platform)).receipt;
    await expect(
      crypto.unlockReporterKey({ receipt: other, armoredPrivateKey: body.reporterKey.armoredPrivateKey }),
    ).rejects.toMatchObject({ code: 'wrong_passphrase' });
  });

  it('hands back the stored report, ciphertext, which the receipt’s key decrypts in the browser', async () => {
    const { receipt, receiptLookup, submission } = await sendReport();
    const { body } = await open(receiptLookup, 200);
    expect(body.report.envelopeVersion).toBe(submission.envelopeVersion);
    expect(await packetsOf(body.report.armoredReport)).toBe(await packetsOf(submission.armoredReport));
    const { keyRef } = await crypto.unlockReporterKey({
      receipt,
      armoredPrivateKey: body.reporterKey.armoredPrivateKey,
    });
    await expect(crypto.decryptReport({ armoredReport: body.report.armoredReport, keyRef })).resolves.toMatchObject({
      status: 'ok',
      envelopeVersion: 2,
      report: { whatHappened: 'test', agency: 'police' },
    });
  });

  it('hands back a report sent to the recipient set alone the same way; the receipt’s key cannot open it', async () => {
    const { receipt, submission } = await sealForPlatform(platform);
    const armoredReport = await encryptToKeys('{"envelope":"whistle412/report","v":2,"report":{}}', [
      platform.agency.armoredPublicKey,
    ]);
    await request(platform.app)
      .post('/api/v1/reports')
      .send({ ...submission, armoredReport, proofOfWork: await proof('report') })
      .expect(201);
    await platform.settled();
    const { body, text } = await open((await crypto.receiptLookup({ receipt })).receiptLookup, 200);
    expect(await packetsOf(body.report.armoredReport)).toBe(await packetsOf(armoredReport));
    const { keyRef } = await crypto.unlockReporterKey({
      receipt,
      armoredPrivateKey: body.reporterKey.armoredPrivateKey,
    });
    await expect(crypto.decryptReport({ armoredReport: body.report.armoredReport, keyRef })).resolves.toEqual({
      status: 'failed',
      reason: 'not_for_this_key',
    });
    // The same bucket as a report the reporter can read: the answer does not say which kind it is.
    const readable = await open((await sendReport()).receiptLookup, 200);
    expect(text.length).toBe(readable.text.length);
  });

  it('without a proof of work is refused before anything is looked up', async () => {
    const { receiptLookup } = await sendReport();
    const response = await request(platform.app).post('/api/v1/returns').send({ receiptLookup }).expect(400);
    expect(response.body.error.code).toBe('proof_of_work_required');
    const wrongPurpose = await request(platform.app)
      .post('/api/v1/returns')
      .send({ receiptLookup, proofOfWork: await proof('report') })
      .expect(400);
    expect(wrongPurpose.body.error.code).toBe('proof_of_work_invalid');
  });

  it('a proof of work buys one attempt, right or wrong', async () => {
    const { receiptLookup } = await sendReport();
    const proofOfWork = await proof('return');
    await request(platform.app)
      .post('/api/v1/returns')
      .send({ receiptLookup: 'a'.repeat(64), proofOfWork })
      .expect(404);
    const again = await request(platform.app).post('/api/v1/returns').send({ receiptLookup, proofOfWork }).expect(409);
    expect(again.body.error.code).toBe('proof_of_work_spent');
  });

  it('a wrong receipt gets one uniform error, the same for every unknown receipt and for writing', async () => {
    const answers = await Promise.all(
      [randomBytes(32).toString('hex'), 'f'.repeat(64)].map(async (lookup) => (await open(lookup)).body),
    );
    const writing = await sendAsReporter(randomBytes(32).toString('hex'), '-----BEGIN PGP MESSAGE-----');
    expect(writing.status).toBe(404);
    for (const body of [...answers, writing.body]) {
      expect(body).toEqual({
        error: { code: 'receipt_not_recognised', message: answers[0]!.error.message },
      });
    }
  });

  it('answers an empty thread and a thread with messages in the same size bucket', async () => {
    const empty = await sendReport();
    const busy = await sendReport();
    const busyKey = (await open(busy.receiptLookup, 200)).body.reporterKey.armoredPublicKey as string;
    await sendAsReporter(busy.receiptLookup, await seal({ text: 'first', attachments: [] }, busyKey), { status: 201 });
    await sendAsReviewer(busy.id, await seal({ text: 'a question' }, busyKey)).expect(201);
    const emptyAnswer = await open(empty.receiptLookup, 200);
    const busyAnswer = await open(busy.receiptLookup, 200);
    expect(emptyAnswer.body.messages).toHaveLength(0);
    expect(busyAnswer.body.messages).toHaveLength(2);
    // Both carry their report's ciphertext: the same reads and the same fields whether or not anything waits.
    expect(Object.keys(emptyAnswer.body).sort()).toEqual(Object.keys(busyAnswer.body).sort());
    expect(emptyAnswer.body.report.armoredReport).toContain('-----BEGIN PGP MESSAGE-----');
    expect(emptyAnswer.text.length).toBe(busyAnswer.text.length);
    expect(emptyAnswer.text.length).toBe(returnBucket(1));
    // Only ASCII goes out, so characters are bytes.
    expect(Buffer.byteLength(busyAnswer.text)).toBe(busyAnswer.text.length);
  });

  it('finds reports stored before receipts had their own lookup, once the sweep has run (migration)', async () => {
    const { receiptLookup } = await sendReport();
    await platform.db.collection('report_receipts').deleteMany({});
    expect((await open(receiptLookup)).status).toBe(404);
    await platform.scheduler.run('reports-sweep');
    await platform.settled();
    expect((await open(receiptLookup)).status).toBe(200);
  });
});

describe('the thread', () => {
  it('carries the conversation both ways, with the reporter’s files, and flags unread replies in the inbox', async () => {
    const { receipt, receiptLookup, id } = await sendReport();
    const reporterKey = (await open(receiptLookup, 200)).body.reporterKey;

    // A reviewer asks; the reporter reads it with the key the receipt unlocks.
    await sendAsReviewer(id, await seal({ text: 'When did it happen?' }, reporterKey.armoredPublicKey)).expect(201);
    expect((await inbox()).find((r) => r.id === id)?.unreadReplies).toBe(false);
    const seen = (await open(receiptLookup, 200)).body;
    expect(seen.messages.map((m: { author: string }) => m.author)).toEqual(['reviewer']);
    const { keyRef } = await crypto.unlockReporterKey({ receipt, armoredPrivateKey: reporterKey.armoredPrivateKey });
    await expect(
      crypto.decryptThreadMessage({ armoredMessage: seen.messages[0].armoredMessage, keyRef }),
    ).resolves.toEqual({ status: 'ok', message: { text: 'When did it happen?' } });

    // The reporter answers with a file.
    const { segments } = await encryptFileForPlatform(platform, randomBytes(2000));
    const created = await request(platform.app)
      .post('/api/v1/attachments')
      .send({ segmentCount: segments.length, proofOfWork: await proof('upload') })
      .expect(201);
    const upload = { id: created.body.id as string, uploadToken: created.body.uploadToken as string };
    for (const [index, bytes] of segments.entries()) await putSegment(platform, upload, index, bytes).expect(200);
    const answer = await seal({ text: 'Yesterday', attachments: [] }, reporterKey.armoredPublicKey);
    const sent = await sendAsReporter(receiptLookup, answer, { attachments: [upload], status: 201 });
    expect(sent.body.sentAt).toMatch(/T\d\d:00:00\.000Z$/);

    // The inbox shows the reply as unread, can filter on it, and reading the thread clears it.
    expect((await inbox()).find((r) => r.id === id)?.unreadReplies).toBe(true);
    expect((await inbox('unreadReplies=true')).map((r) => r.id)).toContain(id);
    const thread = (await readThread(id)).body;
    expect(thread.messages.map((m: { author: string }) => m.author)).toEqual(['reviewer', 'reporter']);
    expect(thread.reporterPublicKey).toBe(reporterKey.armoredPublicKey);
    expect((await inbox('unreadReplies=true')).map((r) => r.id)).not.toContain(id);
    const files = await request(platform.app)
      .get(`/api/v1/reports/${id}/attachments`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(files.body.attachments.map((a: { id: string }) => a.id)).toEqual([upload.id]);
  });

  it("a reporter's reply is not logged among reviewers' timed changes, which would date it finer than the hour", async () => {
    const { receiptLookup, id } = await sendReport();
    const key = (await open(receiptLookup, 200)).body.reporterKey.armoredPublicKey;
    await sendAsReporter(receiptLookup, await seal({ text: 'a reply' }, key), { status: 201 });
    // The change log orders reviewers' changes (each exact in the audit log); the reply's flag is not among them.
    const logged = await platform.db.collection('inbox_changes').find({}).toArray();
    expect(logged.flatMap((entry) => entry.ids as string[])).not.toContain(id);
    // The inbox still shows the reply waiting.
    expect((await inbox('unreadReplies=true')).map((r) => r.id)).toContain(id);
  });

  it('stores messages with hour-precision times and re-armored ciphertext only', async () => {
    const { receiptLookup, id } = await sendReport();
    const key = (await open(receiptLookup, 200)).body.reporterKey.armoredPublicKey;
    const armored = await seal({ text: 'hello' }, key);
    await sendAsReporter(receiptLookup, armored.replace('\n\n', '\nComment: added by a client\n\n'), { status: 201 });
    const stored = await platform.db.collection('report_messages').findOne({ _id: reportIdOf(armored) } as never);
    expect(stored).toMatchObject({ reportId: id, author: 'reporter' });
    expect((stored!.sentAt as Date).getUTCMinutes() + (stored!.sentAt as Date).getUTCSeconds()).toBe(0);
    expect((stored!.sentAt as Date).getUTCMilliseconds()).toBe(0);
    expect(stored!.armoredMessage).not.toContain('Comment');
    expect(Object.keys(stored!).sort()).toEqual(['_id', 'armoredMessage', 'author', 'reportId', 'sentAt']);
  });

  it('sending the same message again stores it once', async () => {
    const { receiptLookup, id } = await sendReport();
    const key = (await open(receiptLookup, 200)).body.reporterKey.armoredPublicKey;
    const armored = await seal({ text: 'twice' }, key);
    await sendAsReporter(receiptLookup, armored, { status: 201 });
    await sendAsReporter(receiptLookup, armored, { status: 201 });
    expect((await readThread(id)).body.messages).toHaveLength(1);
  });

  it('holds at most 100 messages, even when the last places are raced for: the refused ones write nothing', async () => {
    const { receiptLookup, id } = await sendReport();
    const key = (await open(receiptLookup, 200)).body.reporterKey.armoredPublicKey;
    for (let n = 0; n < MAX_THREAD_MESSAGES - 3; n++) {
      await sendAsReviewer(id, await seal({ text: `question ${n}` }, key)).expect(201);
    }
    // Ten messages for the last three places, at once (their proofs solved first).
    const bodies = await Promise.all(
      Array.from({ length: 10 }, async (_, n) => ({
        receiptLookup,
        armoredMessage: await seal({ text: `answer ${n}` }, key),
        proofOfWork: await proof('return'),
      })),
    );
    const answers = await Promise.all(
      bodies.map((body) => request(platform.app).post('/api/v1/returns/messages').send(body)),
    );
    const outcomes = answers.map((r) => `${r.status} ${r.body.error?.code ?? ''}`).sort();
    expect(outcomes).toEqual([...Array(3).fill('201 '), ...Array(7).fill('409 thread_full')]);
    expect((await readThread(id)).body.messages).toHaveLength(MAX_THREAD_MESSAGES);
    expect(await platform.db.collection('report_messages').countDocuments({ reportId: id })).toBe(MAX_THREAD_MESSAGES);
    // A message already in the full thread, sent again (a lost answer), is answered as before.
    const stored = bodies[answers.findIndex((r) => r.status === 201)]!;
    await sendAsReporter(receiptLookup, stored.armoredMessage, { status: 201 });
  });

  it('nothing typed in a message reaches the database in the clear', async () => {
    const canary = `CANARY-msg-${randomBytes(6).toString('hex')}-Қазақ-тілі`;
    const { receiptLookup, id } = await sendReport();
    const key = (await open(receiptLookup, 200)).body.reporterKey.armoredPublicKey;
    await sendAsReporter(receiptLookup, await seal({ text: canary }, key), { status: 201 });
    await sendAsReviewer(id, await seal({ text: `${canary} reviewer` }, key)).expect(201);
    for (const name of ['report_messages', 'report_threads', 'reports', 'report_bodies']) {
      const all = JSON.stringify(await platform.db.collection(name).find({}).toArray());
      expect(all).not.toContain(canary);
      expect(all).not.toContain(JSON.stringify(canary).slice(1, 20));
    }
  });
});

describe('recipients are enforced', () => {
  let report: Awaited<ReturnType<typeof sendReport>>;
  let reporterKey: string;
  beforeAll(async () => {
    report = await sendReport();
    reporterKey = (await open(report.receiptLookup, 200)).body.reporterKey.armoredPublicKey;
  });

  it.each([
    [
      'to the agency key only (the reporter could not read it)',
      'not_addressed_to_reporter',
      async () => [platform.agency.armoredPublicKey],
    ],
    ['to the reporter key only', 'not_addressed_to_agency', async () => [reporterKey]],
    [
      'to a stranger besides the agency and the reporter',
      'unknown_recipient',
      async () => [platform.agency.armoredPublicKey, reporterKey, await strangerKey()],
    ],
    [
      "to another report's reporter key",
      'not_addressed_to_reporter',
      async () => [
        platform.agency.armoredPublicKey,
        (await sealForPlatform(platform)).submission.reporterKey.armoredPublicKey,
      ],
    ],
  ])('a message %s is refused (422), from either side, and nothing is written', async (_, code, keys) => {
    const armored = await encryptToKeys('text', await keys());
    const before = await platform.counts();
    const fromReporter = await sendAsReporter(report.receiptLookup, armored);
    const fromReviewer = await sendAsReviewer(report.id, armored);
    expect([fromReporter.status, fromReporter.body.error.code]).toEqual([422, code]);
    expect([fromReviewer.status, fromReviewer.body.error.code]).toEqual([422, code]);
    const after = await platform.counts();
    expect({ ...after, spent_challenges: 0 }).toEqual({ ...before, spent_challenges: 0 });
  });

  it('a message that is not a strict encrypted message is refused with the packet reader’s code', async () => {
    const response = await sendAsReviewer(report.id, 'not armor');
    expect([response.status, response.body.error.code]).toEqual([400, 'invalid_armor']);
  });

  it('a product message is addressed to exactly the agency key and the reporter key', async () => {
    const armored = await seal({ text: 'x' }, reporterKey);
    const { recipientKeyIds } = inspectEncryptedMessage({ armoredMessage: armored });
    const reporter = await readKey({ armoredKey: reporterKey });
    const agency = await readKey({ armoredKey: platform.agency.armoredPublicKey });
    const expected = [agency, reporter].map(async (k) => (await k.getEncryptionKey()).getKeyID().toHex());
    expect(recipientKeyIds.sort()).toEqual((await Promise.all(expected)).sort());
  });

  it('a reviewer cannot write to a report that does not exist (404)', async () => {
    const armored = await seal({ text: 'x' }, reporterKey);
    const response = await sendAsReviewer('A'.repeat(22), armored);
    expect([response.status, response.body.error.code]).toEqual([404, 'report_not_found']);
  });

  it("reading a report's thread is audited; reading one that does not exist is a 404 with no entry", async () => {
    const viewsOf = (target: string) =>
      platform.db.collection('audit_log').countDocuments({ action: 'thread.view', target });
    const { id } = await sendReport();
    await readThread(id);
    expect(await viewsOf(id)).toBe(1);
    const missing = 'A'.repeat(22);
    const response = await request(platform.app)
      .get(`/api/v1/reports/${missing}/messages`)
      .auth(token, { type: 'bearer' });
    expect([response.status, response.body.error.code]).toEqual([404, 'report_not_found']);
    expect(await viewsOf(missing)).toBe(0);
  });
});

describe('logging', () => {
  it('return visits write no per-request line; they are counted in the hourly line', async () => {
    const { receiptLookup } = await sendReport();
    await platform.scheduler.run('traffic'); // the hour so far ends: the next line counts only what follows
    const before = platform.logs.length;
    await open(receiptLookup, 200);
    expect((await open('0'.repeat(64))).status).toBe(404);
    expect(platform.logs.slice(before).filter((l) => l.includes('/returns'))).toEqual([]);
    await platform.scheduler.run('traffic');
    const hourly = platform.logs.slice(before).find((l) => l.includes('in the hour that ended'))!;
    expect(JSON.parse(hourly).requests['POST /api/v1/returns']).toEqual({ '2xx': 1, '4xx': 1 });
  });
});
