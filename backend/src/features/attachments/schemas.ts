import { z } from 'zod';

import { MAX_SEGMENTS, SEGMENT_BYTES } from '../../crypto';
import { proofOfWorkField } from '../proof-of-work/schemas';

/**
 * The largest segment body: a full plaintext segment plus its OpenPGP
 * overhead (one PKESK of about 95 octets per recipient, up to 64 recipients,
 * and about 60 octets of headers and MDC) with room to spare.
 */
export const MAX_ENCRYPTED_SEGMENT_BYTES = SEGMENT_BYTES + 64 * 1024;
/** Evidence files one report may list; the list travels inside the encrypted report too. */
export const MAX_ATTACHMENTS_PER_REPORT = 100;

export const ATTACHMENT_ID = /^[A-Za-z0-9_-]{22}$/;
const UPLOAD_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const createUploadBody = z
  .object({
    // The limit itself is checked by the service, which answers 413 rather than 400.
    segmentCount: z.number().int().min(1),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
export type CreateUploadBody = z.infer<typeof createUploadBody>;

export const attachmentParams = z.object({ id: z.string().regex(ATTACHMENT_ID, 'not an attachment id') }).strict();

export const segmentParams = z
  .object({
    id: z.string().regex(ATTACHMENT_ID, 'not an attachment id'),
    index: z
      .string()
      .regex(/^(0|[1-9]\d{0,5})$/, 'a segment number')
      .transform(Number),
  })
  .strict();

/** Why a reviewer reads a file: to look at it in the console (`open`, the default) or to save it (`export`). */
export const segmentReadQuery = z.object({ purpose: z.enum(['open', 'export']).optional() }).strict();

/** How a report submission names the uploads it binds: each upload's id and its token (proof of having made it). */
export const attachmentsToBind = z
  .array(
    z
      .object({
        id: z.string().regex(ATTACHMENT_ID, 'not an attachment id'),
        uploadToken: z.string().regex(UPLOAD_TOKEN, 'not an upload token'),
      })
      .strict(),
  )
  .max(MAX_ATTACHMENTS_PER_REPORT);
export type AttachmentsToBind = z.infer<typeof attachmentsToBind>;

export const reportParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'not a report id') }).strict();

export { MAX_SEGMENTS };
