import type { KeyRef } from '../../../crypto/src/types';
import { prove, type Challenge, type ProofOfWork, type SearchProofOfWork } from '../report/submitReport';
import { lawyerShare, type LawyerShare } from '../shared/lawyer-share';
import type { OwnReport } from '../shared/own-report';
import type { DecryptMessage, MessageView } from '../shared/thread-message';

/** Longest name a reporter gives an access code (it is encrypted; the limit keeps it in the smallest padding bucket). */
export const MAX_LABEL_CHARS = 200;

/** A code as the server lists it on a return visit: its label is ciphertext to the reporter key. */
export interface StoredAccessCode {
  codeId: string;
  armoredLabel: string;
  issuedAt: string;
  revokedAt: string | null;
  /** What the page encrypts a share to. */
  lawyerPublicKey: string;
  /** The hour the reporter last shared their report and/or thread with this lawyer; null: nothing shared. */
  sharedAt: string | null;
}

/** A code as the return page shows it: the label decrypted here, or null when it could not be. */
export interface AccessCodeView {
  codeId: string;
  label: string | null;
  issuedAt: string;
  revokedAt: string | null;
  lawyerPublicKey: string;
  sharedAt: string | null;
}

/** Decrypts each code's label with the unlocked reporter key; a label that fails is shown as unreadable. */
export async function openAccessCodes(
  codes: readonly StoredAccessCode[],
  keyRef: KeyRef,
  decrypt: DecryptMessage,
): Promise<AccessCodeView[]> {
  const views: AccessCodeView[] = [];
  for (const { armoredLabel, ...code } of codes) {
    const opened = await decrypt({ armoredMessage: armoredLabel, keyRef });
    const message = opened.status === 'ok' ? (opened.message as { label?: unknown }) : null;
    views.push({ ...code, label: typeof message?.label === 'string' ? message.label : null });
  }
  return views;
}

export type IssueStage = 'creating' | 'provingWork' | 'sending';

export interface IssueDeps {
  issueAccessCode(options: { label: string; armoredReporterKey: string }): Promise<{
    accessCode: string;
    accessLookup: string;
    lawyerKey: { armoredPublicKey: string; armoredPrivateKey: string };
    armoredLabel: string;
  }>;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postAccessCode(body: {
    receiptLookup: string;
    accessLookup: string;
    lawyerKey: { armoredPublicKey: string; armoredPrivateKey: string };
    armoredLabel: string;
    proofOfWork?: ProofOfWork;
  }): Promise<{ codeId: string; issuedAt: string }>;
  onStage(stage: IssueStage, progress?: number): void;
}

/**
 * Issues an access code: the code, its lawyer key pair (locked by the code)
 * and the encrypted label are made in the crypto worker; the server gets the
 * lookup value, the key pair and the label's ciphertext. Returns the code,
 * to be shown once, and the code as the list shows it.
 */
export async function issueAccessCode(
  label: string,
  report: { receiptLookup: string; reporterPublicKey: string },
  deps: IssueDeps,
): Promise<{ accessCode: string; view: AccessCodeView }> {
  deps.onStage('creating');
  const made = await deps.issueAccessCode({ label, armoredReporterKey: report.reporterPublicKey });
  const proofOfWork = await prove(await deps.getChallenge(), {
    searchProofOfWork: deps.searchProofOfWork,
    onStage: (_stage, progress) => deps.onStage('provingWork', progress),
  });
  deps.onStage('sending');
  const issued = await deps.postAccessCode({
    receiptLookup: report.receiptLookup,
    accessLookup: made.accessLookup,
    lawyerKey: made.lawyerKey,
    armoredLabel: made.armoredLabel,
    ...(proofOfWork ? { proofOfWork } : {}),
  });
  return {
    accessCode: made.accessCode,
    view: {
      codeId: issued.codeId,
      label,
      issuedAt: issued.issuedAt,
      revokedAt: null,
      lawyerPublicKey: made.lawyerKey.armoredPublicKey,
      sharedAt: null,
    },
  };
}

export interface RevokeDeps {
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postRevokeAccessCode(body: {
    receiptLookup: string;
    codeId: string;
    proofOfWork?: ProofOfWork;
  }): Promise<{ codeId: string; revokedAt: string }>;
}

