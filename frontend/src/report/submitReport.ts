import type { SealedReport } from '../../../crypto/src/api';
import type { RecipientSetOptions } from '../../../crypto/src/reviewer-key';
import { ApiError } from '../shared/api-types';
import type { ReportV2 } from '../shared/report-v2';
import type { Representative } from '../shared/representative';
import { checkAgencyKey, type AgencyKeyDeps } from './agencyKey';

export type SubmitStage = 'hashingFiles' | 'checkingKey' | 'encrypting' | 'provingWork' | 'sending';

export interface ProofOfWork {
  challenge: string;
  nonce: string;
}

export type Challenge = { required: false } | { required: true; challenge: string; bits: number };

/**
 * An uploaded evidence file, as far as sending the report needs it (the
 * uploader's `UploadedAttachment` is one). Declared here so this function and
 * its Node-side test load none of the uploader's fetch code.
 */
export interface FileToBind {
  upload: { id: string; uploadToken: string };
  /** The whole file's SHA-256, which may still be being computed when the reporter clicks send. */
  sha256: Promise<string> | string;
}

/** What is posted: the sealed report, the uploads it binds (by id and token) and the proof of work. */
export type ReportSubmission = SealedReport & {
  attachments?: { id: string; uploadToken: string }[];
  proofOfWork?: ProofOfWork;
};

/** One slice of the proof-of-work search in the crypto worker (every page that pays a challenge uses it). */
export type SearchProofOfWork = (options: {
  challenge: string;
  bits: number;
  fromNonce: number;
  hashes: number;
}) => Promise<{ proof: ProofOfWork | null; nextNonce: number }>;

export interface SubmitDeps extends AgencyKeyDeps {
  /** Encrypts to the recipient set, which the worker verifies first (every certification, the pinned agency key). */
  sealReport(
    options: { report: unknown; representative?: unknown } & RecipientSetOptions,
  ): Promise<{ receipt: string; submission: SealedReport }>;
  getChallenge(): Promise<Challenge>;
  searchProofOfWork: SearchProofOfWork;
  postReport(submission: ReportSubmission): Promise<unknown>;
  /** `progress` runs from 0 towards 1 while the proof of work is searched for (an estimate: the search is luck). */
  onStage(stage: SubmitStage, progress?: number): void;
  /** Checks the finished report against the envelope's schema (checkReport.ts); none in tests of the sending alone. */
  checkReport?(report: ReportV2): Promise<ReportV2>;
  /** The same for a representative's details (checkReport.ts). */
  checkRepresentative?(representative: Representative): Promise<Representative>;
  /** Waits between attempts; a parameter so tests need not wait. */
  sleep?(ms: number): Promise<void>;
}

/** Hashes per call into the worker: small enough for smooth progress, large enough that messaging costs little. */
const SLICE = 2048;
/** Sends of one sealed report before giving up: the server stores it once however often it arrives. */
const ATTEMPTS = 3;

/** Pays a challenge slice by slice in the worker, telling `onStage` how far it has come (the return page uses it too). */
export async function prove(
  challenge: Challenge,
  deps: Pick<SubmitDeps, 'searchProofOfWork' | 'onStage'>,
): Promise<ProofOfWork | undefined> {
  if (!challenge.required) return undefined;
  const expected = 2 ** challenge.bits;
  for (let fromNonce = 0; ;) {
    deps.onStage('provingWork', Math.min(0.95, 1 - Math.exp(-fromNonce / expected)));
    const { proof, nextNonce } = await deps.searchProofOfWork({ ...challenge, fromNonce, hashes: SLICE });
    if (proof) return proof;
    fromNonce = nextNonce;
  }
}

const retryable = (error: unknown) => error instanceof ApiError && (error.status === 0 || error.status === 503);
const needsNewProof = (error: unknown) =>
  error instanceof ApiError && (error.code === 'proof_of_work_spent' || error.code === 'proof_of_work_invalid');

/**
 * Sends one report: wait for the files' SHA-256, check the agency key against the pinned fingerprint,
 * encrypt in the worker, pay the proof of work the server asks for (its
 * challenge is fetched while encrypting), post the ciphertext with the
 * uploaded evidence files it binds (`files`, already uploaded). A lost answer
 * or a server that is briefly unavailable is met by sending the same sealed
 * report again: the server stores it once and answers the repeat with success.
 * Any failure before the post means nothing left the browser; the caller says so.
 * A `representative` filing for the reporter travels in the same envelope,
 * beside the report (shared/representative.ts).
 */
export async function submitReport(
  content: ReportV2,
  deps: SubmitDeps,
  files: readonly FileToBind[] = [],
  representative?: Representative,
): Promise<{ receipt: string }> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Evidence files: described inside the encryption (the report's `attachments`), bound by id and upload token
  // outside it. Checked before anything else.
  const described = content.attachments.map((a) => a.id).join();
  if (described !== files.map((f) => f.upload.id).join()) {
    throw new Error('the report does not describe the files it binds');
  }
  // The files' SHA-256 run beside their uploads and may still be running: the report carries them, so it waits.
  if (files.length > 0) deps.onStage('hashingFiles');
  const digests = await Promise.all(files.map((f) => f.sha256));
  const report = {
    ...content,
    attachments: content.attachments.map((attachment, i) => ({ ...attachment, sha256: digests[i]! })),
  };
  const checked = deps.checkReport ? await deps.checkReport(report) : report;
  const filedBy =
    representative && deps.checkRepresentative ? await deps.checkRepresentative(representative) : representative;
  deps.onStage('checkingKey');
  const key = await checkAgencyKey(deps);
  const challenge = deps.getChallenge();
  challenge.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  deps.onStage('encrypting');
  const extras = filedBy ? { representative: filedBy } : {};
  const { receipt, submission } = await deps.sealReport({ report: checked, ...extras, ...key });
  const attachments = files.map(({ upload }) => ({ id: upload.id, uploadToken: upload.uploadToken }));
  // Every attempt sends this same sealed report with the same files: the server binds them once it has stored
  // the report, and a repeat binds nothing twice.
  const sealed: ReportSubmission = attachments.length > 0 ? { ...submission, attachments } : submission;
  let proofOfWork = await prove(await challenge, deps);
  for (let attempt = 1; ; attempt++) {
    deps.onStage('sending');
    try {
      await deps.postReport(proofOfWork ? { ...sealed, proofOfWork } : sealed);
      return { receipt };
    } catch (error) {
      if (attempt >= ATTEMPTS || !(retryable(error) || needsNewProof(error))) throw error;
      if (needsNewProof(error)) proofOfWork = await prove(await deps.getChallenge(), deps);
      else await sleep(Math.min(((error as ApiError).retryAfter ?? 1) * 1000, 5000));
    }
  }
}
