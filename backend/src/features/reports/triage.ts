import type { Clock } from '../../clock';
import type { AuditRecorder } from '../audit/service';
import { reportErrors } from './errors';
import type { ReportChangeRecord, ReportEntryRecord } from './model';
import type { InboxView, ReportRepository } from './repository';
import {
  applyChange,
  isArchived,
  nextDueOf,
  overdueOf,
  workflowOf,
  type Reminders,
  type TriageChange,
} from './workflow';

export type TriageService = ReturnType<typeof triageService>;

/** A report's workflow fields as the console sees them. */
export function describeEntry(entry: ReportEntryRecord, reminders: Reminders, now: Date) {
  const { acknowledgedAt, feedbackAt, ...state } = workflowOf(entry);
  const overdue = overdueOf(entry, reminders, now);
  return {
    id: entry._id,
    receivedAt: entry.receivedAt,
    ...state,
    acknowledgedAt,
    feedbackAt,
    updatedAt: entry.updatedAt ?? null,
    unreadReplies: Boolean(entry.unreadReplies),
    dueAt: nextDueOf(entry, reminders),
    overdue: overdue?.kind ?? null,
  };
}

const PROBLEMS = {
  reason_required: reportErrors.reasonRequired,
  duplicate_of_required: reportErrors.duplicateOfRequired,
  duplicate_of_unexpected: reportErrors.duplicateOfUnexpected,
  status_new: reportErrors.statusNew,
  nothing_to_change: reportErrors.nothingToChange,
} as const;

/** Interrupted changes finished in one read; more would mean a loop, not a crash. */
const MAX_CATCH_UP = 5;

/**
 * Status, reason, assignee, priority and labels, changed by reviewers with
 * optimistic concurrency: a change names the version it was made on, and
 * claims the next one by inserting its history entry under the `_id`
 * `<report>:<version>`. The insert is atomic on every engine, so of two
 * reviewers changing the same version exactly one wins and the other gets
 * 409 `report_changed`; nothing is lost silently. The entry (what the inbox
 * lists) is then written from the history entry; if that write is cut short
 * the history entry is the truth and the next read finishes it.
 */
export function triageService({
  repository,
  audit,
  clock,
  reminders,
  isActiveReviewer,
}: {
  repository: ReportRepository;
  audit: AuditRecorder;
  clock: Clock;
  reminders: Reminders;
  isActiveReviewer: (username: string) => Promise<boolean>;
}) {
  /** Writes a recorded change into the entry, in its view or moved to the other (idempotent). */
  async function applyRecord(entry: ReportEntryRecord, view: InboxView, record: ReportChangeRecord): Promise<void> {
    const state: ReportEntryRecord = {
      ...entry,
      ...record.after,
      version: record.version,
      updatedAt: record.at,
    };
    const to: InboxView = isArchived(record.after.status) ? 'archive' : 'active';
    if (to === view) {
      // The workflow fields only: `unreadReplies` is another feature's, written without a version.
      const set = { ...record.after, version: record.version, updatedAt: record.at };
      await repository.updateEntry(view, entry._id, record.version - 1, set);
    } else {
      await repository.move(entry, to, state);
    }
  }

  /** The entry as of its newest recorded change (finishing any change a fault cut short). */
  async function current(id: string): Promise<{ entry: ReportEntryRecord; view: InboxView } | null> {
    for (let i = 0; i < MAX_CATCH_UP; i++) {
      const located = await repository.locate(id);
      if (!located) return null;
      const next = await repository.findChange(id, workflowOf(located.entry).version + 1);
      if (!next) return located;
      await applyRecord(located.entry, located.view, next as ReportChangeRecord);
    }
    return repository.locate(id);
  }

  async function checkDuplicate(id: string, duplicateOf: string): Promise<void> {
    if (duplicateOf === id) throw reportErrors.invalidDuplicate('A report cannot duplicate itself.');
    const original = await repository.findEntry(duplicateOf);
    if (!original) throw reportErrors.invalidDuplicate('There is no report with the id it is said to duplicate.');
    if (original.status === 'closed_duplicate') {
      throw reportErrors.invalidDuplicate(
        `That report is itself a duplicate (of ${original.duplicateOf ?? 'another'}); name the original.`,
      );
    }
  }

  return {
    current,

    /**
     * One reviewer's change to a report, made on `version` (what the console
     * showed). Answers the report's workflow fields after it.
     */
    async change({ id, version, change, actor }: { id: string; version: number; change: TriageChange; actor: string }) {
      const located = await current(id);
      if (!located) throw reportErrors.notFound();
      const before = workflowOf(located.entry);
      if (before.version !== version) throw reportErrors.changed(before.version);
      const now = clock.now();
      const outcome = applyChange(before, change, now);
      if ('code' in outcome) throw PROBLEMS[outcome.code]();
      const { after, changes } = outcome;
      if (after.duplicateOf && 'duplicateOf' in changes) await checkDuplicate(id, after.duplicateOf);
      if (typeof changes.assignee === 'string' && !(await isActiveReviewer(changes.assignee))) {
        throw reportErrors.unknownAssignee();
      }
      const record: ReportChangeRecord = {
        _id: `${id}:${version + 1}`,
        reportId: id,
        version: version + 1,
        at: now,
        actor,
        changes,
        after,
      };
      if (!(await repository.insertChange(record))) {
        throw reportErrors.changed(version + 1);
      }
      await applyRecord(located.entry, located.view, record);
      const { reason: _reason, labels, ...audited } = changes;
      await audit.record({
        actor,
        action: 'report.change',
        target: id,
        details: { version: version + 1, ...audited, ...(labels ? { labels: (labels as string[]).join(',') } : {}) },
      });
      const updated = await repository.findEntry(id);
      return describeEntry(updated ?? { ...located.entry, ...after, version: version + 1 }, reminders, now);
    },

    /** Every recorded change, oldest first: who, when, what. */
    async history(id: string) {
      const located = await current(id);
      if (!located) throw reportErrors.notFound();
      const changes = await repository.changes(id, workflowOf(located.entry).version);
      return {
        changes: changes.map((c) => ({ version: c.version, at: c.at, actor: c.actor, changes: c.changes })),
      };
    },
  };
}
