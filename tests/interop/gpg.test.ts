import { randomBytes } from 'node:crypto';

import { readKey } from 'openpgp';
import request from 'supertest';

import { createCryptoApi, deriveReceiptSecrets, SEGMENT_BYTES } from '../../backend/src/crypto';
import { toReport } from '../../frontend/src/report/form/draft';
import { reportV2 } from '../../frontend/src/shared/report-v2';
import { encryptFileForPlatform, uploadFile } from '../support/attachments';
import { GpgHome, gpgVersion } from '../support/gpg';
import { AGENCY_PASSPHRASE, startTestPlatform, type TestPlatform } from '../support/platform';
import { fullDraft } from '../support/report-draft';
import { packetsOf, sealForPlatform, submissionWith } from '../support/reports';

/** gpg is the independent reader: what the product stores must open with standard tools and the agency key alone. */
let platform: TestPlatform;
let gpg: GpgHome;
beforeAll(async () => {
  platform = await startTestPlatform('gpg');
  gpg = new GpgHome(AGENCY_PASSPHRASE);
  gpg.importKey(platform.agency.armoredPrivateKey);
});
afterAll(async () => {
  gpg.remove();
  await platform.close();
});

const envelope = (report: unknown, v = 1) => JSON.stringify({ envelope: 'whistle412/report', v, report, pad: '' });
/** A version 2 report as the form writes it, in Russian and Kazakh. */
const structured = (account: string) => ({
  ...toReport(fullDraft()),
  inducement: { ...toReport(fullDraft()).inducement, account },
});

it(`runs against ${gpgVersion()}`, () => {
  expect(gpgVersion()).toMatch(/^gpg \(GnuPG\) 2\./);
});

it('a report stored by the product decrypts with gpg and the agency private key', async () => {
  const canary = `Канарейка-${randomBytes(6).toString('hex')} әңгіме`;
  const report = structured(canary);
  const { submission } = await sealForPlatform(platform, report);
  await request(platform.app).post('/api/v1/reports').send(submission).expect(201);

  const sent = await packetsOf(submission.armoredReport);
  const bodies = await platform.db.collection('report_bodies').find().toArray();
  const stored = (
    await Promise.all(bodies.map(async (b) => ((await packetsOf(b.armoredReport)) === sent ? b : null)))
  ).find(Boolean);
  const decrypted = gpg.decrypt(stored!.armoredReport as string);
  expect(decrypted.status).toBe(0);
  const plaintext = decrypted.stdout.toString('utf8');
  expect(plaintext).toContain(canary);
  expect(JSON.parse(plaintext)).toMatchObject({ envelope: 'whistle412/report', v: 2, report });
  expect(gpg.listPackets(stored!.armoredReport as string)).toMatch(/encrypted data packet[\s\S]*mdc_method: 2/);
});

it.each([
  [
    1,
    {
      whatHappened: 'Отправлено через gpg: инспектор требовал деньги.',
      agency: 'police',
      date: '2026-10-01',
      region: null,
    },
  ],
  [2, structured('Gpg арқылы жіберілді: инспектор ақша талап етті.')],
] as const)(
  'a version %i report encrypted by gpg to the agency key is accepted and reads back through the console decryption path',
  async (version, report) => {
    const armoredReport = gpg.encrypt(envelope(report, version), [platform.agency.fingerprint]);
    const { reporterKey: _none, ...submission } = {
      ...(await submissionWith(platform, armoredReport)),
      envelopeVersion: version,
    };
    await request(platform.app).post('/api/v1/reports').send(submission).expect(201);

    const token = await platform.login();
    const list = await request(platform.app).get('/api/v1/reports').auth(token, { type: 'bearer' }).expect(200);
    const opened = await Promise.all(
      list.body.reports.map(async ({ id }: { id: string }) => {
        const stored = await request(platform.app)
          .get(`/api/v1/reports/${id}`)
          .auth(token, { type: 'bearer' })
          .expect(200);
        return packetsOf(stored.body.armoredReport as string);
      }),
    );
    expect(opened).toContain(await packetsOf(armoredReport));

    const crypto = createCryptoApi();
    const { keyRef } = await crypto.unlockKey({
      armoredPrivateKey: platform.agency.armoredPrivateKey,
      passphrase: AGENCY_PASSPHRASE,
    });
    await expect(crypto.decryptReport({ armoredReport, keyRef })).resolves.toEqual({
      status: 'ok',
      envelopeVersion: version,
      report,
    });
    if (version === 2) expect(reportV2.safeParse(report).success).toBe(true);
  },
);

