import { z } from 'zod';

import { REPORT_ENVELOPE_VERSIONS } from '../../crypto';
import { attachmentsToBind } from '../attachments/schemas';
import { proofOfWorkField } from '../proof-of-work/schemas';
import { ACTIVE_STATUSES, ARCHIVED_STATUSES, TRIAGE_STATUSES } from './model';

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

export const listReportsQuery = z
  .object({
    /** The active inbox, or the archive of closed and referred reports. */
    view: z.enum(['active', 'archive']).default('active'),
    status: z.enum(TRIAGE_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
    /** Only reports with replies from the reporter that no reviewer has read yet. */
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict()
  .refine(({ view, status }) => !status || (STATUSES_IN_VIEW[view] as readonly string[]).includes(status), {
    message: 'this status is not in this view (active: new; archive: closed, referred)',
    path: ['status'],
  });
export type ListReportsQuery = z.infer<typeof listReportsQuery>;
