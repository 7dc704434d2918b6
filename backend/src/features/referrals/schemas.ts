import { z } from 'zod';

import { REFERRAL_ENVELOPE_VERSION } from '../../crypto';
import { REPORT_ID } from '../reports/schemas';
import { FINGERPRINT } from '../destination-keys/schemas';

/** A referral is text (192 KiB of padded plaintext at most), armored like a report. */
export const MAX_ARMORED_REFERRAL_CHARS = 300_000;
/** Bounds the `_id` lookups that list a report's referrals; a report referred more often than this is not plausible. */
export const MAX_REFERRALS_PER_REPORT = 20;

export const REFERRAL_ID = /^[A-Za-z0-9_-]{22}\.([1-9]|1\d|20)$/;

export const storeReferralBody = z
  .object({
    envelopeVersion: z.literal(REFERRAL_ENVELOPE_VERSION),
    // Its length is checked by the service, which answers 413 rather than 400.
    armoredReferral: z.string().min(1),
  })
  .strict();
export type StoreReferralBody = z.infer<typeof storeReferralBody>;

export const reportParams = z.object({ id: z.string().regex(REPORT_ID, 'not a report id') }).strict();
export const referralParams = z.object({ id: z.string().regex(REFERRAL_ID, 'not a referral id') }).strict();

export const exportReferralBody = z
  .object({
    destinationFingerprint: z.string().regex(FINGERPRINT, 'must be 40 lowercase hex digits'),
    /** How many evidence files the reviewer chose to include (recorded in the audit log). */
    files: z.number().int().min(0).max(100),
  })
  .strict();
export type ExportReferralBody = z.infer<typeof exportReferralBody>;
