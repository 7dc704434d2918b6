import { z } from 'zod';

/**
 * An Article 412-1 referral as the reviewer builds it (DOMAIN.md, "What a
 * referral to the investigating body contains"). It travels encrypted
 * (crypto/src/referral.ts) and is rendered to PDF in the browser; nothing in
 * it is an internal identifier of the platform (no report or file id).
 */

/** The languages a referral document is written in; the console's language is chosen separately. */
export const DOCUMENT_LANGUAGES = ['ru', 'kk', 'en'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

/**
 * The preliminary qualification: 412-1 always, and the related articles a
 * reviewer may add (DOMAIN.md). Article 419 (knowingly false denunciation) is
 * not a qualification of the officer: it is the warning an identified reporter gets.
 */
export const ARTICLES = ['412-1', '412', '413', '366', '367'] as const;

/** The elements of the offence the reviewer assesses, each with a finding and a note. */
export const ELEMENTS = ['official', 'inducement', 'intent', 'consequence'] as const;
export const FINDINGS = ['established', 'unclear', 'not_established'] as const;
export const DECISIONS = ['refer', 'ask_reporter', 'close'] as const;

const MAX_LINE = 500;
const MAX_TEXT = 20_000;
const line = z.string().max(MAX_LINE);
const text = z.string().max(MAX_TEXT);

const assessed = z.strictObject({ finding: z.enum(FINDINGS), note: text });

export const evidenceItem = z.strictObject({
  name: z.string().max(255),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Who provided it and how (the reporter, through the platform; a lawyer; …). */
  source: line,
  /** When the platform received it (the report's day: nothing finer is kept). */
  date: line,
  /** Whether the file goes into the export package (the list in the document names every file regardless). */
  include: z.boolean(),
});

export const referralV1 = z.strictObject({
  language: z.enum(DOCUMENT_LANGUAGES),
  confidentiality: line,
  addressee: line,
  sendingAgency: line,
  outgoingNumber: line,
  outgoingDate: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/),
  articles: z.array(z.enum(ARTICLES)).max(ARTICLES.length),
  facts: text,
  officers: text,
  pushedToward: text,
  followed: text,
  caseNumber: line,
  motive: text,
  reporter: z.strictObject({
    identified: z.boolean(),
    /** Only with the reporter's consent; the document then names the Article 419 warning they were given. */
    consent: z.boolean(),
    name: line,
    contact: line,
  }),
  lawyer: line,
  witnesses: text,
  evidence: z.array(evidenceItem).max(100),
  assessment: z.strictObject({ official: assessed, inducement: assessed, intent: assessed, consequence: assessed }),
  /** The reviewer's decision: internal, never printed in the document. */
  decision: z.strictObject({ kind: z.enum(DECISIONS), reason: text }),
  request: text,
  signatory: line,
});

export type Referral = z.infer<typeof referralV1>;
export type EvidenceItem = z.infer<typeof evidenceItem>;
export type Element = (typeof ELEMENTS)[number];
export type Finding = (typeof FINDINGS)[number];

/** An identified reporter is named only with consent: without it the document treats them as anonymous. */
export const reporterIsNamed = (referral: Referral) => referral.reporter.identified && referral.reporter.consent;
