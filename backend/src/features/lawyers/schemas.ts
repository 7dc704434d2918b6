import { z } from 'zod';

import { attachmentsToBind } from '../attachments/schemas';
import { proofOfWorkField } from '../proof-of-work/schemas';
import { MAX_ARMORED_KEY_CHARS, REPORT_ID } from '../reports/schemas';

/** Codes one report may have, revoked ones included: the return visit lists them all. */
export const MAX_ACCESS_CODES_PER_REPORT = 10;
/** A label of up to 200 characters, padded inside the message envelope to its smallest bucket, then armored. */
export const MAX_ARMORED_LABEL_CHARS = 8_000;
/** 64 KiB of padded plaintext armored, plus a few dozen recipients' session keys (as a report's thread). */
export const MAX_ARMORED_LAWYER_MESSAGE_CHARS = 100_000;
/**
 * What a reporter shares with a lawyer: up to 256 KiB of padded plaintext (their report, at most 192 KiB, and
 * their thread, at most about 60 KB: crypto/src/thread-message.ts, MAX_SHARE_PLAINTEXT_BYTES) armored (×4/3 and
 * line breaks), plus two recipients' session keys. Under the 400 KiB JSON body limit (app.ts).
 */
export const MAX_ARMORED_SHARE_CHARS = 370_000;
/** Messages one lawyer's thread may hold: opening the code reads them all, so its answer stays bounded. */
export const MAX_LAWYER_THREAD_MESSAGES = 100;

const lookup = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
export const CODE_ID = /^[A-Za-z0-9_-]{22}$/;
const codeId = z.string().regex(CODE_ID, 'not an access code id');

/** The reporter issues a code: their receipt's lookup, the code's lookup, the lawyer key pair and the encrypted label. */
export const issueAccessCodeBody = z
  .object({
    receiptLookup: lookup,
    accessLookup: lookup,
    lawyerKey: z
      .object({
        armoredPublicKey: z.string().min(1).max(MAX_ARMORED_KEY_CHARS),
        armoredPrivateKey: z.string().min(1).max(MAX_ARMORED_KEY_CHARS),
      })
      .strict(),
    // Its length is checked by the service, which answers 413 rather than 400.
    armoredLabel: z.string().min(1),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
export type IssueAccessCodeBody = z.infer<typeof issueAccessCodeBody>;

export const revokeAccessCodeBody = z
  .object({ receiptLookup: lookup, codeId, proofOfWork: proofOfWorkField.optional() })
  .strict();
export type RevokeAccessCodeBody = z.infer<typeof revokeAccessCodeBody>;

/**
 * The reporter shares their report and/or their thread with a code's lawyer
 * (ciphertext to the lawyer key and the reporter key), or stops sharing (`null`).
 */
export const shareWithLawyerBody = z
  .object({
    receiptLookup: lookup,
    codeId,
    // Its length is checked by the service, which answers 413 rather than 400.
    armoredShare: z.string().min(1).nullable(),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
export type ShareWithLawyerBody = z.infer<typeof shareWithLawyerBody>;

/** The lawyer opens the code: its lookup and a solved `lawyer` challenge. */
export const openAccessCodeBody = z.object({ accessLookup: lookup, proofOfWork: proofOfWorkField.optional() }).strict();
export type OpenAccessCodeBody = z.infer<typeof openAccessCodeBody>;

export const lawyerMessageBody = z
  .object({
    accessLookup: lookup,
    // Its length is checked by the service, which answers 413 rather than 400.
    armoredMessage: z.string().min(1),
    attachments: attachmentsToBind.optional(),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
export type LawyerMessageBody = z.infer<typeof lawyerMessageBody>;

/** A lawyer starts an evidence upload: as `POST /v1/attachments`, with the code that names the report. */
export const lawyerUploadBody = z
  .object({
    accessLookup: lookup,
    // The limit itself is checked by the attachments service, which answers 413 rather than 400.
    segmentCount: z.number().int().min(1),
    proofOfWork: proofOfWorkField.optional(),
  })
  .strict();
export type LawyerUploadBody = z.infer<typeof lawyerUploadBody>;

export const reportParams = z.object({ id: z.string().regex(REPORT_ID, 'not a report id') }).strict();
export const lawyerThreadParams = z.object({ id: z.string().regex(REPORT_ID, 'not a report id'), codeId }).strict();
export const reviewerLawyerMessageBody = z.object({ armoredMessage: z.string().min(1) }).strict();
