import { hkdfSync } from 'node:crypto';

import { createCryptoApi, generateAgencyKey } from '../../crypto/src/index';
import { deriveAccessCodeSecrets, parseAccessCode } from '../../crypto/src/access-code';
import { deriveReceiptSecrets } from '../../crypto/src/receipt';
import { toReport } from '../../frontend/src/report/form/draft';
import {
  issueAccessCode,
  shareOf,
  shareOfThread,
  shareWithLawyer,
  type IssueDeps,
  type ShareDeps,
} from '../../frontend/src/return/accessCodes';
import { openAccess, type LawyerAnswer } from '../../frontend/src/lawyer/lawyerVisit';
import { readLawyerShare } from '../../frontend/src/shared/lawyer-share';
import { fullDraft } from '../support/report-draft';
import type { MessageView } from '../../frontend/src/shared/thread-message';

/**
 * Access codes in the browser's plain functions, with the real crypto layer
 * in-thread and a scripted server: the code never leaves the page, its
 * derivation is apart from a receipt's, and the lawyer key it makes opens
 * only with that code.
 */
let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Unit agency', passphrase: 'unit agency passphrase' });
});

describe('an access code', () => {
  it('is read as a receipt is (case, spaces, dashes, O/I/L), and a wrong one is refused with its own code', () => {
    expect(parseAccessCode('7kq2 m9xd 0o1i l234')).toBe('7KQ2-M9XD-0011-1234');
    expect(() => parseAccessCode('7KQ2-M9XD')).toThrow(expect.objectContaining({ code: 'invalid_access_code' }));
  });

  it('derives a lookup value and passphrase of its own: the same characters as a receipt give other values', async () => {
    const code = '7KQ2-M9XD-0011-1234';
    const access = await deriveAccessCodeSecrets(code);
    const receipt = await deriveReceiptSecrets(code);
    expect(access.accessLookup).toMatch(/^[0-9a-f]{64}$/);
    expect(access.accessLookup).not.toBe(receipt.receiptLookup);
    expect(access.lawyerKeyPassphrase).not.toBe(receipt.reporterKeyPassphrase);
    expect(await deriveAccessCodeSecrets('7kq2m9xd00111234')).toEqual(access);
  });

  it('derives by HKDF-SHA-256 with its own salt and label, as node:crypto computes it independently', async () => {
    // The labels are part of the stored data: a lawyer key sealed under one derivation opens only under the same.
    const hkdf = (info: string) =>
      Buffer.from(hkdfSync('sha256', '7KQ2M9XD00111234', 'whistle412/access-code/v1', info, 32));
    const access = await deriveAccessCodeSecrets('7KQ2-M9XD-0011-1234');
    expect(access.accessLookup).toBe(hkdf('lookup').toString('hex'));
    expect(access.lawyerKeyPassphrase).toBe(hkdf('lawyer-key-passphrase').toString('base64url'));
  });

  it('is issued without the code ever being posted, and the lawyer opens what it locks with the code alone', async () => {
    const crypto = createCryptoApi();
    const { submission } = await crypto.sealReport({
      report: { whatHappened: 'x', agency: 'police' },
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
    });
    const posted: unknown[] = [];
    const deps: IssueDeps = {
      issueAccessCode: crypto.issueAccessCode,
      getChallenge: async () => ({ required: true, challenge: 'v1.return.test', bits: 2 }),
      searchProofOfWork: crypto.searchProofOfWork,
      postAccessCode: async (body) => {
        posted.push(body);
        return { codeId: 'c'.repeat(22), issuedAt: '2026-11-26T10:00:00.000Z' };
      },
      onStage: () => {},
    };
    const { accessCode } = await issueAccessCode(
      'Адвокат',
      { receiptLookup: submission.receiptLookup, reporterPublicKey: submission.reporterKey.armoredPublicKey },
      deps,
    );
    const body = posted[0] as { accessLookup: string; lawyerKey: LawyerAnswer['lawyerKey']; armoredLabel: string };
    const compact = accessCode.replace(/-/g, '');
    expect(JSON.stringify(posted)).not.toContain(compact);
    expect(JSON.stringify(posted)).not.toContain('Адвокат');
    expect(body.accessLookup).toBe((await deriveAccessCodeSecrets(accessCode)).accessLookup);

    const answer: LawyerAnswer = {
      status: 'received',
      issuedAt: '2026-11-26T10:00:00.000Z',
      lawyerKey: body.lawyerKey,
      reporterPublicKey: submission.reporterKey.armoredPublicKey,
      messages: [],
      shared: null,
    };
    const lawyer = createCryptoApi();
    const openDeps = {
      accessLookup: lawyer.accessLookup,
      getChallenge: async () => ({ required: false }) as const,
      searchProofOfWork: lawyer.searchProofOfWork,
      postLawyer: async () => answer,
      unlockLawyerKey: lawyer.unlockLawyerKey,
      decryptThreadMessage: lawyer.decryptThreadMessage,
      onStage: () => {},
    };
    const opened = await openAccess(accessCode.toLowerCase(), openDeps);
    expect(opened).toMatchObject({ status: 'received', accessLookup: body.accessLookup, shared: null });
    // Another code of the same form does not unlock the key.
    await expect(openAccess('0000-0000-0000-0000', openDeps)).rejects.toMatchObject({ code: 'wrong_passphrase' });
  });
});

