/**
 * Reviewer keys and the recipient set (features/reviewer-keys): what is
 * stored, the strict checks on uploads, what `/api/v1/recipient-keys` serves,
 * and that the server accepts exactly that set in reports and segments.
 */
import { generateKey, readKey, readPrivateKey } from 'openpgp';
import request from 'supertest';

import {
  createCryptoApi,
  generateAgencyKey,
  generateReporterKey,
  generateReviewerKey,
  inspectEncryptedMessage,
  inspectEncryptedPackets,
  verifiedRecipientSet,
} from '../../backend/src/crypto';
import { AGENCY_PASSPHRASE, REVIEWER, startTestPlatform, type TestPlatform } from '../support/platform';
import { encryptToKeys, submissionWith } from '../support/reports';
import { createUpload, putSegment } from '../support/attachments';
import {
  certifyThroughApi,
  createReviewerKeyThroughApi,
  REVIEWER_KEY_PASSPHRASE,
  sealToServedSet,
} from '../support/reviewer-keys';

let platform: TestPlatform;
let admin: Awaited<ReturnType<TestPlatform['addAdministrator']>>;
let reviewerToken: string;
let made: Awaited<ReturnType<typeof createReviewerKeyThroughApi>>['made'];
let reviewerApi: ReturnType<typeof createCryptoApi>;

beforeAll(async () => {
  platform = await startTestPlatform('reviewer-keys');
  admin = await platform.addAdministrator();
  reviewerToken = await platform.login();
});
afterAll(() => platform?.close()); // `?.`: as in login.test.ts

const api = () => request(platform.app);
const asReviewer = (method: 'get' | 'post', path: string) =>
  api()[method](path).auth(reviewerToken, { type: 'bearer' });
const asAdmin = (method: 'get' | 'post', path: string) => api()[method](path).auth(admin.token, { type: 'bearer' });
const auditActions = async () =>
  (await platform.db.collection('audit_log').find().sort({ _id: 1 }).toArray()).map((e) => e.action as string);
const lastAudit = async () =>
  (await platform.db.collection('audit_log').find().sort({ _id: -1 }).limit(1).toArray())[0]!;
const encryptionKeyId = async (armoredKey: string) =>
  (await (await readKey({ armoredKey })).getEncryptionKey()).getKeyID().toHex();
const served = async () => (await api().get('/api/v1/recipient-keys').expect(200)).body;