/** Revokes a code; returns the hour the server recorded. */
export async function revokeAccessCode(
  codeId: string,
  report: { receiptLookup: string },
  deps: RevokeDeps,
): Promise<string> {
  const proofOfWork = await prove(await deps.getChallenge(), { ...deps, onStage: () => {} });
  const revoked = await deps.postRevokeAccessCode({
    receiptLookup: report.receiptLookup,
    codeId,
    ...(proofOfWork ? { proofOfWork } : {}),
  });
  return revoked.revokedAt;
}

/** A message of the reporter's thread as shared with a lawyer: what the reporter's page shows of it. */
export interface SharedMessage {
  author: 'reporter' | 'reviewer';
  sentAt: string;
  text: string;
  files: string[];
}

/**
 * The most the shared thread may hold, in bytes of JSON: the message envelope
 * takes at most 64 KiB of plaintext (crypto/src/thread-message.ts), and its
 * own fields and padding need the rest. The newest messages that fit are shared.
 */
const MAX_SHARE_BYTES = 60_000;

/** The reporter's thread as the page read it, newest messages first kept when it is too long; unreadable ones left out. */
export function shareOfThread(messages: readonly MessageView[]): { messages: SharedMessage[]; omitted: number } {
  const readable = messages.flatMap((m): SharedMessage[] =>
    m.readable ? [{ author: m.author, sentAt: m.sentAt, text: m.text, files: m.attachments.map((a) => a.name) }] : [],
  );
  const bytes = (list: SharedMessage[]) => new TextEncoder().encode(JSON.stringify({ messages: list })).length;
  let start = 0;
  while (start < readable.length && bytes(readable.slice(start)) > MAX_SHARE_BYTES) start += 1;
  return { messages: readable.slice(start), omitted: start };
}

export interface ShareDeps {
  sealShare(options: {
    share: unknown;
    armoredLawyerKey: string;
    armoredReporterKey: string;
  }): Promise<{ armoredShare: string }>;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postShare(body: {
    receiptLookup: string;
    codeId: string;
    armoredShare: string | null;
    proofOfWork?: ProofOfWork;
  }): Promise<{ codeId: string; sharedAt: string | null }>;
}

/** What the reporter chose to share with a lawyer; neither means nothing is shared. */
export interface ShareChoice {
  report: boolean;
  thread: boolean;
}

/**
 * What is shared, built from the choice: the report as this page read it
 * (only if it could: one sent before reports were also encrypted to the
 * reporter key cannot be), and the thread. Null when nothing is left to share.
 */
export function shareOf(choice: ShareChoice, report: OpenedReportLike): LawyerShare | null {
  const own = report.ownReport;
  return lawyerShare({
    ...(choice.report && own.readable
      ? {
          report: own.representative
            ? { report: own.report, representative: own.representative }
            : { report: own.report },
        }
      : {}),
    ...(choice.thread ? { thread: shareOfThread(report.messages) } : {}),
  });
}

/**
 * Shares what the reporter chose (their report, their thread, or both) with
 * one code's lawyer, encrypted here to that lawyer key and the reporter key,
 * replacing what was shared before; choosing nothing removes it.
 */
export async function shareWithLawyer(
  code: Pick<AccessCodeView, 'codeId' | 'lawyerPublicKey'>,
  report: OpenedReportLike,
  deps: ShareDeps,
  choice: ShareChoice,
): Promise<string | null> {
  const share = shareOf(choice, report);
  const armoredShare =
    share === null
      ? null
      : (
          await deps.sealShare({
            share,
            armoredLawyerKey: code.lawyerPublicKey,
            armoredReporterKey: report.reporterPublicKey,
          })
        ).armoredShare;
  const proofOfWork = await prove(await deps.getChallenge(), { ...deps, onStage: () => {} });
  const shared = await deps.postShare({
    receiptLookup: report.receiptLookup,
    codeId: code.codeId,
    armoredShare,
    ...(proofOfWork ? { proofOfWork } : {}),
  });
  return shared.sharedAt;
}

interface OpenedReportLike {
  receiptLookup: string;
  reporterPublicKey: string;
  messages: readonly MessageView[];
  ownReport: OwnReport;
}