describe("the reporter's thread as shared", () => {
  const message = (i: number, text: string): MessageView => ({
    id: `m${i}`,
    author: i % 2 ? 'reviewer' : 'reporter',
    sentAt: '2026-11-26T10:00:00.000Z',
    readable: true,
    text,
    attachments: [],
  });

  it('keeps readable messages with their side, hour, text and file names, and drops unreadable ones', () => {
    const unreadable: MessageView = {
      id: 'x',
      author: 'reviewer',
      sentAt: '2026-11-26T10:00:00.000Z',
      readable: false,
      reason: 'corrupted',
    };
    expect(shareOfThread([message(0, 'Қашан?'), unreadable])).toEqual({
      messages: [{ author: 'reporter', sentAt: '2026-11-26T10:00:00.000Z', text: 'Қашан?', files: [] }],
      omitted: 0,
    });
  });

  it('keeps the newest messages that fit the message envelope when the thread is longer', () => {
    const long = Array.from({ length: 12 }, (_, i) => message(i, 'ж'.repeat(5_000)));
    const { messages, omitted } = shareOfThread(long);
    expect(omitted).toBeGreaterThan(0);
    expect(messages.length + omitted).toBe(12);
    expect(new TextEncoder().encode(JSON.stringify({ messages })).length).toBeLessThanOrEqual(60_000);
    expect(messages.at(-1)!.text).toBe('ж'.repeat(5_000));
  });
});