it('a gpg message compressed by gpg still opens (gpg compresses unless told not to)', async () => {
  const report = { whatHappened: 'x'.repeat(5000), agency: 'other', date: null, region: null };
  const armoredReport = gpg.encrypt(envelope(report), [platform.agency.fingerprint], ['--compress-algo', 'zlib']);
  expect(gpg.listPackets(armoredReport)).toContain('compressed packet');
  const crypto = createCryptoApi();
  const { keyRef } = await crypto.unlockKey({
    armoredPrivateKey: platform.agency.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
  });
  await expect(crypto.decryptReport({ armoredReport, keyRef })).resolves.toMatchObject({ status: 'ok', report });
});

it.each([
  [
    'hidden recipients (--throw-keyids)',
    () => gpg.encrypt(envelope({}), [platform.agency.fingerprint], ['--throw-keyids']),
    400,
    'hidden_recipients',
  ],
  [
    'a symmetric (password) message',
    () => {
      const result = gpg.run(
        ['--armor', '--pinentry-mode', 'loopback', '--passphrase', 'pw', '--symmetric'],
        envelope({}),
      );
      return result.stdout.toString('utf8');
    },
    400,
    'not_encrypted',
  ],
  [
    'a clear-signed message',
    () => {
      const result = gpg.run(
        ['--pinentry-mode', 'loopback', '--passphrase', AGENCY_PASSPHRASE, '--clearsign'],
        envelope({}),
      );
      return result.stdout.toString('utf8');
    },
    400,
    'invalid_armor',
  ],
])('the server refuses a gpg message with %s', async (_what, make, status, code) => {
  const before = await platform.counts();
  const response = await request(platform.app)
    .post('/api/v1/reports')
    .send(await submissionWith(platform, make()));
  expect([response.status, response.body.error?.code]).toEqual([status, code]);
  expect(await platform.counts()).toEqual(before);
});

it('a long gpg report (partial body lengths, compressed or not) is accepted and what is stored decrypts with gpg', async () => {
  for (const compression of ['none', 'zlib']) {
    // Random text so compression leaves it long: gpg then frames the encrypted data in partial chunks.
    const text = randomBytes(90_000).toString('base64');
    const armoredReport = gpg.encrypt(text, [platform.agency.fingerprint], ['--compress-algo', compression]);
    expect([compression, gpg.listPackets(armoredReport)]).toEqual([compression, expect.stringMatching(/partial/)]);
    const { reporterKey: _none, ...submission } = await submissionWith(platform, armoredReport);
    await request(platform.app).post('/api/v1/reports').send(submission).expect(201);
    const sent = await packetsOf(armoredReport);
    const bodies = await platform.db.collection('report_bodies').find().toArray();
    const stored = (
      await Promise.all(bodies.map(async (b) => ((await packetsOf(b.armoredReport)) === sent ? b : null)))
    ).find(Boolean);
    expect(stored!.armoredReport).toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END PGP MESSAGE-----\n$/);
    const decrypted = gpg.decrypt(stored!.armoredReport as string);
    expect([compression, decrypted.status, decrypted.stdout.toString('utf8') === text]).toEqual([compression, 0, true]);
  }
});

