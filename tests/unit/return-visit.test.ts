import { createCryptoApi, generateAgencyKey } from '../../crypto/src/index';
import { toReport } from '../../frontend/src/report/form/draft';
import {
  openReturn,
  sendReply,
  type OpenDeps,
  type ReplyDeps,
  type ReturnAnswer,
} from '../../frontend/src/return/returnVisit';
import { encryptToKeys } from '../support/reports';
import { fullDraft } from '../support/report-draft';

/**
 * The return page's plain functions with the real crypto layer in-thread and
 * a scripted server: the receipt never leaves the browser, a mistyped one is
 * refused before any request, and a reply is readable by the reporter too.
 */
let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Unit agency', passphrase: 'unit agency passphrase' });
});

async function sentReport() {
  const crypto = createCryptoApi();
  const { receipt, submission } = await crypto.sealReport({
    report: toReport(fullDraft()),
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  return {
    crypto,
    receipt,
    reporterKey: submission.reporterKey,
    receiptLookup: submission.receiptLookup,
    report: { envelopeVersion: submission.envelopeVersion, armoredReport: submission.armoredReport },
  };
}

function openDeps(crypto: ReturnType<typeof createCryptoApi>, answer: ReturnAnswer) {
  const posted: unknown[] = [];
  const deps: OpenDeps = {
    receiptLookup: crypto.receiptLookup,
    getChallenge: async () => ({ required: true, challenge: 'v1.return.test', bits: 2 }),
    searchProofOfWork: crypto.searchProofOfWork,
    postReturn: async (body) => {
      posted.push(body);
      return answer;
    },
    unlockReporterKey: crypto.unlockReporterKey,
    decryptThreadMessage: crypto.decryptThreadMessage,
    decryptReport: crypto.decryptReport,
    onStage: () => {},
  };
  return { deps, posted };
}

it('opens with the lookup value and a proof, never the receipt, and decrypts the thread with the receipt’s key', async () => {
  const { crypto, receipt, reporterKey, receiptLookup, report } = await sentReport();
  const { armoredMessage } = await crypto.sealThreadMessage({
    message: { text: 'Когда это было?' },
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
    armoredReporterKey: reporterKey.armoredPublicKey,
  });
  const answer: ReturnAnswer = {
    status: 'in_review',
    receivedAt: '2026-11-26T10:00:00.000Z',
    reporterKey,
    report,
    messages: [{ id: 'm1', author: 'reviewer', sentAt: '2026-11-26T11:00:00.000Z', armoredMessage }],
  };
  const { deps, posted } = openDeps(crypto, answer);
  // Retyped as a person might: lower case, spaces for dashes.
  const opened = await openReturn(receipt.toLowerCase().replace(/-/g, ' '), deps);
  expect(posted).toEqual([{ receiptLookup, proofOfWork: expect.objectContaining({ challenge: 'v1.return.test' }) }]);
  expect(JSON.stringify(posted)).not.toContain(receipt.replace(/-/g, ''));
  expect(opened.messages).toEqual([
    {
      id: 'm1',
      author: 'reviewer',
      sentAt: answer.messages[0]!.sentAt,
      readable: true,
      text: 'Когда это было?',
      attachments: [],
    },
  ]);
  expect(opened.status).toBe('in_review');
  // The report itself, encrypted to the reporter key too, reads back as the form made it.
  expect(opened.ownReport).toEqual({ readable: true, report: toReport(fullDraft()) });
});

it('a report encrypted to the agency alone (sent before it was also encrypted to the reporter key) is said to be the agency’s', async () => {
  const { crypto, receipt, reporterKey } = await sentReport();
  const agencyOnly = await encryptToKeys(JSON.stringify({ envelope: 'whistle412/report', v: 2, report: {} }), [
    agency.armoredPublicKey,
  ]);
  const { deps } = openDeps(crypto, {
    status: 'received',
    receivedAt: '2026-11-26T10:00:00.000Z',
    reporterKey,
    report: { envelopeVersion: 2, armoredReport: agencyOnly },
    messages: [],
  });
  const opened = await openReturn(receipt, deps);
  expect(opened.ownReport).toEqual({ readable: false, reason: 'agency_only' });
});

it('a report the reporter key opens but whose content is not a version 2 report is unreadable, not thrown', async () => {
  const { crypto, receipt, reporterKey } = await sentReport();
  const v1 = await crypto.sealThreadMessage({
    message: { text: 'not a report' },
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
    armoredReporterKey: reporterKey.armoredPublicKey,
  });
  const { deps } = openDeps(crypto, {
    status: 'received',
    receivedAt: '2026-11-26T10:00:00.000Z',
    reporterKey,
    report: { envelopeVersion: 2, armoredReport: v1.armoredMessage },
    messages: [],
  });
  expect((await openReturn(receipt, deps)).ownReport).toEqual({ readable: false, reason: 'unreadable' });
});

it('refuses a mistyped receipt before any request', async () => {
  const { crypto, reporterKey, report } = await sentReport();
  const { deps, posted } = openDeps(crypto, { status: 'received', receivedAt: '', reporterKey, report, messages: [] });
  await expect(openReturn('7KQ2-M9XD-ABCD', deps)).rejects.toMatchObject({ code: 'invalid_receipt' });
  expect(posted).toEqual([]);
});

it('a reply is sealed to the agency and to the reporter key, and the reporter can reread it', async () => {
  const { crypto, receipt, reporterKey, receiptLookup } = await sentReport();
  const posted: { armoredMessage: string; receiptLookup: string; attachments?: unknown }[] = [];
  const deps: ReplyDeps = {
    getConfig: async () => ({ agencyFingerprint: agency.fingerprint, limits: { maxArmoredReportChars: 300_000 } }),
    getRecipientKeys: async () => ({
      agencyKey: { fingerprint: agency.fingerprint, armoredPublicKey: agency.armoredPublicKey },
      reviewerKeys: [],
    }),
    fingerprintOf: crypto.agencyKeyFingerprint,
    sealThreadMessage: crypto.sealThreadMessage,
    getChallenge: async () => ({ required: false }),
    searchProofOfWork: crypto.searchProofOfWork,
    postReturnMessage: async (body) => {
      posted.push(body);
      return { id: 'm2', sentAt: '2026-11-26T11:00:00.000Z' };
    },
    onStage: () => {},
  };
  const shown = await sendReply(
    { text: 'Вчера вечером', files: [] },
    { receiptLookup, reporterPublicKey: reporterKey.armoredPublicKey },
    deps,
  );
  expect(shown).toMatchObject({ author: 'reporter', readable: true, text: 'Вчера вечером' });
  expect(posted).toHaveLength(1);
  expect(posted[0]!.receiptLookup).toBe(receiptLookup);
  expect(posted[0]).not.toHaveProperty('attachments');
  expect(posted[0]!.armoredMessage).not.toContain('Вчера');
  const { keyRef } = await crypto.unlockReporterKey({ receipt, armoredPrivateKey: reporterKey.armoredPrivateKey });
  await expect(crypto.decryptThreadMessage({ armoredMessage: posted[0]!.armoredMessage, keyRef })).resolves.toEqual({
    status: 'ok',
    message: { text: 'Вчера вечером', attachments: [] },
  });
});

it('refuses an empty reply before anything is encrypted or sent', async () => {
  const { receiptLookup, reporterKey } = await sentReport();
  const never = async () => {
    throw new Error('must not be called');
  };
  await expect(
    sendReply(
      { text: '   ', files: [] },
      { receiptLookup, reporterPublicKey: reporterKey.armoredPublicKey },
      {
        getConfig: never,
        getRecipientKeys: never,
        fingerprintOf: never,
        sealThreadMessage: never,
        getChallenge: never,
        searchProofOfWork: never,
        postReturnMessage: never,
        onStage: () => {},
      },
    ),
  ).rejects.toThrow();
});
