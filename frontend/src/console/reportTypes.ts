export const TRIAGE_STATUSES = [
  'new',
  'in_review',
  'awaiting_reporter',
  'referred',
  'closed_unfounded',
  'closed_duplicate',
] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];
export const ACTIVE_STATUSES: readonly TriageStatus[] = ['new', 'in_review', 'awaiting_reporter'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A listed report: workflow fields only; everything the reporter wrote is in StoredReport's ciphertext. */
export interface ReportSummary {
  id: string;
  receivedAt: string;
  status: TriageStatus;
  reason: string | null;
  duplicateOf: string | null;
  assignee: string | null;
  priority: Priority;
  labels: string[];
  version: number;
  acknowledgedAt: string | null;
  feedbackAt: string | null;
  updatedAt: string | null;
  unreadReplies: boolean;
  dueAt: string | null;
  overdue: 'acknowledge' | 'feedback' | null;
}

export interface StoredReport extends ReportSummary {
  envelopeVersion: number;
  armoredReport: string;
  hasReporterKey: boolean;
}
