import type { Clock } from '../../clock';
import { PRIORITIES, TRIAGE_STATUSES, type ReportEntryRecord } from '../reports/model';
import type { ReportService } from '../reports/service';
import { isArchived, overdueOf, workflowOf, type Reminders } from '../reports/workflow';

export type DashboardService = ReturnType<typeof dashboardService>;

const DAY_MS = 86_400_000;
/** Weeks of arrivals shown, and months of referrals. */
const WEEKS = 12;
const MONTHS = 12;
/** Age buckets of active reports, in days since arrival (the last is open-ended). */
const AGE_BUCKETS = [7, 30, 90] as const;

export interface DashboardFigures {
  generatedAt: Date;
  total: number;
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  /** Active reports per assignee (`none` for unassigned). */
  byAssignee: Record<string, number>;
  /** Active reports per age: `0-7`, `7-30`, `30-90`, `90+` days. */
  byAge: Record<string, number>;
  overdue: { acknowledge: number; feedback: number };
  /** Reports received per week (the Monday that starts it, UTC), the last 12 weeks, oldest first. */
  receivedPerWeek: { week: string; count: number }[];
  /** Reports referred, per month of their referral, the last 12 months, oldest first. */
  referredPerMonth: { month: string; count: number }[];
}

const mondayOf = (date: Date) => {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
};
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const isoMonth = (date: Date) => date.toISOString().slice(0, 7);

/**
 * Figures for the agency from the workflow fields only, the one plaintext the
 * server keeps about a report (docs/protocol.md): what a report is about
 * (the officer's agency, the region) is encrypted and never counted here.
 * Arrival times are already cut to the hour.
 */
export function dashboardFigures(
  rows: readonly ReportEntryRecord[],
  reminders: Reminders,
  now: Date,
): DashboardFigures {
  const byStatus = Object.fromEntries(TRIAGE_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<string, number>;
  const byAssignee: Record<string, number> = {};
  const ageLabels = AGE_BUCKETS.map((d, i) => `${i === 0 ? 0 : AGE_BUCKETS[i - 1]}-${d}`).concat(
    `${AGE_BUCKETS.at(-1)}+`,
  );
  const byAge = Object.fromEntries(ageLabels.map((l) => [l, 0])) as Record<string, number>;
  const overdue = { acknowledge: 0, feedback: 0 };
  const thisWeek = mondayOf(now);
  const weeks = Array.from({ length: WEEKS }, (_, i) =>
    isoDay(new Date(thisWeek.getTime() - (WEEKS - 1 - i) * 7 * DAY_MS)),
  );
  const perWeek = new Map(weeks.map((w) => [w, 0]));
  const months = Array.from({ length: MONTHS }, (_, i) =>
    isoMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS - 1 - i), 1))),
  );
  const perMonth = new Map(months.map((m) => [m, 0]));
  for (const entry of rows) {
    const state = workflowOf(entry);
    byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
    byPriority[state.priority] = (byPriority[state.priority] ?? 0) + 1;
    const week = isoDay(mondayOf(entry.receivedAt));
    if (perWeek.has(week)) perWeek.set(week, perWeek.get(week)! + 1);
    if (entry.status === 'referred' && entry.updatedAt) {
      const month = isoMonth(entry.updatedAt);
      if (perMonth.has(month)) perMonth.set(month, perMonth.get(month)! + 1);
    }
    if (isArchived(entry.status)) continue;
    const assignee = state.assignee ?? 'none';
    byAssignee[assignee] = (byAssignee[assignee] ?? 0) + 1;
    const ageDays = (now.getTime() - entry.receivedAt.getTime()) / DAY_MS;
    const bucket = AGE_BUCKETS.findIndex((d) => ageDays < d);
    byAge[ageLabels[bucket === -1 ? AGE_BUCKETS.length : bucket]!]! += 1;
    const late = overdueOf(entry, reminders, now);
    if (late) overdue[late.kind] += 1;
  }
  return {
    generatedAt: now,
    total: rows.length,
    byStatus,
    byPriority,
    byAssignee,
    byAge,
    overdue,
    receivedPerWeek: weeks.map((week) => ({ week, count: perWeek.get(week)! })),
    referredPerMonth: months.map((month) => ({ month, count: perMonth.get(month)! })),
  };
}

/** The same figures as CSV rows `figure,key,count` (RFC 4180; keys are statuses, usernames, dates). */
export function dashboardCsv(figures: DashboardFigures): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = ['figure,key,count', `total,all,${figures.total}`];
  const add = (figure: string, entries: [string, number][]) => {
    for (const [key, count] of entries) lines.push(`${figure},${quote(key)},${count}`);
  };
  add('status', Object.entries(figures.byStatus));
  add('priority', Object.entries(figures.byPriority));
  add(
    'assignee',
    Object.entries(figures.byAssignee).sort(([a], [b]) => a.localeCompare(b)),
  );
  add('age_days', Object.entries(figures.byAge));
  add('overdue', Object.entries(figures.overdue));
  add(
    'received_week',
    figures.receivedPerWeek.map((w) => [w.week, w.count]),
  );
  add(
    'referred_month',
    figures.referredPerMonth.map((m) => [m.month, m.count]),
  );
  return `${lines.join('\r\n')}\r\n`;
}

export function dashboardService({
  reports,
  clock,
  reminders,
}: {
  reports: Pick<ReportService, 'allEntries'>;
  clock: Clock;
  reminders: Reminders;
}) {
  return {
    figures: async () => dashboardFigures(await reports.allEntries(), reminders, clock.now()),
  };
}
