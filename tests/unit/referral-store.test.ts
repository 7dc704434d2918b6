import { createCryptoApi, generateAgencyKey, inspectEncryptedMessage } from '../../crypto/src/index';
import { draftFromReport } from '../../frontend/src/console/referral/prefill';
import { storeReferral } from '../../frontend/src/console/referral/storeReferral';
import { createTranslator } from '../../frontend/src/i18n/translate';
import { messages as en } from '../../frontend/src/i18n/en/shared';
import { toReport } from '../../frontend/src/report/form/draft';
import { fullDraft } from '../support/report-draft';

/**
 * Saving a referral, with the real crypto layer in-thread and a scripted
 * server: it goes to the same recipient set as a report (the agency key and
 * each reviewer key it certified), so the reviewer who saved it, unlocked
 * with their own key, reads it back. It once went to the agency key alone, and
 * the console showed the referral just saved as unreadable (not_for_this_key).
 */
const AGENCY_PASSPHRASE = 'unit agency passphrase';

it('a saved referral is encrypted to the agency key and the certified reviewer keys, and its author reads it with their own key', async () => {
  const agency = await generateAgencyKey({ agencyName: 'Unit agency', passphrase: AGENCY_PASSPHRASE });
  const reviewerBrowser = createCryptoApi();
  const reviewer = await reviewerBrowser.createReviewerKey({ passphrase: 'reviewer key passphrase' });
  const adminBrowser = createCryptoApi();
  const { keyRef: agencyKeyRef } = await adminBrowser.unlockKey({
    armoredPrivateKey: agency.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
    expectedFingerprint: agency.fingerprint,
  });
  const { armoredCertifiedKey } = await adminBrowser.certifyReviewerKey({
    agencyKeyRef,
    armoredReviewerKey: reviewer.armoredPublicKey,
  });

  const referral = draftFromReport({
    report: toReport(fullDraft(), []),
    receivedAt: '2026-11-20T14:00:00.000Z',
    lang: 'en',
    t: createTranslator('en', en),
    today: '2026-11-26',
  });
  const posted: { envelopeVersion: number; armoredReferral: string }[] = [];
  await storeReferral(referral, {
    getConfig: async () => ({ agencyFingerprint: agency.fingerprint, limits: { maxArmoredReportChars: 300_000 } }),
    getRecipientKeys: async () => ({
      agencyKey: { fingerprint: agency.fingerprint, armoredPublicKey: agency.armoredPublicKey },
      reviewerKeys: [{ fingerprint: reviewer.fingerprint, armoredPublicKey: armoredCertifiedKey }],
    }),
    fingerprintOf: reviewerBrowser.agencyKeyFingerprint,
    prepareRecipients: reviewerBrowser.prepareRecipients,
    encryptReferral: reviewerBrowser.encryptReferral,
    post: async (body) => {
      posted.push(body);
      return { id: 'r.1', ...body } as never;
    },
  });

  expect(posted).toHaveLength(1);
  expect(inspectEncryptedMessage({ armoredMessage: posted[0]!.armoredReferral }).recipientKeyIds).toHaveLength(2);
  const readBack = await reviewerBrowser.decryptReferral({
    armoredReferral: posted[0]!.armoredReferral,
    keyRef: reviewer.keyRef,
  });
  expect(readBack).toEqual({ status: 'ok', referral });
});
