import type { KeyRef } from '../../../crypto/src/types';
import { prove, type Challenge, type ProofOfWork } from '../report/submitReport';
import type { DecryptMessage } from '../shared/thread-message';

/** Longest name a reporter gives an access code (it is encrypted; the limit keeps it in the smallest padding bucket). */
export const MAX_LABEL_CHARS = 200;

/** A code as the server lists it on a return visit: its label is ciphertext to the reporter key. */
export interface StoredAccessCode {
  codeId: string;
  armoredLabel: string;
  issuedAt: string;
  revokedAt: string | null;
}

/** A code as the return page shows it: the label decrypted here, or null when it could not be. */
export interface AccessCodeView {
  codeId: string;
  label: string | null;
  issuedAt: string;
  revokedAt: string | null;
}

type Search = (options: {
  challenge: string;
  bits: number;
  fromNonce: number;
  hashes: number;
}) => Promise<{ proof: ProofOfWork | null; nextNonce: number }>;

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
  searchProofOfWork: Search;
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
    view: { codeId: issued.codeId, label, issuedAt: issued.issuedAt, revokedAt: null },
  };
}

export interface RevokeDeps {
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: Search;
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
