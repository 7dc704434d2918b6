import { z } from 'zod';

import { AGENCIES, MAX_TEXT_CHARS, REGIONS } from './report-fields';

export { AGENCIES, MAX_TEXT_CHARS, REGIONS };

/**
 * One evidence file, as the report describes it inside the encryption (the
 * server knows only an id and ciphertext sizes). Entries carry their own
 * version, `v`, so the redesigned envelope (v2) can read them unchanged.
 */
export const attachmentDescriptor = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  name: z.string().max(255),
  type: z.string().max(100),
  size: z.number().int().min(0),
  segments: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** removed: a photo cleaned in the browser; kept: the reporter sent the original; not_a_photo: sent as it is. */
  metadata: z.enum(['removed', 'kept', 'not_a_photo']),
});
export type AttachmentDescriptor = z.infer<typeof attachmentDescriptor>;

/** What is inside the encrypted envelope (envelope version 1). Checked again after decryption. */
export const reportContent = z.object({
  whatHappened: z.string().trim().min(1).max(MAX_TEXT_CHARS),
  agency: z.enum(AGENCIES),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  region: z.enum(REGIONS).nullable(),
  /** Added for evidence files; absent in reports sent before them. */
  attachments: z.array(attachmentDescriptor).max(100).optional(),
});
export type ReportContent = z.infer<typeof reportContent>;
