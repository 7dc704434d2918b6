import { PRIORITIES, type Priority, type ReportEntryRecord, type TriageStatus } from './model';
import { overdueOf, workflowOf, type Reminders } from './workflow';

export const INBOX_SORTS = ['received_desc', 'received_asc', 'priority', 'updated'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxFilter {
  status?: TriageStatus | undefined;
  /** A reviewer's username, or `none` for reports nobody is assigned to. */
  assignee?: string | undefined;
  priority?: Priority | undefined;
  label?: string | undefined;
  receivedFrom?: Date | undefined;
  /** Exclusive. */
  receivedTo?: Date | undefined;
  overdue?: boolean | undefined;
  unreadReplies?: boolean | undefined;
}

/** The keys a page is ordered by, the report id last, so every row has one place (ties broken by id). */
type SortKey = (string | number)[];

const PRIORITY_RANK: Record<Priority, number> = Object.fromEntries(PRIORITIES.map((p, i) => [p, i])) as Record<
  Priority,
  number
>;

/** Every key descends except `received_asc`'s time; ids descend in every order. */
export function sortKeyOf(entry: ReportEntryRecord, sort: InboxSort): SortKey {
  const received = entry.receivedAt.getTime();
  switch (sort) {
    case 'received_asc':
      return [-received, entry._id];
    case 'priority':
      return [PRIORITY_RANK[workflowOf(entry).priority], received, entry._id];
    case 'updated':
      return [entry.updatedAt?.getTime() ?? 0, received, entry._id];
    default:
      return [received, entry._id];
  }
}

/** Descending on every key. */
export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? 1 : -1;
  }
  return 0;
}

export function matches(entry: ReportEntryRecord, filter: InboxFilter, reminders: Reminders, now: Date): boolean {
  const state = workflowOf(entry);
  if (filter.status && entry.status !== filter.status) return false;
  if (filter.assignee !== undefined) {
    if (filter.assignee === 'none' ? state.assignee !== null : state.assignee !== filter.assignee) return false;
  }
  if (filter.priority && state.priority !== filter.priority) return false;
  if (filter.label && !state.labels.includes(filter.label)) return false;
  if (filter.receivedFrom && entry.receivedAt < filter.receivedFrom) return false;
  if (filter.receivedTo && entry.receivedAt >= filter.receivedTo) return false;
  if (filter.overdue !== undefined && (overdueOf(entry, reminders, now) !== null) !== filter.overdue) return false;
  if (filter.unreadReplies !== undefined && Boolean(entry.unreadReplies) !== filter.unreadReplies) return false;
  return true;
}

/**
 * One page of a view's entries: those matching the filter, in the sort's
 * order, after the cursor's row. Linear in the view's size (5 000 entries: a
 * few milliseconds), with no sort of the whole set: a page keeps its best
 * `limit` rows as it goes.
 */
export function pageOf(
  rows: readonly ReportEntryRecord[],
  {
    filter,
    sort,
    limit,
    after,
    reminders,
    now,
  }: {
    filter: InboxFilter;
    sort: InboxSort;
    limit: number;
    after?: SortKey | undefined;
    reminders: Reminders;
    now: Date;
  },
): { rows: ReportEntryRecord[]; keys: SortKey[]; total: number } {
  let page: { entry: ReportEntryRecord; key: SortKey }[] = [];
  let total = 0;
  for (const entry of rows) {
    if (!matches(entry, filter, reminders, now)) continue;
    total += 1;
    const key = sortKeyOf(entry, sort);
    if (after && compareKeys(key, after) <= 0) continue;
    page.push({ entry, key });
    // Trim now and then rather than per row: a sort of 2×limit rows is cheap, one per row is not.
    if (page.length >= limit * 4) page = page.sort((a, b) => compareKeys(a.key, b.key)).slice(0, limit);
  }
  page = page.sort((a, b) => compareKeys(a.key, b.key)).slice(0, limit);
  return { rows: page.map((p) => p.entry), keys: page.map((p) => p.key), total };
}
