import { z } from 'zod';

import {
  AGENCIES,
  CASE_STAGES,
  CHANNELS,
  COMMITTED,
  CONSEQUENCES,
  EARLIEST_DATE,
  EVIDENCE_KINDS,
  INDUCEMENT_KINDS,
  MAX_ATTACHMENTS,
  MAX_LINE_CHARS,
  MAX_NOTE_CHARS,
  MAX_OFFICERS,
  MAX_REPORT_BYTES,
  MAX_TEXT_CHARS,
  MOTIVES,
  OFFICER_ROLES,
  POSITIONS,
  REGIONS,
  reportBytes,
  WITNESSES,
} from './report-fields';

/**
 * What is inside the encrypted envelope, version 2: the facts a reviewer
 * needs to judge Article 412-1 (DOMAIN.md), checked by the reporter's browser
 * before it encrypts and by the console after it decrypts. An answer the
 * reporter left empty is absent, never an empty string; objects are strict,
 * so a field this version does not know makes the report unreadable here
 * (the console then shows it raw) rather than silently dropped.
 */
const line = z.string().trim().min(1).max(MAX_LINE_CHARS);
const note = z.string().trim().min(1).max(MAX_NOTE_CHARS);
const distinct = <T>(values: T[]) => new Set(values).size === values.length;
const choices = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).max(values.length).refine(distinct, 'each choice once');

/** A calendar day as YYYY-MM-DD, in the reporter's own time zone (the form says which days it allows). */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
  }, 'not a calendar day')
  .refine((day) => day >= EARLIEST_DATE, `not before ${EARLIEST_DATE}`);

export const officerV2 = z.strictObject({
  agency: z.enum(AGENCIES),
  unit: line.optional(),
  /** Post or rank. */
  post: line.optional(),
  role: z.enum(OFFICER_ROLES),
  nameOrBadge: line.optional(),
  description: note.optional(),
});

const attachmentFields = {
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().max(255),
  type: z.string().max(255),
  size: z
    .number()
    .int()
    .min(0)
    .max(2 * 1024 ** 3),
  /** How many segments the file was cut into. */
  segments: z.number().int().min(0),
  /** SHA-256 of the whole file's plaintext, lowercase hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
};

/**
 * What happened to a file's metadata in the reporter's browser: removed from
 * a photo, the photo's `original` kept because the reporter chose it, or
 * `not_a_photo` (a type the browser does not clean; it may carry metadata).
 * `not_removed` is only ever read, from reports stored before this field,
 * whose `metadataRemoved: false` did not say which of the last two it was.
 */
export const ATTACHMENT_METADATA = ['removed', 'original', 'not_a_photo'] as const;
export type AttachmentMetadata = (typeof ATTACHMENT_METADATA)[number] | 'not_removed';

/**
 * One evidence file as the report describes it; the file itself travels as
 * encrypted segments. Only the encryption carries its name, type, size and
 * hash: the server sees an id and sizes. Reports stored before `metadata`
 * carried `metadataRemoved: boolean`; they are read into the same shape.
 */
export const attachmentV2 = z.union([
  z.strictObject({ ...attachmentFields, metadata: z.enum(ATTACHMENT_METADATA) }),
  z.strictObject({ ...attachmentFields, metadataRemoved: z.boolean() }).transform(({ metadataRemoved, ...rest }) => ({
    ...rest,
    metadata: (metadataRemoved ? 'removed' : 'not_removed') as AttachmentMetadata,
  })),
]);

export const reportV2 = z
  .strictObject({
    officers: z.array(officerV2).min(1).max(MAX_OFFICERS),
    inducement: z.strictObject({
      kinds: choices(INDUCEMENT_KINDS).min(1),
      kindOther: line.optional(),
      /** What was said or done: the account in the reporter's words. */
      account: z.string().trim().min(1).max(MAX_TEXT_CHARS),
      /** In what words, as near as they remember. */
      words: note.optional(),
      channels: choices(CHANNELS),
      channelOther: line.optional(),
    }),
    offence: z.strictObject({
      /** The offence the person was pushed toward. */
      pushedToward: note.optional(),
      committed: z.enum(COMMITTED).optional(),
      consequences: choices(CONSEQUENCES),
      caseNumber: line.optional(),
      caseStage: z.enum(CASE_STAGES).optional(),
      /** What followed, in the reporter's words (amounts, dates, places). */
      details: note.optional(),
    }),
    motive: z.strictObject({ kind: z.enum(MOTIVES).optional(), details: note.optional() }),
    when: z.strictObject({
      date: calendarDay.optional(),
      approximate: z.boolean(),
      /** A time of day or a period ("late March, evening"). */
      details: line.optional(),
    }),
    where: z.strictObject({
      region: z.enum(REGIONS).optional(),
      /** District or city. */
      locality: line.optional(),
      place: line.optional(),
    }),
    witnesses: z.strictObject({ present: z.enum(WITNESSES).optional(), details: note.optional() }),
    evidence: z.strictObject({ kinds: choices(EVIDENCE_KINDS), details: note.optional() }),
    attachments: z.array(attachmentV2).max(MAX_ATTACHMENTS),
    reporter: z.strictObject({
      position: z.enum(POSITIONS),
      positionOther: line.optional(),
      hasLawyer: z.boolean().optional(),
      /** May the agency write back through the platform (read with the receipt). */
      mayWriteBack: z.boolean(),
      /** Null: anonymous. Given only by choice, after the Article 419 warning. */
      identity: z
        .strictObject({
          name: line,
          contact: line.optional(),
          warnedArticle419: z.literal(true),
        })
        .nullable(),
    }),
  })
  .refine((report) => reportBytes(report) <= MAX_REPORT_BYTES, 'the report is too long');

export type ReportV2 = z.infer<typeof reportV2>;
export type OfficerV2 = z.infer<typeof officerV2>;
export type AttachmentV2 = z.infer<typeof attachmentV2>;