describe("a reviewer's key pair, made at the first login", () => {
  it('before the first key: none stored, and the recipient set is the agency key alone', async () => {
    expect((await asReviewer('get', '/api/v1/reviewer-key').expect(200)).body).toEqual({ key: null });
    expect(await served()).toEqual({
      agencyKey: { fingerprint: platform.agency.fingerprint, armoredPublicKey: expect.any(String) },
      reviewerKeys: [],
    });
  });

  it.each([
    ['no body', () => ({})],
    ['an unknown field', () => ({ armoredPublicKey: 'x', armoredPrivateKey: 'y', extra: 1 })],
    ['a key block far too long', () => ({ armoredPublicKey: 'x'.repeat(20_000), armoredPrivateKey: 'y' })],
  ])('refuses %s with 400, writing nothing', async (_name, body) => {
    const before = await platform.counts();
    const response = await asReviewer('post', '/api/v1/reviewer-key').send(body()).expect(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(await platform.counts()).toEqual(before);
  });

  it.each([
    [
      'a private key that is not protected by a passphrase',
      async () => {
        const { publicKey, privateKey } = await generateKey({
          type: 'ecc',
          curve: 'curve25519Legacy',
          userIDs: [{ name: 'Whistle412 reviewer' }],
          format: 'armored',
          config: { nonDeterministicSignaturesViaNotation: false },
        });
        return { armoredPublicKey: publicKey, armoredPrivateKey: privateKey };
      },
      'not protected by a passphrase',
    ],
    [
      'a key whose user ID names someone',
      async () => {
        const { publicKey, privateKey } = await generateKey({
          type: 'ecc',
          curve: 'curve25519Legacy',
          userIDs: [{ name: 'Ivan Petrov', email: 'ivan@example.kz' }],
          passphrase: 'p',
          format: 'armored',
          config: { nonDeterministicSignaturesViaNotation: false },
        });
        return { armoredPublicKey: publicKey, armoredPrivateKey: privateKey };
      },
      'user ID must be',
    ],
    [
      'a private half of another key',
      async () => {
        const [one, other] = await Promise.all([
          generateReviewerKey({ passphrase: 'p' }),
          generateReviewerKey({ passphrase: 'p' }),
        ]);
        return { armoredPublicKey: one.armoredPublicKey, armoredPrivateKey: other.armoredPrivateKey };
      },
      'does not belong to the reviewer public key',
    ],
    [
      'a key with salt notations (any text may hide in a notation)',
      async () => {
        const { publicKey, privateKey } = await generateKey({
          type: 'ecc',
          curve: 'curve25519Legacy',
          userIDs: [{ name: 'Whistle412 reviewer' }],
          passphrase: 'p',
          format: 'armored',
        });
        return { armoredPublicKey: publicKey, armoredPrivateKey: privateKey };
      },
      'subpacket type 20',
    ],
    ['a reporter key', async () => generateReporterKey({ passphrase: 'p' }), 'user ID must be'],
    ['text that is not a key', async () => ({ armoredPublicKey: 'hello', armoredPrivateKey: 'world' }), 'reviewer key'],
  ])('refuses %s with 400 invalid_reviewer_key, writing nothing', async (_name, make, fragment) => {
    const body = await make();
    const before = await platform.counts();
    const response = await asReviewer('post', '/api/v1/reviewer-key')
      .send({ armoredPublicKey: body.armoredPublicKey, armoredPrivateKey: body.armoredPrivateKey })
      .expect(400);
    expect(response.body.error.code).toBe('invalid_reviewer_key');
    expect(response.body.error.message).toContain(fragment);
    expect(await platform.counts()).toEqual(before);
  });

  it('stores the public key and the passphrase-protected private key, once, and records it', async () => {
    const created = await createReviewerKeyThroughApi(platform, reviewerToken);
    ({ made, api: reviewerApi } = created);
    expect(created.response.status).toBe(201);
    expect(created.response.body).toEqual({
      fingerprint: made.fingerprint,
      createdAt: expect.any(String),
      certified: false,
    });

    const stored = await platform.db.collection('reviewer_keys').findOne({ _id: REVIEWER.username as never });
    expect(Object.keys(stored!).sort()).toEqual([
      '_id',
      'armoredPrivateKey',
      'armoredPublicKey',
      'certification',
      'createdAt',
      'encryptionKeyIds',
      'fingerprint',
    ]);
    expect(stored).toMatchObject({
      fingerprint: made.fingerprint,
      certification: null,
      encryptionKeyIds: [await encryptionKeyId(made.armoredPublicKey)],
    });
    // The server holds the private half only encrypted: every secret packet is S2K-protected.
    const privateKey = await readPrivateKey({ armoredKey: stored!.armoredPrivateKey as string });
    expect(privateKey.isDecrypted()).toBe(false);
    for (const { keyPacket } of privateKey.getKeys()) {
      expect((keyPacket as unknown as { s2kUsage: number }).s2kUsage).toBe(254);
    }
    expect((await lastAudit()).action).toBe('reviewer-key.create');
    expect(await lastAudit()).toMatchObject({ actor: REVIEWER.username, target: REVIEWER.username });

    // At the next login the console unlocks it with the reviewer's passphrase.
    const own = (await asReviewer('get', '/api/v1/reviewer-key').expect(200)).body.key;
    expect(own).toMatchObject({ fingerprint: made.fingerprint, certified: false });
    const unlocked = await createCryptoApi().unlockKey({
      armoredPrivateKey: own.armoredPrivateKey,
      passphrase: REVIEWER_KEY_PASSPHRASE,
      expectedFingerprint: made.fingerprint,
    });
    expect(unlocked.fingerprint).toBe(made.fingerprint);

    const before = await platform.counts();
    const again = await createReviewerKeyThroughApi(platform, reviewerToken);
    expect(again.response.status).toBe(409);
    expect(again.response.body.error.code).toBe('reviewer_key_exists');
    expect(await platform.counts()).toEqual(before);
  });

  it('an uncertified key is not a recipient: not served, and a report also encrypted to it is refused', async () => {
    expect((await served()).reviewerKeys).toEqual([]);
    const armoredReport = await encryptToKeys('x', [platform.agency.armoredPublicKey, made.armoredPublicKey]);
    const response = await api()
      .post('/api/v1/reports')
      .send(await submissionWith(platform, armoredReport))
      .expect(422);
    expect(response.body.error.code).toBe('unknown_recipient');
  });
});

describe('the administrator certifies a reviewer key with the agency key', () => {
  it('is refused to a reviewer without the administrator role (403), and for an unknown reviewer (404)', async () => {
    await asReviewer('get', '/api/v1/admin/reviewer-keys').expect(403);
    await asReviewer('post', `/api/v1/admin/reviewers/${REVIEWER.username}/key-certification`)
      .send({ fingerprint: made.fingerprint, armoredCertifiedKey: made.armoredPublicKey })
      .expect(403);
    const response = await asAdmin('post', '/api/v1/admin/reviewers/nobody/key-certification')
      .send({ fingerprint: made.fingerprint, armoredCertifiedKey: made.armoredPublicKey })
      .expect(404);
    expect(response.body.error.code).toBe('reviewer_key_not_found');
  });

  it.each([
    ['the bare key (no certification)', async () => made.armoredPublicKey, 'invalid_certification'],
    [
      'a certification by another key',
      async () => {
        const other = await generateAgencyKey({ agencyName: 'Other', passphrase: 'o' });
        const worker = createCryptoApi();
        const { keyRef } = await worker.unlockKey({ armoredPrivateKey: other.armoredPrivateKey, passphrase: 'o' });
        return (await worker.certifyReviewerKey({ armoredReviewerKey: made.armoredPublicKey, agencyKeyRef: keyRef }))
          .armoredCertifiedKey;
      },
      'invalid_certification',
    ],
    [
      'a certified key with a second user ID added',
      async () => {
        const worker = createCryptoApi();
        const { keyRef } = await worker.unlockKey({
          armoredPrivateKey: platform.agency.armoredPrivateKey,
          passphrase: AGENCY_PASSPHRASE,
        });
        const { armoredCertifiedKey } = await worker.certifyReviewerKey({
          armoredReviewerKey: made.armoredPublicKey,
          agencyKeyRef: keyRef,
        });
        const key = await readKey({ armoredKey: armoredCertifiedKey });
        key.users.push(key.users[0]!);
        return key.armor();
      },
      'invalid_certification',
    ],
  ])('refuses %s with 400, writing nothing', async (_name, make, code) => {
    const armoredCertifiedKey = await make();
    const before = await platform.counts();
    const response = await asAdmin('post', `/api/v1/admin/reviewers/${REVIEWER.username}/key-certification`)
      .send({ fingerprint: made.fingerprint, armoredCertifiedKey })
      .expect(400);
    expect(response.body.error.code).toBe(code);
    expect(await platform.counts()).toEqual(before);
  });

  it('refuses a certification for a key that is not the stored one (409)', async () => {
    const other = await generateReviewerKey({ passphrase: 'p' });
    const response = await asAdmin('post', `/api/v1/admin/reviewers/${REVIEWER.username}/key-certification`)
      .send({ fingerprint: other.fingerprint, armoredCertifiedKey: other.armoredPublicKey })
      .expect(409);
    expect(response.body.error.code).toBe('reviewer_key_changed');
  });

  it('stores the certified key, records it, and the key joins the served recipient set', async () => {
    const listed = (await asAdmin('get', '/api/v1/admin/reviewer-keys').expect(200)).body.keys;
    expect(listed).toEqual([
      expect.objectContaining({
        username: REVIEWER.username,
        fingerprint: made.fingerprint,
        active: true,
        certified: false,
      }),
    ]);
    const response = await certifyThroughApi(platform, admin.token, REVIEWER.username);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      username: REVIEWER.username,
      fingerprint: made.fingerprint,
      certified: true,
    });
    const stored = await platform.db.collection('reviewer_keys').findOne({ _id: REVIEWER.username as never });
    expect(stored!.certification).toEqual({
      armoredCertifiedKey: expect.stringContaining('BEGIN PGP PUBLIC KEY BLOCK'),
      agencyFingerprint: platform.agency.fingerprint,
      certifiedBy: admin.username,
      certifiedAt: expect.any(Date),
    });
    expect(await lastAudit()).toMatchObject({
      actor: admin.username,
      action: 'reviewer-key.certify',
      target: REVIEWER.username,
      details: { fingerprint: made.fingerprint, agencyFingerprint: platform.agency.fingerprint },
    });
    expect(await auditActions()).toContain('reviewer-key.create');

    const set = await served();
    expect(set.reviewerKeys).toEqual([{ fingerprint: made.fingerprint, armoredPublicKey: expect.any(String) }]);
    // The served set names no reviewer.
    expect(JSON.stringify(set)).not.toContain(REVIEWER.username);
    expect((await asReviewer('get', '/api/v1/reviewer-key').expect(200)).body.key.certified).toBe(true);
  });
});

