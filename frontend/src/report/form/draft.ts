import type { ReportV2 } from '../../shared/report-v2';
import type { Representative } from '../../shared/representative';
import type {
  AGENCIES,
  CASE_STAGES,
  CHANNELS,
  COMMITTED,
  CONSEQUENCES,
  EVIDENCE_KINDS,
  INDUCEMENT_KINDS,
  MOTIVES,
  OFFICER_ROLES,
  POSITIONS,
  REGIONS,
  WITNESSES,
} from '../../shared/report-fields';

/**
 * The report while it is being written: every answer as the form holds it
 * ('' for nothing chosen or typed). It lives in React state only, never in
 * storage, cookies or the URL, and is dropped once the report is sent.
 */
type Choice<T extends readonly string[]> = T[number] | '';
type YesNo = '' | 'yes' | 'no';

export interface OfficerDraft {
  /** Names the officer's fields (ids, keys) and stays when another officer is removed. */
  uid: number;
  agency: Choice<typeof AGENCIES>;
  unit: string;
  post: string;
  role: Choice<typeof OFFICER_ROLES>;
  nameOrBadge: string;
  description: string;
}

export interface Draft {
  officers: OfficerDraft[];
  inducement: {
    kinds: (typeof INDUCEMENT_KINDS)[number][];
    kindOther: string;
    account: string;
    words: string;
    channels: (typeof CHANNELS)[number][];
    channelOther: string;
  };
  offence: {
    pushedToward: string;
    committed: Choice<typeof COMMITTED>;
    consequences: (typeof CONSEQUENCES)[number][];
    caseNumber: string;
    caseStage: Choice<typeof CASE_STAGES>;
    details: string;
  };
  motive: { kind: Choice<typeof MOTIVES>; details: string };
  when: {
    date: string;
    /** The date box holds a partly typed date (the browser then reports an empty value). */
    dateIncomplete: boolean;
    approximate: boolean;
    details: string;
  };
  where: { region: Choice<typeof REGIONS>; locality: string; place: string };
  witnesses: { present: Choice<typeof WITNESSES>; details: string };
  evidence: { kinds: (typeof EVIDENCE_KINDS)[number][]; details: string };
  reporter: {
    position: Choice<typeof POSITIONS>;
    positionOther: string;
    hasLawyer: YesNo;
    mayWriteBack: YesNo;
    identity: 'anonymous' | 'named';
    name: string;
    contact: string;
    warnedArticle419: boolean;
  };
  /** Filed by a lawyer or other representative for someone else: their own details, sent only inside the encryption. */
  representative: { filing: boolean; name: string; licence: string; contact: string };
}

export type Section = Exclude<keyof Draft, 'officers'>;

export const newOfficer = (uid: number): OfficerDraft => ({
  uid,
  agency: '',
  unit: '',
  post: '',
  role: '',
  nameOrBadge: '',
  description: '',
});

export function emptyDraft(): Draft {
  return {
    officers: [newOfficer(1)],
    inducement: { kinds: [], kindOther: '', account: '', words: '', channels: [], channelOther: '' },
    offence: { pushedToward: '', committed: '', consequences: [], caseNumber: '', caseStage: '', details: '' },
    motive: { kind: '', details: '' },
    when: { date: '', dateIncomplete: false, approximate: false, details: '' },
    where: { region: '', locality: '', place: '' },
    witnesses: { present: '', details: '' },
    evidence: { kinds: [], details: '' },
    reporter: {
      position: '',
      positionOther: '',
      hasLawyer: '',
      mayWriteBack: '',
      identity: 'anonymous',
      name: '',
      contact: '',
      warnedArticle419: false,
    },
    representative: { filing: false, name: '', licence: '', contact: '' },
  };
}

/** A trimmed answer, or nothing: the report never carries empty strings. */
const text = (value: string) => value.trim() || undefined;
const chosen = <T extends string>(value: T | '') => (value === '' ? undefined : value);
const yesNo = (value: YesNo) => (value === '' ? undefined : value === 'yes');

/** Drops the keys whose value is undefined, so that the JSON (and the schema) sees them absent. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The report as it will be encrypted (envelope version 2), from a draft that
 * passed the form's rules; report-v2.ts checks it once more before sealing.
 * Follow-up answers whose question no longer applies (the case stage once "a
 * case was opened" is unticked, say) are left out, as the form hides them.
 */
export function toReport(draft: Draft, attachments: ReportV2['attachments'] = []): ReportV2 {
  const { inducement, offence, motive, when, where, witnesses, evidence, reporter } = draft;
  const caseOpened = offence.consequences.includes('case_opened');
  return {
    officers: draft.officers.map((officer) =>
      compact({
        agency: officer.agency as ReportV2['officers'][number]['agency'],
        unit: text(officer.unit),
        post: text(officer.post),
        role: officer.role as ReportV2['officers'][number]['role'],
        nameOrBadge: text(officer.nameOrBadge),
        description: text(officer.description),
      }),
    ),
    inducement: compact({
      kinds: inducement.kinds,
      kindOther: inducement.kinds.includes('other') ? text(inducement.kindOther) : undefined,
      account: inducement.account.trim(),
      words: text(inducement.words),
      channels: inducement.channels,
      channelOther: inducement.channels.includes('other') ? text(inducement.channelOther) : undefined,
    }),
    offence: compact({
      pushedToward: text(offence.pushedToward),
      committed: chosen(offence.committed),
      consequences: offence.consequences,
      caseNumber: caseOpened ? text(offence.caseNumber) : undefined,
      caseStage: caseOpened ? chosen(offence.caseStage) : undefined,
      details: text(offence.details),
    }),
    motive: compact({ kind: chosen(motive.kind), details: text(motive.details) }),
    when: compact({ date: text(when.date), approximate: when.approximate, details: text(when.details) }),
    where: compact({ region: chosen(where.region), locality: text(where.locality), place: text(where.place) }),
    witnesses: compact({ present: chosen(witnesses.present), details: text(witnesses.details) }),
    evidence: compact({ kinds: evidence.kinds, details: text(evidence.details) }),
    attachments,
    reporter: compact({
      position: reporter.position as ReportV2['reporter']['position'],
      positionOther: reporter.position === 'other' ? text(reporter.positionOther) : undefined,
      hasLawyer: yesNo(reporter.hasLawyer),
      mayWriteBack: reporter.mayWriteBack === 'yes',
      identity:
        reporter.identity === 'named'
          ? compact({ name: reporter.name.trim(), contact: text(reporter.contact), warnedArticle419: true as const })
          : null,
    }),
  };
}

/**
 * The envelope's `representative` (shared/representative.ts), from a draft
 * that passed the form's rules; nothing when the reporter files for themselves.
 */
export function toRepresentative({ representative }: Draft): Representative | undefined {
  if (!representative.filing) return undefined;
  return compact({
    name: representative.name.trim(),
    licence: text(representative.licence),
    contact: text(representative.contact),
  });
}
