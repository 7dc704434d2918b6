/** What the API answers, shared by pages and by code tested outside a browser (no fetch here). */
export { ApiError } from './api-error';

export interface PlatformConfig {
  agencyFingerprint: string | null;
  /** The platform signing key's fingerprint (evidence receipts), published beside the agency's. */
  platformFingerprint?: string;
  limits: { maxArmoredReportChars: number; maxFileBytes?: number; segmentBytes?: number };
}

export interface RecipientKeys {
  agencyKey: { fingerprint: string; armoredPublicKey: string };
  reviewerKeys: { fingerprint: string; armoredPublicKey: string }[];
}
