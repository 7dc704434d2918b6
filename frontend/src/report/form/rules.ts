import type { MessageKey } from '../../i18n/catalogs';
import {
  EARLIEST_DATE,
  MAX_LINE_CHARS,
  MAX_NOTE_CHARS,
  MAX_REPORT_BYTES,
  MAX_TEXT_CHARS,
  reportBytes,
} from '../../shared/report-fields';
import { toReport, toRepresentative, type Draft, type OfficerDraft, type Section } from './draft';

/**
 * The form's rules, step by step, without zod (which the reporter page loads
 * only when it sends). Each problem names the element to focus and a message
 * that says what to do; the schema in report-v2.ts checks the result again.
 */
export const STEPS = ['officers', 'inducement', 'outcome', 'whenWhere', 'evidence', 'you', 'review'] as const;
export type Step = (typeof STEPS)[number];

export interface Problem {
  /** The element to focus: a control, or a group (fieldset) whose first choice takes the focus. */
  id: string;
  message: MessageKey;
  values?: Record<string, string | number>;
  /** A field label to put into the message as {field} (its officer's number, {n}, when there is one). */
  field?: { label: MessageKey; officer?: number };
}

/** Element ids: stable per field (and per officer), so that error links can find them. */
export const fieldId = (section: Section | 'review', name: string) => `r-${section}-${name}`;
export const officerFieldId = (officer: OfficerDraft, name: keyof Omit<OfficerDraft, 'uid'>) =>
  `r-officer-${officer.uid}-${name}`;

/**
 * Today's date in the reporter's own time zone (the browser's, unless one is
 * named), as YYYY-MM-DD. Not
 * `toISOString()`, which is the UTC date: in Almaty (UTC+5) that is still
 * yesterday until 05:00, and the form refused the reporter's today.
 */
