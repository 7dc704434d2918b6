import type { KeyRef } from '../../../crypto/src/types';
import { checkAgencyKey, type AgencyKeyDeps } from '../report/agencyKey';
import { prove, type Challenge, type ProofOfWork, type SearchProofOfWork } from '../report/submitReport';
import { ApiError } from '../shared/api-types';
import { readLawyerShare, type LawyerShare } from '../shared/lawyer-share';
import {
  lawyerMessage,
  openLawyerThread,
  type EvidenceNote,
  type LawyerMessageView,
  type SealLawyerMessage,
  type StoredLawyerMessage,
} from '../shared/lawyer-message';
import type { AttachmentV2 } from '../shared/report-v2';
import type { DecryptMessage } from '../shared/thread-message';

/** What the lawyer is told of the report: the reporter's few plain states. */
export type ReportStatus = 'received' | 'in_review' | 'closed' | 'referred';

/** The answer to opening a code (padded by the server to a size bucket; the padding is dropped here). */
export interface LawyerAnswer {
  status: ReportStatus;
  issuedAt: string;
  lawyerKey: { armoredPublicKey: string; armoredPrivateKey: string };
  reporterPublicKey: string;
  messages: StoredLawyerMessage[];
  /** What the client chose to share (their report and/or thread), encrypted to the lawyer key; null: nothing. */
  shared?: { armoredShare: string; sharedAt: string | null } | null;
}

/** What the lawyer page shows of a share: what the client chose (report, thread or both), or that it could not be read. */
export type SharedView = ({ readable: true; sharedAt: string | null } & LawyerShare) | { readable: false };

export type OpenStage = 'deriving' | 'provingWork' | 'opening' | 'decrypting';
export type SendStage = 'checkingKey' | 'encrypting' | 'provingWork' | 'sending';

export interface OpenDeps {
  accessLookup(options: { accessCode: string }): Promise<{ accessLookup: string }>;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postLawyer(body: { accessLookup: string; proofOfWork?: ProofOfWork }): Promise<LawyerAnswer>;
  unlockLawyerKey(options: { accessCode: string; armoredPrivateKey: string }): Promise<{ keyRef: KeyRef }>;
  decryptThreadMessage: DecryptMessage;
  onStage(stage: OpenStage, progress?: number): void;
}

/** What an access code opened, held in the page's memory only while it is open. */
export interface OpenedAccess {
  status: ReportStatus;
  issuedAt: string;
  messages: LawyerMessageView[];
  /** Sent with each request so the server finds the code again; derived from the code, never the code itself. */
  accessLookup: string;
  lawyerPublicKey: string;
  /** Evidence is encrypted to the client's reporter key too, so the client can read what their lawyer added. */
  reporterPublicKey: string;
  keyRef: KeyRef;
  shared: SharedView | null;
}

/** The server's one answer for a code that opens nothing (wrong, or revoked): the page says so, with no other hint. */
export const isNotRecognised = (error: unknown) =>
  error instanceof ApiError && error.code === 'access_code_not_recognised';

/**
 * Opening a code: derive the lookup value (a mistyped code is refused here,
 * before any request), pay the proof of work, fetch what the code opens,
 * unlock the lawyer key with the code inside the crypto worker and decrypt
 * the thread there.
 */
export async function openAccess(accessCode: string, deps: OpenDeps): Promise<OpenedAccess> {
  deps.onStage('deriving');
  const { accessLookup } = await deps.accessLookup({ accessCode });
  const proofOfWork = await prove(await deps.getChallenge(), {
    searchProofOfWork: deps.searchProofOfWork,
    onStage: (_stage, progress) => deps.onStage('provingWork', progress),
  });
  deps.onStage('opening');
  const answer = await deps.postLawyer(proofOfWork ? { accessLookup, proofOfWork } : { accessLookup });
  deps.onStage('decrypting');
  const { keyRef } = await deps.unlockLawyerKey({ accessCode, armoredPrivateKey: answer.lawyerKey.armoredPrivateKey });
  let shared: SharedView | null = null;
  if (answer.shared) {
    const opened = await deps.decryptThreadMessage({ armoredMessage: answer.shared.armoredShare, keyRef });
    const read = opened.status === 'ok' ? readLawyerShare(opened.message) : null;
    shared = read ? { readable: true, sharedAt: answer.shared.sharedAt, ...read } : { readable: false };
  }
  return {
    shared,
    status: answer.status,
    issuedAt: answer.issuedAt,
    messages: await openLawyerThread(answer.messages, keyRef, deps.decryptThreadMessage),
    accessLookup,
    lawyerPublicKey: answer.lawyerKey.armoredPublicKey,
    reporterPublicKey: answer.reporterPublicKey,
    keyRef,
  };
}

export interface SendDeps extends AgencyKeyDeps {
  sealLawyerMessage: SealLawyerMessage;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postLawyerMessage(body: {
    accessLookup: string;
    armoredMessage: string;
    attachments?: { id: string; uploadToken: string }[];
    proofOfWork?: ProofOfWork;
  }): Promise<{ id: string; sentAt: string }>;
  onStage(stage: SendStage, progress?: number): void;
}

/** An evidence file uploaded for this message, with the lawyer's title and description of it. */
export interface EvidenceFile {
  upload: { id: string; uploadToken: string };
  descriptor: Omit<AttachmentV2, 'sha256'>;
  /** The whole file's SHA-256, still being computed beside the upload (files/uploadAttachment.ts). */
  sha256: Promise<string> | string;
  title: string;
  description: string;
}

/**
 * Sends the lawyer's message: its text, and for each file its description
 * (name, type, size, plaintext SHA-256) with the lawyer's title and
 * description, all inside the encryption, to the recipient set (checked
 * against the pinned agency fingerprint) and the lawyer key. The uploads are
 * bound to the report when it is stored. Returns the message as the thread shows it.
 */
export async function sendLawyerMessage(
  { text, files }: { text: string; files: readonly EvidenceFile[] },
  access: Pick<OpenedAccess, 'accessLookup' | 'lawyerPublicKey'>,
  deps: SendDeps,
): Promise<LawyerMessageView> {
  const digests = await Promise.all(files.map((f) => f.sha256));
  const evidence: EvidenceNote[] = files.map((f) => ({
    id: f.upload.id,
    title: f.title.trim(),
    description: f.description,
  }));
  const message = lawyerMessage.parse({
    text,
    ...(files.length > 0
      ? { attachments: files.map((f, i) => ({ ...f.descriptor, sha256: digests[i]! })), evidence }
      : {}),
  });
  deps.onStage('checkingKey');
  const key = await checkAgencyKey(deps);
  const challenge = deps.getChallenge();
  challenge.catch(() => {}); // awaited below
  deps.onStage('encrypting');
  const { armoredMessage } = await deps.sealLawyerMessage({
    message,
    ...key,
    armoredLawyerKey: access.lawyerPublicKey,
  });
  const proofOfWork = await prove(await challenge, deps);
  deps.onStage('sending');
  const attachments = files.map(({ upload }) => ({ id: upload.id, uploadToken: upload.uploadToken }));
  const sent = await deps.postLawyerMessage({
    accessLookup: access.accessLookup,
    armoredMessage,
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(proofOfWork ? { proofOfWork } : {}),
  });
  return {
    id: sent.id,
    author: 'lawyer',
    sentAt: sent.sentAt,
    readable: true,
    text: message.text,
    attachments: message.attachments ?? [],
    evidence: message.evidence ?? [],
  };
}