describe('what the reporter shares with a lawyer (share format 2)', () => {
  const report = toReport(fullDraft());
  const thread: MessageView[] = [
    { id: 'm', author: 'reporter', sentAt: '2026-11-26T10:00:00.000Z', readable: true, text: 'Сәлем', attachments: [] },
  ];
  const opened = (readable: boolean) => ({
    receiptLookup: 'a'.repeat(64),
    reporterPublicKey: '',
    messages: thread,
    ownReport: readable ? ({ readable: true, report } as const) : ({ readable: false, reason: 'agency_only' } as const),
  });
  const sharedThread = {
    messages: [{ author: 'reporter', sentAt: thread[0]!.sentAt, text: 'Сәлем', files: [] }],
    omitted: 0,
  };

  it('holds exactly what was ticked, and nothing when nothing was', () => {
    expect(shareOf({ report: true, thread: false }, opened(true))).toEqual({ version: 2, report: { report } });
    expect(shareOf({ report: false, thread: true }, opened(true))).toEqual({ version: 2, thread: sharedThread });
    expect(shareOf({ report: true, thread: true }, opened(true))).toEqual({
      version: 2,
      report: { report },
      thread: sharedThread,
    });
    expect(shareOf({ report: false, thread: false }, opened(true))).toBeNull();
    // A report this page could not read cannot be shared: ticking it alone shares nothing.
    expect(shareOf({ report: true, thread: false }, opened(false))).toBeNull();
  });

  it('is read back by the lawyer page in both formats, and anything else is refused', () => {
    expect(readLawyerShare(shareOf({ report: true, thread: true }, opened(true)))).toEqual({
      report: { report },
      thread: sharedThread,
    });
    // The first format: the thread alone, with no version.
    expect(readLawyerShare(sharedThread)).toEqual({ thread: sharedThread });
    expect(readLawyerShare({ version: 2 })).toBeNull();
    expect(readLawyerShare({ version: 3, thread: sharedThread })).toBeNull();
    expect(readLawyerShare({ version: 2, report: { report: { ...report, officers: [] } } })).toBeNull();
    expect(readLawyerShare({ version: 2, thread: sharedThread, extra: 1 })).toBeNull();
  });

  it('is sealed to the lawyer key and the reporter key only; the lawyer opens the report with the code', async () => {
    const reporter = createCryptoApi();
    const { receipt, submission } = await reporter.sealReport({
      report,
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
    });
    const issued = await reporter.issueAccessCode({
      label: 'Адвокат',
      armoredReporterKey: submission.reporterKey.armoredPublicKey,
    });
    const posted: { armoredShare: string | null }[] = [];
    const deps: ShareDeps = {
      sealShare: reporter.sealShare,
      getChallenge: async () => ({ required: false }),
      searchProofOfWork: reporter.searchProofOfWork,
      postShare: async (body) => {
        posted.push(body);
        return { codeId: body.codeId, sharedAt: body.armoredShare ? '2026-11-26T10:00:00.000Z' : null };
      },
    };
    const code = { codeId: 'c'.repeat(22), lawyerPublicKey: issued.lawyerKey.armoredPublicKey };
    const report2 = { ...opened(true), reporterPublicKey: submission.reporterKey.armoredPublicKey };
    await shareWithLawyer(code, report2, deps, { report: true, thread: false });
    const armoredShare = posted[0]!.armoredShare!;
    expect(armoredShare).not.toContain(report.inducement.account);
    // The agency key cannot open it.
    const agencyView = createCryptoApi();
    const { keyRef: agencyRef } = await agencyView.unlockKey({
      armoredPrivateKey: agency.armoredPrivateKey,
      passphrase: 'unit agency passphrase',
    });
    await expect(agencyView.decryptThreadMessage({ armoredMessage: armoredShare, keyRef: agencyRef })).resolves.toEqual(
      { status: 'failed', reason: 'not_for_this_key' },
    );
    // The reporter key can (the receipt rereads what it shared), and so can the lawyer key.
    const { keyRef } = await reporter.unlockReporterKey({
      receipt,
      armoredPrivateKey: submission.reporterKey.armoredPrivateKey,
    });
    await expect(reporter.decryptThreadMessage({ armoredMessage: armoredShare, keyRef })).resolves.toMatchObject({
      status: 'ok',
    });
    const lawyer = createCryptoApi();
    const answer: LawyerAnswer = {
      status: 'received',
      issuedAt: '2026-11-26T10:00:00.000Z',
      lawyerKey: issued.lawyerKey,
      reporterPublicKey: submission.reporterKey.armoredPublicKey,
      messages: [],
      shared: { armoredShare, sharedAt: '2026-11-26T10:00:00.000Z' },
    };
    const access = await openAccess(issued.accessCode, {
      accessLookup: lawyer.accessLookup,
      getChallenge: async () => ({ required: false }),
      searchProofOfWork: lawyer.searchProofOfWork,
      postLawyer: async () => answer,
      unlockLawyerKey: lawyer.unlockLawyerKey,
      decryptThreadMessage: lawyer.decryptThreadMessage,
      onStage: () => {},
    });
    expect(access.shared).toEqual({ readable: true, sharedAt: '2026-11-26T10:00:00.000Z', report: { report } });
    // Unticking everything unshares: null goes to the server.
    await shareWithLawyer(code, report2, deps, { report: false, thread: false });
    expect(posted[1]!.armoredShare).toBeNull();
  });
});