it('the reporter key (smallest S2K count) imports into gpg 2.2, which decrypts a reply with the receipt-derived passphrase', async () => {
  const { submission, receipt } = await sealForPlatform(platform);
  await request(platform.app).post('/api/v1/reports').send(submission).expect(201);
  const sent = await packetsOf(submission.reporterKey.armoredPublicKey);
  const bodies = await platform.db
    .collection('report_bodies')
    .find({ reporterKey: { $ne: null } })
    .toArray();
  const stored = (
    await Promise.all(bodies.map(async (b) => ((await packetsOf(b.reporterKey.armoredPublicKey)) === sent ? b : null)))
  ).find(Boolean);
  const { reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
  const reporterGpg = new GpgHome(reporterKeyPassphrase);
  try {
    reporterGpg.importKey(stored!.reporterKey.armoredPrivateKey as string);
    expect(reporterGpg.listPackets(stored!.reporterKey.armoredPrivateKey as string)).toMatch(
      /protect count: 1024 \(0\)/,
    );
    const fingerprint = (
      await readKey({ armoredKey: stored!.reporterKey.armoredPublicKey as string })
    ).getFingerprint();
    const reply = reporterGpg.encrypt('Ответ агентства: расскажите подробнее.', [fingerprint]);
    const decrypted = reporterGpg.decrypt(reply);
    expect([decrypted.status, decrypted.stdout.toString('utf8')]).toEqual([
      0,
      'Ответ агентства: расскажите подробнее.',
    ]);
  } finally {
    reporterGpg.remove();
  }
});

describe('evidence files', () => {
  it('gpg decrypts each stored segment with the agency key, and the plaintexts concatenated are the file', async () => {
    const content = Buffer.concat([
      Buffer.from(`Segment canary ${randomBytes(6).toString('hex')}\n`),
      randomBytes(SEGMENT_BYTES),
    ]);
    const { segments } = await encryptFileForPlatform(platform, content);
    expect(segments).toHaveLength(2);
    const upload = await uploadFile(platform, segments);
    const parts: Buffer[] = [];
    for (let index = 0; index < segments.length; index++) {
      const stored = await platform.db
        .collection('attachment_segments')
        .findOne({ _id: `${upload.id}:${index}` as never });
      const bytes = Buffer.from(stored!.data.buffer as Uint8Array);
      const decrypted = gpg.run(['--pinentry-mode', 'loopback', '--passphrase', AGENCY_PASSPHRASE, '--decrypt'], bytes);
      expect(decrypted.status).toBe(0);
      parts.push(decrypted.stdout);
      const packets = gpg.run(
        ['--list-packets', '--pinentry-mode', 'loopback', '--passphrase', AGENCY_PASSPHRASE],
        bytes,
      );
      // SEIPDv1 with an MDC, no compression, and a literal-data packet dated 0 with no file name.
      expect(packets.stdout.toString('utf8')).toMatch(/encrypted data packet[\s\S]*mdc_method: 2/);
      expect(packets.stdout.toString('utf8')).not.toMatch(/compressed packet/);
      expect(packets.stdout.toString('utf8')).toMatch(/literal data packet:\s*mode b \(62\), created 0, name="",/);
    }
    expect(Buffer.concat(parts).equals(content)).toBe(true);
  });
});

it('a thread message stored by the product decrypts with gpg and the agency key, and with the reporter key', async () => {
  const canary = `Хабар-${randomBytes(6).toString('hex')} сұрақ`;
  const { receipt, submission } = await sealForPlatform(platform);
  await request(platform.app).post('/api/v1/reports').send(submission).expect(201);
  await platform.settled();
  const crypto = createCryptoApi();
  const { receiptLookup, reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
  const opened = await request(platform.app).post('/api/v1/returns').send({ receiptLookup }).expect(200);
  const { armoredMessage } = await crypto.sealThreadMessage({
    message: { text: canary },
    armoredAgencyKey: platform.agency.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
    armoredReporterKey: opened.body.reporterKey.armoredPublicKey,
  });
  const sent = await request(platform.app)
    .post('/api/v1/returns/messages')
    .send({ receiptLookup, armoredMessage })
    .expect(201);
  const stored = await platform.db.collection('report_messages').findOne({ _id: sent.body.id } as never);

  const asAgency = gpg.decrypt(stored!.armoredMessage as string);
  expect(asAgency.status).toBe(0);
  expect(JSON.parse(asAgency.stdout.toString('utf8'))).toMatchObject({ envelope: 'whistle412/message', v: 1 });
  expect(asAgency.stdout.toString('utf8')).toContain(canary);

  // The reporter's key opens it too, in gpg, with the passphrase derived from the receipt.
  const reporterGpg = new GpgHome(reporterKeyPassphrase);
  try {
    reporterGpg.importKey(opened.body.reporterKey.armoredPrivateKey);
    const asReporter = reporterGpg.decrypt(stored!.armoredMessage as string);
    expect(asReporter.status).toBe(0);
    expect(asReporter.stdout.toString('utf8')).toContain(canary);
  } finally {
    reporterGpg.remove();
  }
});
