import type { SealedReport } from '../../../crypto/src/api';
import { apiRequest } from '../shared/api';
import type { UploadedAttachment } from '../files/uploadAttachment';
import type { ReportV2 } from '../shared/report-v2';
import { checkAgencyKey, type AgencyKeyDeps } from './agencyKey';

export type SubmitStage = 'checkingKey' | 'encrypting' | 'sending';

export interface SubmitDeps extends AgencyKeyDeps {
  sealReport(options: {
    report: unknown;
    armoredAgencyKey: string;
    pinnedAgencyFingerprint: string;
  }): Promise<{ receipt: string; submission: SealedReport }>;
  postReport(submission: SealedReport & { attachments?: { id: string; uploadToken: string }[] }): Promise<unknown>;
  onStage(stage: SubmitStage): void;
}

export const postReport = (submission: SealedReport & { attachments?: { id: string; uploadToken: string }[] }) =>
  apiRequest('/v1/reports', { method: 'POST', body: submission });

/**
 * Sends one report: check the agency key against the pinned fingerprint,
 * encrypt in the worker, post the ciphertext. Any failure before the post
 * means nothing left the browser; the caller says so.
 */
export async function submitReport(
  content: ReportV2,
  deps: SubmitDeps,
  files: UploadedAttachment[] = [],
): Promise<{ receipt: string }> {
  deps.onStage('checkingKey');
  const key = await checkAgencyKey(deps);
  deps.onStage('encrypting');
  // Evidence files: described inside the encryption (the report's `attachments`), bound by id and upload token outside it.
  const described = content.attachments.map((a) => a.id).join();
  if (described !== files.map((f) => f.upload.id).join())
    throw new Error('the report does not describe the files it binds');
  const report = content;
  const { receipt, submission } = await deps.sealReport({ report, ...key });
  deps.onStage('sending');
  const attachments = files.map(({ upload }) => ({ id: upload.id, uploadToken: upload.uploadToken }));
  await deps.postReport(attachments.length > 0 ? { ...submission, attachments } : submission);
  return { receipt };
}
