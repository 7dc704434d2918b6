import { z } from 'zod';

import { REPORT_ENVELOPE_VERSIONS } from '../../crypto';
import { attachmentsToBind } from '../attachments/schemas';
import { proofOfWorkField } from '../proof-of-work/schemas';
import { INBOX_SORTS } from './inbox';
import { ACTIVE_STATUSES, ARCHIVED_STATUSES, PRIORITIES, TRIAGE_STATUSES } from './model';

/**
 * 192 KiB of padded plaintext, base64-armored (×4/3), plus the packet
 * overhead of a few recipients: a report from the product always fits.
 */
export const MAX_ARMORED_REPORT_CHARS = 300_000;
/** A reporter key half is under 1 KB armored; the limit only bounds what the strict key reader walks. */
export const MAX_ARMORED_KEY_CHARS = 16_384;

export const REPORT_ID = /^[A-Za-z0-9_-]{22}$/;

export const submitReportBody = z
  .object({
    // The server cannot see inside; the version is the sender's claim, kept for the console (1 is still written by gpg users).
    envelopeVersion: z.literal(REPORT_ENVELOPE_VERSIONS),
    // Its length is checked by the service, which answers 413 rather than 400.
    armoredReport: z.string().min(1),
    receiptLookup: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
    reporterKey: z
      .object({
        armoredPublicKey: z.string().min(1).max(MAX_ARMORED_KEY_CHARS),
        armoredPrivateKey: z.string().min(1).max(MAX_ARMORED_KEY_CHARS),
      })
      .strict()
      .optional(),
    // Required when the platform asks for proof of work (PROOF_OF_WORK_BITS > 0); the service says so.
    proofOfWork: proofOfWorkField.optional(),
    // Evidence files uploaded before sending (features/attachments), bound to this report once it is stored.
    attachments: attachmentsToBind.optional(),
  })
  .strict();
export type SubmitReportBody = z.infer<typeof submitReportBody>;

export const reportIdParams = z.object({ id: z.string().regex(REPORT_ID, 'not a report id') });

const STATUSES_IN_VIEW = { active: ACTIVE_STATUSES, archive: ARCHIVED_STATUSES } as const;

/** A label: letters, digits, space, `_`, `.`, `-`; up to 32 characters. */
export const LABEL = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,31}$/u;
export const MAX_LABELS = 12;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A day or an hour (ISO 8601, UTC); the inbox compares with hour-cut arrival times. */
const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{3})?)?)?Z?)?$/, 'must be an ISO 8601 date or time')
  .transform((v) => {
    const [day, time = '00'] = v.replace(/Z$/, '').split('T') as [string, string?];
    const [h, m = '00', sec = '00'] = time.split(':');
    return new Date(`${day}T${h}:${m}:${sec}Z`);
  })
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');

export const listReportsQuery = z
  .object({
    /** The active inbox, or the archive of closed and referred reports. */
    view: z.enum(['active', 'archive']).default('active'),
    status: z.enum(TRIAGE_STATUSES).optional(),
    assignee: z.union([z.literal('none'), z.string().regex(USERNAME, 'a reviewer username, or none')]).optional(),
    priority: z.enum(PRIORITIES).optional(),
    label: z.string().regex(LABEL, 'not a label').optional(),
    receivedFrom: isoTime.optional(),
    receivedTo: isoTime.optional(),
    overdue: flag.optional(),
    unreadReplies: flag.optional(),
    sort: z.enum(INBOX_SORTS).default('received_desc'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(300).optional(),
  })
  .strict()
  .refine(({ view, status }) => !status || (STATUSES_IN_VIEW[view] as readonly string[]).includes(status), {
    message: `this status is not in this view (active: ${ACTIVE_STATUSES.join(', ')}; archive: ${ARCHIVED_STATUSES.join(', ')})`,
    path: ['status'],
  });
export type ListReportsQuery = z.infer<typeof listReportsQuery>;

/** A reviewer's change: the version it was made on, and the fields it sets. */
export const triageChangeBody = z
  .object({
    version: z.number().int().min(0).max(1_000_000),
    status: z.enum(TRIAGE_STATUSES).optional(),
    // Stored in plaintext beside the status (docs/protocol.md): why, not what the reporter wrote.
    reason: z.string().trim().min(1).max(500).optional(),
    duplicateOf: z.string().regex(REPORT_ID, 'not a report id').optional(),
    assignee: z.string().regex(USERNAME, 'a reviewer username').nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    labels: z.array(z.string().regex(LABEL, 'not a label')).max(MAX_LABELS).optional(),
  })
  .strict();
export type TriageChangeBody = z.infer<typeof triageChangeBody>;
