import type { SealedReport } from '../../../crypto/src/api';
import { apiRequest } from '../shared/api';
import type { UploadedAttachment } from '../files/uploadAttachment';
import type { ReportContent } from '../shared/report-content';
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
  content: ReportContent,
  deps: SubmitDeps,
  files: UploadedAttachment[] = [],
): Promise<{ receipt: string }> {
  deps.onStage('checkingKey');
  const key = await checkAgencyKey(deps);
  deps.onStage('encrypting');
  // Evidence files: described inside the encryption, bound by id and upload token outside it.
  const report = files.length > 0 ? { ...content, attachments: files.map((f) => f.descriptor) } : content;
  const { receipt, submission } = await deps.sealReport({ report, ...key });
  deps.onStage('sending');
  const attachments = files.map(({ upload }) => ({ id: upload.id, uploadToken: upload.uploadToken }));
  await deps.postReport(attachments.length > 0 ? { ...submission, attachments } : submission);
  return { receipt };
}
