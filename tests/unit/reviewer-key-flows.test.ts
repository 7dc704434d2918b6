import { readKey } from 'openpgp';

import { createCryptoApi, generateAgencyKey, inspectEncryptedMessage } from '../../crypto/src/index';
import { certifyKey, type KeyToCertify } from '../../frontend/src/console/admin/certifyKey';
import { createOwnKey, unlockOwnKey } from '../../frontend/src/console/keys/ownKey';
import { submitReport } from '../../frontend/src/report/submitReport';

/**
 * The console's and the reporter page's plain functions for reviewer keys,
 * with the real crypto layer in-thread and a scripted server: what is sent,
 * and that a report goes to the agency key and the certified reviewer key only.
 */
const AGENCY_PASSPHRASE = 'unit agency passphrase';
const KEY_PASSPHRASE = 'reviewer key passphrase';
let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Unit agency', passphrase: AGENCY_PASSPHRASE });
});

const keyId = async (armoredKey: string) =>
  (await (await readKey({ armoredKey })).getEncryptionKey()).getKeyID().toHex();

it('a first login makes the key in the worker, sends only the public key and the protected private key, and keeps it unlocked', async () => {
  const reviewerBrowser = createCryptoApi();
  const sent: { armoredPublicKey: string; armoredPrivateKey: string }[] = [];
  const unlocked = await createOwnKey(KEY_PASSPHRASE, {
    createReviewerKey: reviewerBrowser.createReviewerKey,
    postOwnKey: async (body) => sent.push(body),
  });
  expect(sent).toHaveLength(1);
  expect(Object.keys(sent[0]!).sort()).toEqual(['armoredPrivateKey', 'armoredPublicKey']);
  expect(JSON.stringify(sent)).not.toContain(KEY_PASSPHRASE);
  expect(unlocked.fingerprint).toBe((await readKey({ armoredKey: sent[0]!.armoredPublicKey })).getFingerprint());

  // A later login unlocks the stored key with the passphrase, and refuses a wrong one.
  const stored = { armoredPrivateKey: sent[0]!.armoredPrivateKey, fingerprint: unlocked.fingerprint };
  const later = createCryptoApi();
  await expect(unlockOwnKey(stored, 'wrong passphrase', { unlockKey: later.unlockKey })).rejects.toMatchObject({
    code: 'wrong_passphrase',
  });
  expect((await unlockOwnKey(stored, KEY_PASSPHRASE, { unlockKey: later.unlockKey })).fingerprint).toBe(
    unlocked.fingerprint,
  );
});

it('the administrator certifies the listed key, and a report sent afterwards is encrypted to it, the agency key and its own reporter key only', async () => {
  const reviewerBrowser = createCryptoApi();
  const reviewer = await reviewerBrowser.createReviewerKey({ passphrase: KEY_PASSPHRASE });
  const stranger = await createCryptoApi().createReviewerKey({ passphrase: 'x' });
  const adminBrowser = createCryptoApi();
  const { keyRef: agencyKeyRef } = await adminBrowser.unlockKey({
    armoredPrivateKey: agency.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
    expectedFingerprint: agency.fingerprint,
  });
  const row: KeyToCertify = {
    username: 'ana',
    fingerprint: reviewer.fingerprint,
    armoredPublicKey: reviewer.armoredPublicKey,
  };
  const uploads: { username: string; fingerprint: string; armoredCertifiedKey: string }[] = [];
  await certifyKey(row, agencyKeyRef, {
    certifyReviewerKey: adminBrowser.certifyReviewerKey,
    postCertification: async (username, body) => uploads.push({ username, ...body }),
  });
  expect(uploads).toEqual([
    { username: 'ana', fingerprint: reviewer.fingerprint, armoredCertifiedKey: expect.any(String) },
  ]);
  // A row whose listed fingerprint is not its key's is never certified.
  await expect(
    certifyKey({ ...row, fingerprint: stranger.fingerprint }, agencyKeyRef, {
      certifyReviewerKey: adminBrowser.certifyReviewerKey,
      postCertification: async () => uploads.push({} as never),
    }),
  ).rejects.toThrow('not the key listed');
  expect(uploads).toHaveLength(1);

  // The reporter page: the server serves the certified key and an uncertified one; only the first is used.
  const reporter = createCryptoApi();
  const posted: { armoredReport: string; reporterKey: { armoredPublicKey: string } }[] = [];
  await submitReport({ whatHappened: 'unit', agency: 'police', date: null, region: null, attachments: [] } as never, {
    getConfig: async () => ({ agencyFingerprint: agency.fingerprint, limits: { maxArmoredReportChars: 300_000 } }),
    getRecipientKeys: async () => ({
      agencyKey: { fingerprint: agency.fingerprint, armoredPublicKey: agency.armoredPublicKey },
      reviewerKeys: [
        { fingerprint: reviewer.fingerprint, armoredPublicKey: uploads[0]!.armoredCertifiedKey },
        { fingerprint: stranger.fingerprint, armoredPublicKey: stranger.armoredPublicKey },
      ],
    }),
    fingerprintOf: reporter.agencyKeyFingerprint,
    sealReport: reporter.sealReport,
    getChallenge: async () => ({ required: false }),
    searchProofOfWork: reporter.searchProofOfWork,
    postReport: async (body) => posted.push(body),
    onStage: () => {},
  });
  const { recipientKeyIds } = inspectEncryptedMessage({ armoredMessage: posted[0]!.armoredReport });
  // The agency key, the certified reviewer key and the submission's own reporter key: never the stranger.
  expect(recipientKeyIds.sort()).toEqual(
    [
      await keyId(agency.armoredPublicKey),
      await keyId(reviewer.armoredPublicKey),
      await keyId(posted[0]!.reporterKey.armoredPublicKey),
    ].sort(),
  );
  const opened = await reviewerBrowser.decryptReport({
    armoredReport: posted[0]!.armoredReport,
    keyRef: reviewer.keyRef,
  });
  expect(opened).toMatchObject({ status: 'ok', report: { whatHappened: 'unit' } });
});
