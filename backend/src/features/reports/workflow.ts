import {
  ARCHIVED_STATUSES,
  type ArchivedStatus,
  type Priority,
  type ReportEntryRecord,
  type TriageStatus,
  type WorkflowState,
} from './model';

const DAY_MS = 86_400_000;

/** How long the agency has to acknowledge a report and to give the reporter feedback (TRIAGE_* settings). */
export interface Reminders {
  acknowledgeDays: number;
  feedbackDays: number;
}

/** A report's workflow fields, with the defaults of a report no reviewer has changed yet. */
export function workflowOf(entry: ReportEntryRecord): WorkflowState & { version: number } {
  return {
    status: entry.status,
    reason: entry.reason ?? null,
    duplicateOf: entry.duplicateOf ?? null,
    assignee: entry.assignee ?? null,
    priority: entry.priority ?? 'normal',
    labels: entry.labels ?? [],
    acknowledgedAt: entry.acknowledgedAt ?? null,
    feedbackAt: entry.feedbackAt ?? null,
    version: entry.version ?? 0,
  };
}

export const isArchived = (status: TriageStatus): status is ArchivedStatus =>
  (ARCHIVED_STATUSES as readonly string[]).includes(status);

/** Statuses that tell the reporter something: a question, a referral or a closing. */
const ANSWERS_REPORTER: readonly TriageStatus[] = ['awaiting_reporter', ...ARCHIVED_STATUSES];

/** What a reviewer asked to change; absent fields stay as they are. */
export interface TriageChange {
  status?: TriageStatus | undefined;
  reason?: string | undefined;
  duplicateOf?: string | undefined;
  assignee?: string | null | undefined;
  priority?: Priority | undefined;
  labels?: string[] | undefined;
}

export type ChangeProblem =
  | { code: 'reason_required' }
  | { code: 'duplicate_of_required' }
  | { code: 'duplicate_of_unexpected' }
  | { code: 'status_new' }
  | { code: 'nothing_to_change' };

/**
 * The state after a change, and the fields it changed; or the first rule it
 * breaks. Pure: the service checks what needs the database (the duplicated
 * report exists, the assignee is a reviewer) and the version.
 */
export function applyChange(
  before: WorkflowState,
  change: TriageChange,
  now: Date,
): { after: WorkflowState; changes: Record<string, unknown> } | ChangeProblem {
  const after: WorkflowState = { ...before, labels: [...before.labels] };
  const changes: Record<string, unknown> = {};
  const statusChanges = change.status !== undefined && change.status !== before.status;
  if (change.duplicateOf !== undefined && change.status !== 'closed_duplicate') {
    return { code: 'duplicate_of_unexpected' };
  }
  if (statusChanges) {
    const status = change.status!;
    // `new` is where a report starts; no reviewer puts one back there.
    if (status === 'new') return { code: 'status_new' };
    if (!change.reason) return { code: 'reason_required' };
    if (status === 'closed_duplicate' && !change.duplicateOf) return { code: 'duplicate_of_required' };
    after.status = status;
    after.reason = change.reason;
    after.duplicateOf = status === 'closed_duplicate' ? change.duplicateOf! : null;
    Object.assign(changes, { status, reason: after.reason });
    if (after.duplicateOf) changes.duplicateOf = after.duplicateOf;
    if (!after.acknowledgedAt) after.acknowledgedAt = now;
    if (!after.feedbackAt && ANSWERS_REPORTER.includes(status)) after.feedbackAt = now;
  } else if (change.reason !== undefined) {
    // A reason belongs to a status change; alone it would rewrite why the current status was set.
    return { code: 'reason_required' };
  }
  if (change.assignee !== undefined && change.assignee !== before.assignee) {
    after.assignee = change.assignee;
    changes.assignee = change.assignee;
  }
  if (change.priority !== undefined && change.priority !== before.priority) {
    after.priority = change.priority;
    changes.priority = change.priority;
  }
  if (change.labels !== undefined) {
    const labels = [...new Set(change.labels)].sort();
    if (labels.join('\n') !== before.labels.join('\n')) {
      after.labels = labels;
      changes.labels = labels;
    }
  }
  if (Object.keys(changes).length === 0) return { code: 'nothing_to_change' };
  return { after, changes };
}

export type Overdue = { kind: 'acknowledge' | 'feedback'; dueAt: Date } | null;

/**
 * A report is overdue when it was not acknowledged (its status never left
 * `new`) within `acknowledgeDays` of arriving, or the reporter got no feedback
 * (a question, a referral, a closing) within `feedbackDays`. Computed when
 * read, so a changed setting applies to every report at once.
 */
export function overdueOf(entry: ReportEntryRecord, reminders: Reminders, now: Date): Overdue {
  const state = workflowOf(entry);
  const received = entry.receivedAt.getTime();
  const acknowledgeBy = new Date(received + reminders.acknowledgeDays * DAY_MS);
  const feedbackBy = new Date(received + reminders.feedbackDays * DAY_MS);
  if (!state.acknowledgedAt && now > acknowledgeBy) return { kind: 'acknowledge', dueAt: acknowledgeBy };
  if (!state.feedbackAt && now > feedbackBy) return { kind: 'feedback', dueAt: feedbackBy };
  return null;
}

/** When the next reminder falls due (null once the report has had its feedback). */
export function nextDueOf(entry: ReportEntryRecord, reminders: Reminders): Date | null {
  const state = workflowOf(entry);
  const received = entry.receivedAt.getTime();
  if (!state.acknowledgedAt) return new Date(received + reminders.acknowledgeDays * DAY_MS);
  if (!state.feedbackAt) return new Date(received + reminders.feedbackDays * DAY_MS);
  return null;
}
