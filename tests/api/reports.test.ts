import { createHash, randomBytes } from 'node:crypto';

import { armor, createMessage, encrypt, enums, readKey } from 'openpgp';
import request from 'supertest';

import { deriveReceiptSecrets, inspectEncryptedMessage, unlockPrivateKey } from '../../backend/src/crypto';
import { reportIdOf } from '../../backend/src/features/reports/service';
import { MAX_ARMORED_REPORT_CHARS } from '../../backend/src/features/reports/schemas';
import { finerThanHour, submissionTimes } from '../support/packet-times';
import { AGENCY_PASSPHRASE, startTestPlatform, type TestPlatform } from '../support/platform';
import { seededRandom } from '../support/random';
import { encryptToKeys, packetsOf, sealForPlatform, strangerKey, submissionWith } from '../support/reports';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('reports');
});
afterAll(() => platform?.close()); // `?.`: a platform that could not start fails the tests with that reason alone

const post = (body: unknown) =>
  request(platform.app)
    .post('/api/v1/reports')
    .send(body as object);

describe('POST /api/v1/reports accepts a report encrypted in the browser', () => {
  it('stores only ciphertext, an hour-precision time and a hash of the receipt lookup value', async () => {
    const canary = `canary-${randomBytes(6).toString('hex')}`;
    const { receipt, submission } = await sealForPlatform(platform, { whatHappened: canary, agency: 'police' });
    const response = await post(submission).expect(201);
    expect(response.body).toEqual({ received: true, receivedAt: '2026-11-25T10:00:00.000Z' });

    const id = reportIdOf(
      (await inspectEncryptedMessage({ armoredMessage: submission.armoredReport })).canonicalArmoredMessage,
    );
    // The inbox entry: three workflow fields and nothing else (written just after the answer).
    await platform.settled();
    const entry = await platform.db.collection('reports').findOne({ _id: id as never });
    expect(entry).toEqual({ _id: id, status: 'new', receivedAt: new Date('2026-11-25T10:00:00.000Z') });
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const body = await platform.db.collection('report_bodies').findOne({ _id: id as never });
    expect(Object.keys(body!).sort()).toEqual([
      '_id',
      'armoredReport',
      'envelopeVersion',
      'receiptLookupHash',
      'receivedAt',
      'reporterKey',
    ]);
    expect(body).toMatchObject({
      envelopeVersion: 2,
      receivedAt: new Date('2026-11-25T10:00:00.000Z'),
      receiptLookupHash: createHash('sha256').update(submission.receiptLookup).digest('hex'),
    });
    expect(await packetsOf(body!.armoredReport)).toBe(await packetsOf(submission.armoredReport));
    expect(JSON.stringify([entry, body])).not.toContain(canary);
    expect(JSON.stringify([entry, body])).not.toContain(submission.receiptLookup);

    const { reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
    const reporterKey = await unlockPrivateKey({
      armoredPrivateKey: body!.reporterKey.armoredPrivateKey,
      passphrase: reporterKeyPassphrase,
    });
    expect(reporterKey.isDecrypted()).toBe(true);
    expect(reporterKey.getFingerprint()).toBe(
      (await readKey({ armoredKey: body!.reporterKey.armoredPublicKey })).getFingerprint(),
    );
  });

  it('stores the message armored afresh: an armor header someone added is not kept', async () => {
    const { submission } = await sealForPlatform(platform);
    const withHeader = submission.armoredReport.replace(
      '-----BEGIN PGP MESSAGE-----\n',
      '-----BEGIN PGP MESSAGE-----\nComment: reporter Ivan Petrov\n',
    );
    await post({ ...submission, armoredReport: withHeader }).expect(201);
    const reports = await platform.db.collection('report_bodies').find().toArray();
    expect(JSON.stringify(reports)).not.toContain('Ivan Petrov');
  });

  it('accepts a report of exactly the size limit (an armor header brings it there)', async () => {
    const { submission } = await sealForPlatform(platform);
    const header = '-----BEGIN PGP MESSAGE-----\n';
    const filler = MAX_ARMORED_REPORT_CHARS - submission.armoredReport.length - 'Comment: \n'.length;
    const atLimit = submission.armoredReport.replace(header, `${header}Comment: ${'x'.repeat(filler)}\n`);
    expect(atLimit.length).toBe(MAX_ARMORED_REPORT_CHARS);
    await post({ ...submission, armoredReport: atLimit }).expect(201);
  });

  it('stores the reporter key re-armored from its packets: armor comments and white space are not kept', async () => {
    const { submission } = await sealForPlatform(platform);
    const commented = {
      armoredPublicKey: `\n\n${submission.reporterKey.armoredPublicKey.replace('\n\n', '\nComment: Ivan Petrov\n\n')}\n`,
      armoredPrivateKey: submission.reporterKey.armoredPrivateKey.replace('\n\n', '\nVersion: Ivan 1.0\n\n'),
    };
    await post({ ...submission, reporterKey: commented }).expect(201);
    const bodies = await platform.db.collection('report_bodies').find().toArray();
    expect(JSON.stringify(bodies)).not.toContain('Ivan');
    const sent = await packetsOf(submission.reporterKey.armoredPublicKey);
    const stored = await Promise.all(
      bodies.map((b) => (b.reporterKey ? packetsOf(b.reporterKey.armoredPublicKey) : '')),
    );
    expect(stored).toContain(sent);
  });

  it('stores no time finer than the hour in any packet: key, signatures, and the literal data inside', async () => {
    const { submission } = await sealForPlatform(platform);
    await post(submission).expect(201);
    const sent = await packetsOf(submission.armoredReport);
    const bodies = await platform.db.collection('report_bodies').find().toArray();
    const stored = (
      await Promise.all(bodies.map(async (b) => ((await packetsOf(b.armoredReport)) === sent ? b : null)))
    ).find(Boolean);
    const agencyKey = await unlockPrivateKey({
      armoredPrivateKey: platform.agency.armoredPrivateKey,
      passphrase: AGENCY_PASSPHRASE,
    });
    const times = await submissionTimes(
      { armoredReport: stored!.armoredReport as string, reporterKey: stored!.reporterKey },
      agencyKey,
    );
    // The literal data, and in each half the primary key, the user ID certification, the subkey and its binding.
    expect(times).toHaveLength(9);
    expect(finerThanHour(times)).toEqual([]);
    expect(times.find((t) => t.where.startsWith('literal'))?.seconds).toBe(0);
  });

  it('accepts a report without a reporter key (a client that wants no replies); the reviewer sees which is which', async () => {
    const { submission } = await sealForPlatform(platform);
    const { reporterKey: _omitted, ...rest } = submission;
    // Addressed to the recipient set alone: without a reporter key beside it, that is all a report may be to.
    const withoutKey = {
      ...rest,
      armoredReport: await encryptToKeys('{"envelope":"whistle412/report","v":2,"report":{}}', [
        platform.agency.armoredPublicKey,
      ]),
    };
    await post(withoutKey).expect(201);
    const { submission: withKey } = await sealForPlatform(platform);
    await post(withKey).expect(201);
    const token = await platform.login();
    const opened = async ({ armoredReport }: { armoredReport: string }) => {
      const id = reportIdOf((await inspectEncryptedMessage({ armoredMessage: armoredReport })).canonicalArmoredMessage);
      const response = await request(platform.app).get(`/api/v1/reports/${id}`).auth(token, { type: 'bearer' });
      return [response.status, response.body.id === id, response.body.hasReporterKey];
    };
    // A reviewer can answer only a report that has one (the thread is encrypted to it).
    expect(await opened(withoutKey)).toEqual([200, true, false]);
    expect(await opened(withKey)).toEqual([200, true, true]);
  });
});

describe("a report is encrypted to the recipient set and, optionally, to the submission's own reporter key", () => {
  const reporterKeyId = async (armoredPublicKey: string) =>
    (await (await readKey({ armoredKey: armoredPublicKey })).getEncryptionKey()).getKeyID().toHex();

  it("accepts the product's report, addressed to the agency key and the reporter key sent beside it", async () => {
    const { submission } = await sealForPlatform(platform);
    await post(submission).expect(201);
    const stored = await platform.db
      .collection('report_bodies')
      .findOne({ _id: reportIdOf(submission.armoredReport) as never });
    const { recipientKeyIds } = inspectEncryptedMessage({ armoredMessage: stored!.armoredReport as string });
    expect(recipientKeyIds).toContain(await reporterKeyId(submission.reporterKey.armoredPublicKey));
    expect(recipientKeyIds).toHaveLength(2);
  });

  it('still accepts a report addressed to the recipient set alone with a reporter key (sent before this change)', async () => {
    const { submission } = await sealForPlatform(platform);
    const armoredReport = await encryptToKeys('{"envelope":"whistle412/report","v":2,"report":{}}', [
      platform.agency.armoredPublicKey,
    ]);
    await post({ ...submission, armoredReport }).expect(201);
  });

  it('refuses (422 unknown_recipient) a report also addressed to the reporter key of another submission', async () => {
    const { submission } = await sealForPlatform(platform);
    const other = (await sealForPlatform(platform)).submission.reporterKey.armoredPublicKey;
    const armoredReport = await encryptToKeys('x', [platform.agency.armoredPublicKey, other]);
    const response = await post({ ...submission, armoredReport }).expect(422);
    expect(response.body.error.code).toBe('unknown_recipient');
    expect(await platform.db.collection('report_bodies').countDocuments({ armoredReport })).toBe(0);
  });

  it('refuses (422 unknown_recipient) a report to the recipient set, its reporter key and one key more', async () => {
    const { submission } = await sealForPlatform(platform);
    const armoredReport = await encryptToKeys('x', [
      platform.agency.armoredPublicKey,
      submission.reporterKey.armoredPublicKey,
      await strangerKey(),
    ]);
    const response = await post({ ...submission, armoredReport }).expect(422);
    expect(response.body.error.code).toBe('unknown_recipient');
  });

  it('refuses (422 unknown_recipient) a report to a reporter key when no reporter key is sent with it', async () => {
    const { submission } = await sealForPlatform(platform);
    const { reporterKey: _omitted, ...withoutKey } = submission;
    const response = await post(withoutKey).expect(422);
    expect(response.body.error.code).toBe('unknown_recipient');
  });

  it('refuses (422 not_addressed_to_agency) a report to the reporter key alone', async () => {
    const { submission } = await sealForPlatform(platform);
    const armoredReport = await encryptToKeys('x', [submission.reporterKey.armoredPublicKey]);
    const response = await post({ ...submission, armoredReport }).expect(422);
    expect(response.body.error.code).toBe('not_addressed_to_agency');
  });
});

describe('POST /api/v1/reports refuses bad input with a 4xx JSON error and writes nothing', () => {
  type Case = [string, () => Promise<request.Response>, number, string];
  const cases: Case[] = [
    [
      'malformed JSON',
      async () => post('{"envelopeVersion": 1,').set('Content-Type', 'application/json'),
      400,
      'malformed_json',
    ],
    [
      'a form-encoded body',
      async () => request(platform.app).post('/api/v1/reports').type('form').send('a=b'),
      415,
      'unsupported_media_type',
    ],
    ['an empty object', async () => post({}), 400, 'invalid_request'],
    [
      'an unknown envelope version',
      async () => post({ ...(await sealForPlatform(platform)).submission, envelopeVersion: 3 }),
      400,
      'invalid_request',
    ],
    [
      'an extra field (status)',
      async () => post({ ...(await sealForPlatform(platform)).submission, status: 'referred' }),
      400,
      'invalid_request',
    ],
    [
      'an operator in place of the lookup value',
      async () => post({ ...(await sealForPlatform(platform)).submission, receiptLookup: { $gt: '' } }),
      400,
      'invalid_request',
    ],
    [
      'a lookup value that is not 64 hex digits',
      async () => post({ ...(await sealForPlatform(platform)).submission, receiptLookup: 'abc' }),
      400,
      'invalid_request',
    ],
    [
      'plaintext in place of ciphertext',
      async () => post(await submissionWith(platform, 'The officer asked me for a bribe')),
      400,
      'invalid_armor',
    ],
    [
      'text outside the armor (a name after the END line)',
      async () => {
        const { submission } = await sealForPlatform(platform);
        const withName = `${submission.armoredReport}\nmy name is Ivan Petrov, +7 700 000 0000\n`;
        return post({ ...submission, armoredReport: withName });
      },
      400,
      'invalid_armor',
    ],
    [
      'an encrypted block followed by a plaintext block',
      async () => {
        const { submission } = await sealForPlatform(platform);
        const literal = (await createMessage({ text: 'Ivan Petrov' })).write() as Uint8Array;
        const plaintextBlock = armor(enums.armor.message, literal);
        if (!plaintextBlock.includes('-----BEGIN PGP MESSAGE-----')) throw new Error('setup: not an armored block');
        return post({ ...submission, armoredReport: `${submission.armoredReport}\n${plaintextBlock}` });
      },
      400,
      'invalid_armor',
    ],
    [
      'a password-encrypted message',
      async () =>
        post(
          await submissionWith(
            platform,
            await encrypt({ message: await createMessage({ text: 'x' }), passwords: ['pw'] }),
          ),
        ),
      400,
      'not_encrypted',
    ],
    [
      'a message to another key only',
      async () => post(await submissionWith(platform, await encryptToKeys('x', [await strangerKey()]))),
      422,
      'not_addressed_to_agency',
    ],
    [
      'a message to the agency and a stranger',
      async () =>
        post(
          await submissionWith(
            platform,
            await encryptToKeys('x', [platform.agency.armoredPublicKey, await strangerKey()]),
          ),
        ),
      422,
      'unknown_recipient',
    ],
    [
      'a report over the size limit',
      async () =>
        post(await submissionWith(platform, `-----BEGIN PGP MESSAGE-----\n\n${'A'.repeat(MAX_ARMORED_REPORT_CHARS)}`)),
      413,
      'report_too_large',
    ],
    ['a body over the request limit', async () => post({ padding: 'x'.repeat(500_000) }), 413, 'payload_too_large'],
    [
      'a reporter private key that is not protected',
      async () => {
        const { submission, receipt } = await sealForPlatform(platform);
        const unlocked = await unlockPrivateKey({
          armoredPrivateKey: submission.reporterKey.armoredPrivateKey,
          passphrase: (await deriveReceiptSecrets(receipt)).reporterKeyPassphrase,
        });
        return post({ ...submission, reporterKey: { ...submission.reporterKey, armoredPrivateKey: unlocked.armor() } });
      },
      400,
      'invalid_reporter_key',
    ],
    [
      'halves of two reporter keys',
      async () => {
        const a = (await sealForPlatform(platform)).submission;
        const b = (await sealForPlatform(platform)).submission;
        return post({
          ...a,
          reporterKey: {
            armoredPublicKey: a.reporterKey.armoredPublicKey,
            armoredPrivateKey: b.reporterKey.armoredPrivateKey,
          },
        });
      },
      400,
      'invalid_reporter_key',
    ],
  ];

  it.each(cases)('%s', async (_what, send, status, code) => {
    const before = await platform.counts();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.type).toBe('application/json');
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(response.body.error.message.length).toBeGreaterThan(10);
    expect(await platform.counts()).toEqual(before);
  });

  it('a second report with the same lookup value is refused (409) and the first is kept', async () => {
    const { submission } = await sealForPlatform(platform);
    await post(submission).expect(201);
    const before = await platform.counts();
    // Another report, to the same keys (a report to another submission's reporter key is refused before).
    const again = await post({
      ...submission,
      armoredReport: await encryptToKeys('another', [
        platform.agency.armoredPublicKey,
        submission.reporterKey.armoredPublicKey,
      ]),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('duplicate_receipt');
    expect(await platform.counts()).toEqual(before);
  });

  it('no input produces a 500: 300 random bodies all get a 4xx', async () => {
    const random = seededRandom();
    const shapes = [
      () => null,
      () => random.bytes(8).toString('hex'),
      () => random.float(),
      () => [1, 'two', { three: 3 }],
      () => ({
        envelopeVersion: 1,
        armoredReport: random.bytes(64).toString('base64'),
        receiptLookup: random.bytes(32).toString('hex'),
      }),
      () => ({
        envelopeVersion: 1,
        armoredReport: `-----BEGIN PGP MESSAGE-----\n\n${random.bytes(200).toString('base64')}\n-----END PGP MESSAGE-----\n`,
        receiptLookup: random.bytes(32).toString('hex'),
      }),
      () => ({ envelopeVersion: 1, armoredReport: { $ne: null }, receiptLookup: [] }),
      () => ({ ['__proto__']: { polluted: true }, constructor: { prototype: {} } }),
    ];
    const before = await platform.counts();
    for (let i = 0; i < 300; i++) {
      const body = shapes[i % shapes.length]!();
      const response = await request(platform.app)
        .post('/api/v1/reports')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      // A failure shows the body that caused it and the seed that makes it again.
      const sent = { seed: random.seed, i, body: JSON.stringify(body).slice(0, 400) };
      expect({ ...sent, clientError: response.status >= 400 && response.status < 500 }).toEqual({
        ...sent,
        clientError: true,
      });
      expect({ ...sent, code: response.body.error?.code }).toEqual({ ...sent, code: expect.any(String) });
    }
    expect(await platform.counts()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('before setup', () => {
  it('refuses reports with 503 not_set_up and writes nothing', async () => {
    const bare = await startTestPlatform('no-key', { withAgencyKey: false });
    try {
      const { submission } = await sealForPlatform(bare);
      const response = await request(bare.app).post('/api/v1/reports').send(submission);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('not_set_up');
      expect((await bare.counts()).reports).toBe(0);
      await request(bare.app).get('/api/v1/recipient-keys').expect(503);
      expect((await request(bare.app).get('/api/v1/config')).body.agencyFingerprint).toBeNull();
    } finally {
      await bare.close();
    }
  });
});