describe('reports are encrypted to the recipient set and the server accepts exactly that set', () => {
  it('a report sealed to the served set is accepted and read by the reviewer with their own key', async () => {
    const { submission, reviewerFingerprints } = await sealToServedSet(platform, { whatHappened: 'Ақша сұрады' });
    expect(reviewerFingerprints).toEqual([made.fingerprint]);
    await api().post('/api/v1/reports').send(submission).expect(201);
    const { recipientKeyIds } = inspectEncryptedMessage({ armoredMessage: submission.armoredReport });
    // The recipient set, and the submission's own reporter key (so the receipt rereads the report).
    expect(recipientKeyIds.sort()).toEqual(
      [
        await encryptionKeyId(platform.agency.armoredPublicKey),
        await encryptionKeyId(made.armoredPublicKey),
        await encryptionKeyId(submission.reporterKey.armoredPublicKey),
      ].sort(),
    );
    const opened = await reviewerApi.decryptReport({ armoredReport: submission.armoredReport, keyRef: made.keyRef });
    expect(opened).toMatchObject({ status: 'ok', report: { whatHappened: 'Ақша сұрады' } });
  });

  it('a key the server inserted itself (claimed certified in the database) is served but dropped by the browser', async () => {
    await asAdmin('post', '/api/v1/admin/reviewers')
      .send({ username: 'ghost', password: 'ghost password 1234' })
      .expect(201);
    const forged = await generateReviewerKey({ passphrase: 'server-held' });
    await platform.db.collection('reviewer_keys').insertOne({
      _id: 'ghost' as never,
      fingerprint: forged.fingerprint,
      armoredPublicKey: forged.armoredPublicKey,
      armoredPrivateKey: forged.armoredPrivateKey,
      encryptionKeyIds: [await encryptionKeyId(forged.armoredPublicKey)],
      createdAt: new Date(),
      certification: {
        armoredCertifiedKey: forged.armoredPublicKey,
        agencyFingerprint: platform.agency.fingerprint,
        certifiedBy: admin.username,
        certifiedAt: new Date(),
      },
    });
    const { submission, served: set, reviewerFingerprints } = await sealToServedSet(platform);
    expect(set.reviewerKeys.map((k) => k.fingerprint).sort()).toEqual([made.fingerprint, forged.fingerprint].sort());
    expect(reviewerFingerprints).toEqual([made.fingerprint]);
    const verified = await verifiedRecipientSet({
      armoredAgencyKey: platform.agency.armoredPublicKey,
      pinnedAgencyFingerprint: platform.agency.fingerprint,
      reviewerKeys: set.reviewerKeys,
    });
    expect(verified.dropped).toEqual([{ fingerprint: forged.fingerprint, reason: 'not_certified' }]);
    const recipients = inspectEncryptedMessage({ armoredMessage: submission.armoredReport }).recipientKeyIds;
    expect(recipients).not.toContain(await encryptionKeyId(forged.armoredPublicKey));
    expect(recipients).toHaveLength(3); // the agency key, the certified reviewer key and the reporter key
    await platform.db.collection('reviewer_keys').deleteOne({ _id: 'ghost' as never });
  });

  it('disabling a reviewer removes their key for everything sent afterwards; enabling brings it back', async () => {
    const before = await sealToServedSet(platform);
    const segment = await (async () => {
      const worker = createCryptoApi();
      const { recipientsRef } = await worker.prepareRecipients({
        armoredAgencyKey: platform.agency.armoredPublicKey,
        pinnedAgencyFingerprint: platform.agency.fingerprint,
        reviewerKeys: before.served.reviewerKeys,
      });
      const { fileRef } = await worker.openFile({ file: new Blob([new Uint8Array([1, 2, 3])]), removeMetadata: false });
      return Buffer.from((await worker.encryptFileSegment({ fileRef, recipientsRef, index: 0 })).encryptedSegment);
    })();
    expect(inspectEncryptedPackets(segment).recipientKeyIds).toHaveLength(2);

    await asAdmin('post', `/api/v1/admin/reviewers/${REVIEWER.username}/disable`).expect(200);
    expect((await served()).reviewerKeys).toEqual([]);
    expect((await asAdmin('get', '/api/v1/admin/reviewer-keys').expect(200)).body.keys).toEqual([
      expect.objectContaining({ username: REVIEWER.username, active: false, certified: true }),
    ]);
    const refused = await api().post('/api/v1/reports').send(before.submission).expect(422);
    expect(refused.body.error.code).toBe('unknown_recipient');
    const upload = await createUpload(platform, 1);
    const segmentRefused = await putSegment(platform, upload, 0, segment).expect(422);
    expect(segmentRefused.body.error.code).toBe('unknown_recipient');
    const after = await sealToServedSet(platform);
    expect(after.reviewerFingerprints).toEqual([]);
    await api().post('/api/v1/reports').send(after.submission).expect(201);

    await asAdmin('post', `/api/v1/admin/reviewers/${REVIEWER.username}/enable`).expect(200);
    expect((await served()).reviewerKeys.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([
      made.fingerprint,
    ]);
    await api().post('/api/v1/reports').send(before.submission).expect(201);
    reviewerToken = await platform.login();
  });

  it('a new agency key: the old certifications no longer count until the administrator certifies again', async () => {
    const oldAgency = platform.agency;
    const rotated = await generateAgencyKey({ agencyName: 'Test agency', passphrase: AGENCY_PASSPHRASE });
    await platform.services.agencyKeys.install(rotated.armoredPublicKey);
    platform.services.recipients.forget();
    const set = await served();
    expect(set).toEqual({
      agencyKey: { fingerprint: rotated.fingerprint, armoredPublicKey: expect.any(String) },
      reviewerKeys: [],
    });
    const list = (await asAdmin('get', '/api/v1/admin/reviewer-keys').expect(200)).body.keys;
    expect(list).toEqual([expect.objectContaining({ username: REVIEWER.username, certified: false })]);
    // A message to the new agency key and the reviewer key certified by the old one is refused.
    const stale = await encryptToKeys('x', [rotated.armoredPublicKey, made.armoredPublicKey]);
    const response = await api()
      .post('/api/v1/reports')
      .send(await submissionWith(platform, stale))
      .expect(422);
    expect(response.body.error.code).toBe('unknown_recipient');
    // Certifying again with the new agency key file brings it back.
    platform.agency = rotated;
    const again = await certifyThroughApi(platform, admin.token, REVIEWER.username);
    expect(again.status).toBe(201);
    expect((await served()).reviewerKeys).toHaveLength(1);
    platform.agency = oldAgency;
  });
});
