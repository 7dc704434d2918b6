import { z } from 'zod';

import { attachmentsToBind } from '../attachments/schemas';
import { proofOfWorkField } from '../proof-of-work/schemas';
import { REPORT_ID } from '../reports/schemas';

/** 64 KiB of padded plaintext armored, plus a few dozen recipients' session keys. */
export const MAX_ARMORED_MESSAGE_CHARS = 100_000;
/** Messages one thread may hold: a return visit reads them all, so its answer stays bounded. */
export const MAX_THREAD_MESSAGES = 100;

const receiptLookup = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** A return visit: the lookup value derived from the receipt, and a solved `return` challenge. */
export const openReturnBody = z.object({ receiptLookup, proofOfWork: proofOfWorkField.optional() }).strict();
export type OpenReturnBody = z.infer<typeof openReturnBody>;

/** The reporter's message, with the evidence files it adds (uploaded before, bound now). */
export const reporterMessageBody = z
  .object({
    receiptLookup,
    // Its length is checked by the service, which answers 413 rather than 400.
    armoredMessage: z.string().min(1),
    attachments: attachmentsToBind.optional(),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
export type ReporterMessageBody = z.infer<typeof reporterMessageBody>;

export const reviewerMessageBody = z.object({ armoredMessage: z.string().min(1) }).strict();

export const threadParams = z.object({ id: z.string().regex(REPORT_ID, 'not a report id') }).strict();
