import { decrypt, generateKey, readKey, readMessage } from 'openpgp';

import { generateAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { encryptReport } from '../../../crypto/src/report';
import { REVIEWER_USER_ID } from '../../../crypto/src/profile';
import {
  certifyReviewerKey,
  generateReviewerKey,
  verifiedRecipientSet,
  verifyRecipientCertification,
} from '../../../crypto/src/reviewer-key';
import { checkCertifiedReviewerKey, checkReviewerKey } from '../../../crypto/src/reviewer-key-check';
import { inspectEncryptedMessage } from '../../../crypto/src/inspect';
import { createCryptoApi } from '../../../crypto/src/api';
import { readArmor, writeArmor } from '../../../crypto/src/armor';
import { toHex } from '../../../crypto/src/encoding';

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));

const AGENCY_PASSPHRASE = 'agency passphrase for tests';
const REVIEWER_PASSPHRASE = 'reviewer key passphrase';

async function agency() {
  const made = await generateAgencyKey({ agencyName: 'Test agency', passphrase: AGENCY_PASSPHRASE });
  const privateKey = await unlockPrivateKey({
    armoredPrivateKey: made.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
  });
  return { ...made, privateKey, publicKey: await readKey({ armoredKey: made.armoredPublicKey }) };
}

describe('reviewer keys and their certification', () => {
  let agencyKey: Awaited<ReturnType<typeof agency>>;
  let otherAgency: Awaited<ReturnType<typeof agency>>;
  let reviewer: Awaited<ReturnType<typeof generateReviewerKey>>;
  let certified: string;

  beforeAll(async () => {
    [agencyKey, otherAgency, reviewer] = await Promise.all([
      agency(),
      agency(),
      generateReviewerKey({ passphrase: REVIEWER_PASSPHRASE }),
    ]);
    ({ armoredCertifiedKey: certified } = await certifyReviewerKey({
      armoredReviewerKey: reviewer.armoredPublicKey,
      agencyPrivateKey: agencyKey.privateKey,
    }));
  });

  it('makes a v4 curve25519 key with the fixed user ID, its secret protected by the passphrase', async () => {
    const key = await readKey({ armoredKey: reviewer.armoredPublicKey });
    expect(key.keyPacket.version).toBe(4);
    expect(key.getAlgorithmInfo()).toEqual({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    expect(key.getUserIDs()).toEqual([REVIEWER_USER_ID]);
    await expect(
      unlockPrivateKey({ armoredPrivateKey: reviewer.armoredPrivateKey, passphrase: 'wrong' }),
    ).rejects.toMatchObject({ code: 'wrong_passphrase' });
    const checked = await checkReviewerKey(reviewer);
    expect(checked.fingerprint).toBe(reviewer.fingerprint);
    expect(checked.encryptionKeyIds).toEqual([(await key.getEncryptionKey()).getKeyID().toHex()]);
  });

  it('certifies with one generic certification by the agency primary key on the user ID, which verifies', async () => {
    const key = await readKey({ armoredKey: certified });
    const [user] = key.users;
    expect(user!.otherCertifications).toHaveLength(1);
    const [certification] = user!.otherCertifications;
    expect(certification!.signatureType).toBe(0x10);
    expect(certification!.issuerKeyID.toHex()).toBe(agencyKey.fingerprint.slice(-16));
    const check = await verifyRecipientCertification({ armoredReviewerKey: certified, agencyKey: agencyKey.publicKey });
    expect(check.status).toBe('certified');
  });

  it('refuses an uncertified key, a key certified by another agency key, and the agency key itself', async () => {
    const { armoredCertifiedKey: byOther } = await certifyReviewerKey({
      armoredReviewerKey: reviewer.armoredPublicKey,
      agencyPrivateKey: otherAgency.privateKey,
    });
    const reasons = await Promise.all(
      [reviewer.armoredPublicKey, byOther, agencyKey.armoredPublicKey, 'not a key'].map(async (armored) => {
        const check = await verifyRecipientCertification({
          armoredReviewerKey: armored,
          agencyKey: agencyKey.publicKey,
        });
        return check.status === 'refused' ? check.reason : check.status;
      }),
    );
    expect(reasons).toEqual(['not_certified', 'not_certified', 'is_agency_key', 'unreadable']);
  });

  it('refuses a certification by another key that names the agency key as its issuer (a forged certification)', async () => {
    const { armoredCertifiedKey: byOther } = await certifyReviewerKey({
      armoredReviewerKey: reviewer.armoredPublicKey,
      agencyPrivateKey: otherAgency.privateKey,
    });
    // The signature's issuer subpackets rewritten to name the agency key; its value is still the other key's.
    const hex = toHex(readArmor(byOther, 'PUBLIC KEY BLOCK'))
      .replaceAll(otherAgency.fingerprint, agencyKey.fingerprint)
      .replaceAll(otherAgency.fingerprint.slice(-16), agencyKey.fingerprint.slice(-16));
    const armored = writeArmor('PUBLIC KEY BLOCK', fromHex(hex));
    expect((await readKey({ armoredKey: armored })).users[0]!.otherCertifications[0]!.issuerKeyID.toHex()).toBe(
      agencyKey.fingerprint.slice(-16),
    );
    const check = await verifyRecipientCertification({ armoredReviewerKey: armored, agencyKey: agencyKey.publicKey });
    expect(check).toMatchObject({ status: 'refused', reason: 'not_certified' });
    await expect(
      checkCertifiedReviewerKey({
        armoredCertifiedKey: armored,
        armoredStoredKey: reviewer.armoredPublicKey,
        armoredAgencyKey: agencyKey.armoredPublicKey,
      }),
    ).rejects.toMatchObject({ code: 'invalid_key' });
  });

  it('yields the recipient set: the agency key first, certified reviewer keys, and drops every other served key', async () => {
    const stranger = await generateReviewerKey({ passphrase: 'x' });
    const set = await verifiedRecipientSet({
      armoredAgencyKey: agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyKey.fingerprint.toUpperCase(),
      reviewerKeys: [
        { armoredPublicKey: certified },
        { armoredPublicKey: stranger.armoredPublicKey },
        { armoredPublicKey: certified },
      ],
    });
    expect(set.keys.map((k) => k.getFingerprint())).toEqual([agencyKey.fingerprint, reviewer.fingerprint]);
    expect(set.dropped).toEqual([{ fingerprint: stranger.fingerprint, reason: 'not_certified' }]);
    await expect(
      verifiedRecipientSet({
        armoredAgencyKey: otherAgency.armoredPublicKey,
        pinnedAgencyFingerprint: agencyKey.fingerprint,
        reviewerKeys: [{ armoredPublicKey: certified }],
      }),
    ).rejects.toMatchObject({ code: 'agency_key_mismatch' });
  });

  it('encrypts a report to the set: the reviewer reads it with their own key, Cyrillic and Kazakh intact', async () => {
    const report = { text: 'Провокация: ол маған ақша ұсынды — әғқңөұүһі' };
    const { armoredReport, reviewerFingerprints } = await encryptReport({
      report,
      armoredAgencyKey: agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyKey.fingerprint,
      reviewerKeys: [{ armoredPublicKey: certified }],
    });
    expect(reviewerFingerprints).toEqual([reviewer.fingerprint]);
    expect(inspectEncryptedMessage({ armoredMessage: armoredReport }).recipientKeyIds).toHaveLength(2);
    const own = await unlockPrivateKey({
      armoredPrivateKey: reviewer.armoredPrivateKey,
      passphrase: REVIEWER_PASSPHRASE,
    });
    const { data } = await decrypt({
      message: await readMessage({ armoredMessage: armoredReport }),
      decryptionKeys: own,
    });
    expect(JSON.parse(data)).toMatchObject({ report });
  });

  it('the server accepts the certified upload only as the stored key plus one agency certification', async () => {
    const accepted = await checkCertifiedReviewerKey({
      armoredCertifiedKey: certified,
      armoredStoredKey: reviewer.armoredPublicKey,
      armoredAgencyKey: agencyKey.armoredPublicKey,
    });
    expect(accepted.certifiedAt.getTime()).toBeLessThanOrEqual(Date.now());
    const { armoredCertifiedKey: byOther } = await certifyReviewerKey({
      armoredReviewerKey: reviewer.armoredPublicKey,
      agencyPrivateKey: otherAgency.privateKey,
    });
    const otherReviewer = await generateReviewerKey({ passphrase: 'y' });
    const cases = [
      // certified by a key that is not the agency key
      [byOther, reviewer.armoredPublicKey],
      // the bare key, no certification
      [reviewer.armoredPublicKey, reviewer.armoredPublicKey],
      // a certified key that is not the stored one
      [certified, otherReviewer.armoredPublicKey],
    ];
    for (const [armoredCertifiedKey, armoredStoredKey] of cases) {
      await expect(
        checkCertifiedReviewerKey({
          armoredCertifiedKey: armoredCertifiedKey!,
          armoredStoredKey: armoredStoredKey!,
          armoredAgencyKey: agencyKey.armoredPublicKey,
        }),
      ).rejects.toMatchObject({ code: 'invalid_key' });
    }
  });

  it('the worker verbs: a reviewer makes a key unlocked at once, the administrator certifies with the unlocked agency key', async () => {
    const api = createCryptoApi();
    const made = await api.createReviewerKey({ passphrase: REVIEWER_PASSPHRASE });
    const { keyRef: agencyKeyRef } = await api.unlockKey({
      armoredPrivateKey: agencyKey.armoredPrivateKey,
      passphrase: AGENCY_PASSPHRASE,
      expectedFingerprint: agencyKey.fingerprint,
    });
    const { armoredCertifiedKey } = await api.certifyReviewerKey({
      armoredReviewerKey: made.armoredPublicKey,
      agencyKeyRef,
    });
    const { receipt, submission, reviewerFingerprints } = await api.sealReport({
      report: { text: 'canary' },
      armoredAgencyKey: agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyKey.fingerprint,
      reviewerKeys: [{ armoredPublicKey: armoredCertifiedKey }],
    });
    expect(receipt).toBeTruthy();
    expect(reviewerFingerprints).toEqual([made.fingerprint]);
    const opened = await api.decryptReport({ armoredReport: submission.armoredReport, keyRef: made.keyRef });
    expect(opened).toMatchObject({ status: 'ok', report: { text: 'canary' } });
  });

  it('makes no key without a passphrase (its private half would be stored unprotected)', async () => {
    await expect(generateReviewerKey({ passphrase: '' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
      message: 'A key passphrase is needed.',
    });
  });

  it('certifies only a public reviewer key that can receive reports, and never the agency key itself', async () => {
    const { publicKey: signingOnly } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: REVIEWER_USER_ID }],
      subkeys: [],
      format: 'armored',
    });
    const refusal = async (armoredReviewerKey: string) =>
      certifyReviewerKey({ armoredReviewerKey, agencyPrivateKey: agencyKey.privateKey }).then(
        () => 'certified',
        (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
      );
    expect(await refusal(reviewer.armoredPrivateKey)).toBe(
      'invalid_key: A public key was expected, but this is a private key.',
    );
    expect(await refusal('not a key')).toBe('invalid_key: This is not an OpenPGP public key.');
    expect(await refusal(agencyKey.armoredPublicKey)).toBe('invalid_key: The agency key cannot certify itself.');
    expect(await refusal(signingOnly)).toBe('invalid_key: The reviewer key cannot be used for encryption.');
  });

  it('drops a certified key that cannot receive reports, saying so', async () => {
    // Certified by the agency key with OpenPGP.js directly: the console would have refused to certify it.
    const { privateKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: REVIEWER_USER_ID }],
      subkeys: [],
      format: 'object',
    });
    const certifiedSigningOnly = await privateKey.toPublic().signAllUsers([agencyKey.privateKey]);
    const check = await verifyRecipientCertification({
      armoredReviewerKey: certifiedSigningOnly.armor(),
      agencyKey: agencyKey.publicKey,
    });
    expect(check).toEqual({ status: 'refused', fingerprint: privateKey.getFingerprint(), reason: 'no_encryption_key' });
  });

  it('with no reviewer keys served, the set is the agency key alone and nothing is dropped', async () => {
    const set = await verifiedRecipientSet({
      armoredAgencyKey: agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyKey.fingerprint,
    });
    expect(set.keys.map((k) => k.getFingerprint())).toEqual([agencyKey.fingerprint]);
    expect(set).toMatchObject({ agencyFingerprint: agencyKey.fingerprint, reviewerFingerprints: [], dropped: [] });
  });

  it('reads at most 63 served reviewer keys, and says how many it did not read', async () => {
    const stranger = await generateReviewerKey({ passphrase: 'x' });
    // 63 copies of the certified key, then one the server slipped in last: never read, so never named.
    const served = [
      ...Array.from({ length: 63 }, () => ({ armoredPublicKey: certified })),
      { armoredPublicKey: stranger.armoredPublicKey },
    ];
    const set = await verifiedRecipientSet({
      armoredAgencyKey: agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyKey.fingerprint,
      reviewerKeys: served,
    });
    expect(set.reviewerFingerprints).toEqual([reviewer.fingerprint]);
    expect(set.dropped).toEqual([{ fingerprint: null, reason: 'too_many_keys: 1 not read' }]);
    const full = await verifiedRecipientSet({
      armoredAgencyKey: agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyKey.fingerprint,
      reviewerKeys: served.slice(0, 63),
    });
    expect(full.dropped).toEqual([]);
  });
});
