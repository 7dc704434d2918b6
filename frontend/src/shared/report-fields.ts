/**
 * The report's field values and limits, apart from the zod schemas
 * (report-v2.ts, report-content.ts): the reporter page needs these lists but
 * not zod (78 KB), which it loads only when it sends. Codes are what travels
 * inside the encryption; their words are in the i18n catalogs.
 */

/**
 * The bodies an officer may belong to (DOMAIN.md, "Facts for the form"): the
 * anti-corruption service sits inside the National Security Committee since
 * 30.06.2025, customs inside the State Revenue Committee.
 */
export const AGENCIES = [
  'police',
  'national_security',
  'prosecutor',
  'financial_monitoring',
  'state_revenue',
  'military_police',
  'penitentiary',
  'other',
] as const;

/** Envelope version 1's list, kept so that the console still reads the reports sent with it. */
export const V1_AGENCIES = [
  'police',
  'anti_corruption',
  'financial_monitoring',
  'prosecutor',
  'national_security',
  'customs',
  'other',
] as const;

/** Article 412-1 names officials doing operational-search work or a pre-trial investigation. */
export const OFFICER_ROLES = ['operative', 'investigator', 'other', 'unknown'] as const;

export const INDUCEMENT_KINDS = [
  'bribe',
  'pushed_to_offence',
  'planted_evidence',
  'case_promise',
  'deceived_lawful',
  'other',
] as const;

export const CHANNELS = [
  'in_person',
  'phone_call',
  'messenger',
  'sms',
  'social_media',
  'intermediary',
  'other',
] as const;

/** Whether the offence the person was pushed toward was committed; "unknown" also means "rather not say". */
export const COMMITTED = ['yes', 'no', 'unknown'] as const;

export const CONSEQUENCES = ['detained', 'money_demanded', 'money_paid', 'case_opened', 'other'] as const;

export const CASE_STAGES = ['pre_trial', 'court', 'verdict', 'closed', 'unknown'] as const;

export const MOTIVES = ['statistics', 'extortion', 'other', 'unknown'] as const;

export const WITNESSES = ['yes', 'no', 'unknown'] as const;

export const EVIDENCE_KINDS = ['audio', 'video', 'photos', 'messages', 'documents', 'payments', 'other'] as const;

export const POSITIONS = ['witness', 'suspect', 'defendant', 'convicted', 'other'] as const;

/** Kazakhstan's three cities of republican significance, then its seventeen regions. */
export const REGIONS = [
  'astana',
  'almaty_city',
  'shymkent',
  'abai',
  'akmola',
  'aktobe',
  'almaty_region',
  'atyrau',
  'east_kazakhstan',
  'zhambyl',
  'zhetysu',
  'west_kazakhstan',
  'karaganda',
  'kostanay',
  'kyzylorda',
  'mangystau',
  'pavlodar',
  'north_kazakhstan',
  'turkistan',
  'ulytau',
] as const;

/** The long account of what happened (and envelope version 1's only text). */
export const MAX_TEXT_CHARS = 20_000;
/** The other free-text answers that take sentences (what was said, what followed, witnesses…). */
export const MAX_NOTE_CHARS = 5_000;
/** One-line answers: a unit, a rank, a name or badge number, a case number, a place. */
export const MAX_LINE_CHARS = 300;
/** Enough for a group of officers; each one adds a block to the review and to the report. */
export const MAX_OFFICERS = 10;
/** Evidence files one report may describe (the attachment picker enforces it too). */
export const MAX_ATTACHMENTS = 100;
/**
 * The whole report as JSON, in UTF-8: crypto/src/report.ts refuses an
 * envelope over 192 KiB; this leaves room for the envelope's own keys.
 */
export const MAX_REPORT_BYTES = 190 * 1024;
/** The earliest date a report may name: Kazakhstan's independence. */
export const EARLIEST_DATE = '1991-12-16';

/** The report's size as the envelope will hold it (JSON, UTF-8). */
export function reportBytes(report: unknown): number {
  return new TextEncoder().encode(JSON.stringify(report)).length;
}
