import type { DecryptedReport } from '../../../crypto/src/report';
import type { KeyRef } from '../../../crypto/src/types';
import { openAccessCodes, type AccessCodeView, type StoredAccessCode } from './accessCodes';
import { checkAgencyKey, type AgencyKeyDeps } from '../report/agencyKey';
import { prove, type Challenge, type ProofOfWork, type SearchProofOfWork } from '../report/submitReport';
import { ApiError } from '../shared/api-types';
import { readOwnReport, type OwnReport } from '../shared/own-report';
import type { AttachmentV2 } from '../shared/report-v2';
import {
  openThread,
  threadMessage,
  type DecryptMessage,
  type MessageView,
  type StoredMessage,
} from '../shared/thread-message';

/** What the reporter is told: a few plain states, whatever the console's statuses are. */
export type ReporterStatus = 'received' | 'in_review' | 'closed' | 'referred';

/** The answer to a return visit (padded by the server to a size bucket; the padding is dropped here). */
export interface ReturnAnswer {
  status: ReporterStatus;
  receivedAt: string;
  reporterKey: { armoredPublicKey: string; armoredPrivateKey: string };
  /** The stored report, ciphertext; readable here when it was also encrypted to the reporter key. */
  report: { envelopeVersion: number; armoredReport: string };
  messages: StoredMessage[];
  /** The access codes the reporter issued for lawyers (features/lawyers); absent from an older server. */
  accessCodes?: StoredAccessCode[];
}

export type OpenStage = 'deriving' | 'provingWork' | 'opening' | 'decrypting';
export type ReplyStage = 'checkingKey' | 'encrypting' | 'provingWork' | 'sending';

export interface OpenDeps {
  receiptLookup(options: { receipt: string }): Promise<{ receiptLookup: string }>;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postReturn(body: { receiptLookup: string; proofOfWork?: ProofOfWork }): Promise<ReturnAnswer>;
  unlockReporterKey(options: { receipt: string; armoredPrivateKey: string }): Promise<{ keyRef: KeyRef }>;
  decryptThreadMessage: DecryptMessage;
  decryptReport(options: { armoredReport: string; keyRef: KeyRef }): Promise<DecryptedReport>;
  onStage(stage: OpenStage, progress?: number): void;
}

/** An opened report, held in the page's memory only while it is open. */
export interface OpenedReport {
  status: ReporterStatus;
  receivedAt: string;
  /** The report as sent, read with the reporter key; or why it cannot be shown here. */
  ownReport: OwnReport;
  messages: MessageView[];
  /** Sent with each reply so the server finds the report again; derived from the receipt, never the receipt itself. */
  receiptLookup: string;
  reporterPublicKey: string;
  keyRef: KeyRef;
  /** The codes issued for lawyers, their labels decrypted here. */
  accessCodes: AccessCodeView[];
}

/** The server's one answer for a receipt that opens nothing: the page says so calmly, with no other hint. */
export const isNotRecognised = (error: unknown) => error instanceof ApiError && error.code === 'receipt_not_recognised';

/**
 * A return visit: derive the lookup value from the receipt (a mistyped
 * receipt is refused here, before any request), pay the proof of work,
 * fetch the report, unlock the reporter key with the receipt inside the
 * crypto worker and decrypt the report and the thread there.
 */
export async function openReturn(receipt: string, deps: OpenDeps): Promise<OpenedReport> {
  deps.onStage('deriving');
  const { receiptLookup } = await deps.receiptLookup({ receipt });
  const proofOfWork = await prove(await deps.getChallenge(), {
    searchProofOfWork: deps.searchProofOfWork,
    onStage: (_stage, progress) => deps.onStage('provingWork', progress),
  });
  deps.onStage('opening');
  const answer = await deps.postReturn(proofOfWork ? { receiptLookup, proofOfWork } : { receiptLookup });
  deps.onStage('decrypting');
  const { keyRef } = await deps.unlockReporterKey({ receipt, armoredPrivateKey: answer.reporterKey.armoredPrivateKey });
  return {
    status: answer.status,
    receivedAt: answer.receivedAt,
    ownReport: readOwnReport(await deps.decryptReport({ armoredReport: answer.report.armoredReport, keyRef })),
    messages: await openThread(answer.messages, keyRef, deps.decryptThreadMessage),
    receiptLookup,
    reporterPublicKey: answer.reporterKey.armoredPublicKey,
    keyRef,
    accessCodes: await openAccessCodes(answer.accessCodes ?? [], keyRef, deps.decryptThreadMessage),
  };
}

export interface ReplyDeps extends AgencyKeyDeps {
  sealThreadMessage(options: {
    message: unknown;
    armoredAgencyKey: string;
    pinnedAgencyFingerprint: string;
    armoredReporterKey: string;
  }): Promise<{ armoredMessage: string }>;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postReturnMessage(body: {
    receiptLookup: string;
    armoredMessage: string;
    attachments?: { id: string; uploadToken: string }[];
    proofOfWork?: ProofOfWork;
  }): Promise<{ id: string; sentAt: string }>;
  onStage(stage: ReplyStage, progress?: number): void;
}

/** A file uploaded for this reply: its description (inside the encryption) and its upload (bound when sent). */
export interface ReplyFile {
  upload: { id: string; uploadToken: string };
  descriptor: Omit<AttachmentV2, 'sha256'>;
  /** The whole file's SHA-256, still being computed beside the upload (files/uploadAttachment.ts). */
  sha256: Promise<string> | string;
}

/**
 * Sends the reporter's reply: the message (text and the files' descriptions)
 * is encrypted to the recipient set, checked against the pinned agency
 * fingerprint, and to the reporter key, so the reporter can reread it; the
 * uploads are bound to the report when it is stored. Returns the message as
 * the thread shows it.
 */
export async function sendReply(
  { text, files }: { text: string; files: readonly ReplyFile[] },
  report: Pick<OpenedReport, 'receiptLookup' | 'reporterPublicKey'>,
  deps: ReplyDeps,
): Promise<MessageView> {
  // Only sending waits for the files' hashes; their upload did not.
  const digests = await Promise.all(files.map((f) => f.sha256));
  const message = threadMessage.parse({
    text,
    attachments: files.map((f, i) => ({ ...f.descriptor, sha256: digests[i]! })),
  });
  deps.onStage('checkingKey');
  const key = await checkAgencyKey(deps);
  const challenge = deps.getChallenge();
  challenge.catch(() => {}); // awaited below
  deps.onStage('encrypting');
  const { armoredMessage } = await deps.sealThreadMessage({
    message,
    ...key,
    armoredReporterKey: report.reporterPublicKey,
  });
  const proofOfWork = await prove(await challenge, deps);
  deps.onStage('sending');
  const attachments = files.map(({ upload }) => ({ id: upload.id, uploadToken: upload.uploadToken }));
  const sent = await deps.postReturnMessage({
    receiptLookup: report.receiptLookup,
    armoredMessage,
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(proofOfWork ? { proofOfWork } : {}),
  });
  return {
    id: sent.id,
    author: 'reporter',
    sentAt: sent.sentAt,
    readable: true,
    text: message.text,
    attachments: message.attachments ?? [],
  };
}
