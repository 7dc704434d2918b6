import { createCryptoApi, generateAgencyKey } from '../../crypto/src/index';
import {
  openReturn,
  sendReply,
  type OpenDeps,
  type ReplyDeps,
  type ReturnAnswer,
} from '../../frontend/src/return/returnVisit';

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
    report: { whatHappened: 'x', agency: 'police' },
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  return { crypto, receipt, reporterKey: submission.reporterKey, receiptLookup: submission.receiptLookup };
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
    onStage: () => {},
  };
  return { deps, posted };
}

it('opens with the lookup value and a proof, never the receipt, and decrypts the thread with the receipt’s key', async () => {
  const { crypto, receipt, reporterKey, receiptLookup } = await sentReport();
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
});

it('refuses a mistyped receipt before any request', async () => {
  const { crypto, reporterKey } = await sentReport();
  const { deps, posted } = openDeps(crypto, { status: 'received', receivedAt: '', reporterKey, messages: [] });
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
