import type { SealedReport } from '../../../crypto/src/api';
import { apiRequest } from '../shared/api';
import type { ReportV2 } from '../shared/report-v2';
import { checkAgencyKey, type AgencyKeyDeps } from './agencyKey';

export type SubmitStage = 'checkingKey' | 'encrypting' | 'sending';

export interface SubmitDeps extends AgencyKeyDeps {
  sealReport(options: {
    report: unknown;
    armoredAgencyKey: string;
    pinnedAgencyFingerprint: string;
  }): Promise<{ receipt: string; submission: SealedReport }>;
  postReport(submission: SealedReport): Promise<unknown>;
  onStage(stage: SubmitStage): void;
}

export const postReport = (submission: SealedReport) => apiRequest('/v1/reports', { method: 'POST', body: submission });

/**
 * Sends one report: check the agency key against the pinned fingerprint,
 * encrypt in the worker, post the ciphertext. Any failure before the post
 * means nothing left the browser; the caller says so.
 */
export async function submitReport(content: ReportV2, deps: SubmitDeps): Promise<{ receipt: string }> {
  deps.onStage('checkingKey');
  const key = await checkAgencyKey(deps);
  deps.onStage('encrypting');
  const { receipt, submission } = await deps.sealReport({ report: content, ...key });
  deps.onStage('sending');
  await deps.postReport(submission);
  return { receipt };
}