export function localToday(now: Date = new Date(), timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((found, part) => ({ ...found, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

interface Limit {
  id: string;
  value: string;
  max: number;
  label: MessageKey;
  officer?: number;
}

function tooLong({ id, value, max, label, officer }: Limit): Problem[] {
  const count = value.trim().length;
  return count > max
    ? [{ id, message: 'report.error.tooLong', values: { max, count }, field: { label, officer } }]
    : [];
}

function officerProblems(officer: OfficerDraft, n: number): Problem[] {
  const limit = (name: 'unit' | 'post' | 'nameOrBadge' | 'description', label: MessageKey, max = MAX_LINE_CHARS) =>
    tooLong({ id: officerFieldId(officer, name), value: officer[name], max, label, officer: n });
  return [
    ...(officer.agency
      ? []
      : [{ id: officerFieldId(officer, 'agency'), message: 'report.error.officerAgency', values: { n } } as const]),
    ...limit('unit', 'report.officers.unit'),
    ...limit('post', 'report.officers.post'),
    ...(officer.role
      ? []
      : [{ id: officerFieldId(officer, 'role'), message: 'report.error.officerRole', values: { n } } as const]),
    ...limit('nameOrBadge', 'report.officers.nameOrBadge'),
    ...limit('description', 'report.officers.description', MAX_NOTE_CHARS),
  ];
}

const STEP_RULES: Record<Exclude<Step, 'review'>, (draft: Draft, today: string) => Problem[]> = {
  officers: (draft) => draft.officers.flatMap((officer, index) => officerProblems(officer, index + 1)),

  inducement: ({ inducement }) => [
    ...(inducement.kinds.length > 0
      ? []
      : [{ id: fieldId('inducement', 'kinds'), message: 'report.error.kinds' } as const]),
    ...(inducement.kinds.includes('other')
      ? tooLong({
          id: fieldId('inducement', 'kindOther'),
          value: inducement.kindOther,
          max: MAX_LINE_CHARS,
          label: 'report.inducement.kindOther',
        })
      : []),
    ...(inducement.account.trim()
      ? tooLong({
          id: fieldId('inducement', 'account'),
          value: inducement.account,
          max: MAX_TEXT_CHARS,
          label: 'report.inducement.account',
        })
      : [{ id: fieldId('inducement', 'account'), message: 'report.error.account' } as const]),
    ...tooLong({
      id: fieldId('inducement', 'words'),
      value: inducement.words,
      max: MAX_NOTE_CHARS,
      label: 'report.inducement.words',
    }),
    ...(inducement.channels.includes('other')
      ? tooLong({
          id: fieldId('inducement', 'channelOther'),
          value: inducement.channelOther,
          max: MAX_LINE_CHARS,
          label: 'report.inducement.channelOther',
        })
      : []),
  ],

  outcome: ({ offence, motive }) => [
    ...tooLong({
      id: fieldId('offence', 'pushedToward'),
      value: offence.pushedToward,
      max: MAX_NOTE_CHARS,
      label: 'report.outcome.pushedToward',
    }),
    ...(offence.consequences.includes('case_opened')
      ? tooLong({
          id: fieldId('offence', 'caseNumber'),
          value: offence.caseNumber,
          max: MAX_LINE_CHARS,
          label: 'report.outcome.caseNumber',
        })
      : []),
    ...tooLong({
      id: fieldId('offence', 'details'),
      value: offence.details,
      max: MAX_NOTE_CHARS,
      label: 'report.outcome.details',
    }),
    ...tooLong({
      id: fieldId('motive', 'details'),
      value: motive.details,
      max: MAX_NOTE_CHARS,
      label: 'report.outcome.motiveDetails',
    }),
  ],

  whenWhere: ({ when, where }, today) => [
    ...dateProblems(when, today),
    ...tooLong({
      id: fieldId('when', 'details'),
      value: when.details,
      max: MAX_LINE_CHARS,
      label: 'report.when.details',
    }),
    ...tooLong({
      id: fieldId('where', 'locality'),
      value: where.locality,
      max: MAX_LINE_CHARS,
      label: 'report.where.locality',
    }),
    ...tooLong({ id: fieldId('where', 'place'), value: where.place, max: MAX_LINE_CHARS, label: 'report.where.place' }),
  ],

  evidence: ({ witnesses, evidence }) => [
    ...tooLong({
      id: fieldId('witnesses', 'details'),
      value: witnesses.details,
      max: MAX_NOTE_CHARS,
      label: 'report.evidence.witnessDetails',
    }),
    ...tooLong({
      id: fieldId('evidence', 'details'),
      value: evidence.details,
      max: MAX_NOTE_CHARS,
      label: 'report.evidence.details',
    }),
  ],

  you: ({ reporter, representative }) => [
    ...(representative.filing ? representativeProblems(representative) : []),
    ...(reporter.position ? [] : [{ id: fieldId('reporter', 'position'), message: 'report.error.position' } as const]),
    ...(reporter.position === 'other'
      ? tooLong({
          id: fieldId('reporter', 'positionOther'),
          value: reporter.positionOther,
          max: MAX_LINE_CHARS,
          label: 'report.you.positionOther',
        })
      : []),
    ...(reporter.mayWriteBack
      ? []
      : [{ id: fieldId('reporter', 'mayWriteBack'), message: 'report.error.writeBack' } as const]),
    ...(reporter.identity === 'named' ? namedProblems(reporter) : []),
  ],
};

function dateProblems(when: Draft['when'], today: string): Problem[] {
  const id = fieldId('when', 'date');
  if (when.dateIncomplete) return [{ id, message: 'report.error.dateIncomplete' }];
  if (!when.date) return [];
  if (when.date > today) return [{ id, message: 'report.error.dateFuture', values: { today } }];
  if (when.date < EARLIEST_DATE)
    return [{ id, message: 'report.error.dateEarly', values: { earliest: EARLIEST_DATE } }];
  return [];
}

function namedProblems(reporter: Draft['reporter']): Problem[] {
  return [
    ...(reporter.warnedArticle419
      ? []
      : [{ id: fieldId('reporter', 'warnedArticle419'), message: 'report.error.warned' } as const]),
    ...(reporter.name.trim()
      ? tooLong({
          id: fieldId('reporter', 'name'),
          value: reporter.name,
          max: MAX_LINE_CHARS,
          label: 'report.you.name',
        })
      : [{ id: fieldId('reporter', 'name'), message: 'report.error.name' } as const]),
    ...tooLong({
      id: fieldId('reporter', 'contact'),
      value: reporter.contact,
      max: MAX_LINE_CHARS,
      label: 'report.you.contact',
    }),
  ];
}

function representativeProblems(representative: Draft['representative']): Problem[] {
  const limit = (name: 'name' | 'licence' | 'contact') =>
    tooLong({
      id: fieldId('representative', name),
      value: representative[name],
      max: MAX_LINE_CHARS,
      label: `report.representative.${name}`,
    });
  return [
    ...(representative.name.trim()
      ? limit('name')
      : [{ id: fieldId('representative', 'name'), message: 'report.error.representativeName' } as const]),
    ...limit('licence'),
    ...limit('contact'),
  ];
}

/** What keeps one step from going on: the answers that are missing, too long or out of range. */
export function problemsOf(step: Step, draft: Draft, today: string): Problem[] {
  if (step !== 'review') return STEP_RULES[step](draft, today);
  // The representative's details travel beside the report in the same envelope, so they count too.
  const representative = toRepresentative(draft);
  const bytes = reportBytes(toReport(draft)) + (representative ? reportBytes(representative) : 0);
  return bytes > MAX_REPORT_BYTES
    ? [
        {
          id: fieldId('review', 'send'),
          message: 'report.error.tooLarge',
          values: { share: 1 - MAX_REPORT_BYTES / bytes },
        },
      ]
    : [];
}

/** The first step (in order) that has a problem, for the send button to go back to; null when all are fine. */
export function firstStepWithProblems(draft: Draft, today: string): { step: Step; problems: Problem[] } | null {
  for (const step of STEPS) {
    const problems = problemsOf(step, draft, today);
    if (problems.length > 0) return { step, problems };
  }
  return null;
}
