import { checkAgencyKey, type AgencyKeyDeps } from '../../report/agencyKey';
import { referralV1, type Referral } from './referral-model';

/** What sealing a referral needs; `Stored` is what the server answers (its own module, the API, stays out of here). */
export interface SealDeps<Stored> extends AgencyKeyDeps {
  prepareRecipients(options: Awaited<ReturnType<typeof checkAgencyKey>>): Promise<{ recipientsRef: string }>;
  encryptReferral(options: {
    referral: unknown;
    recipientsRef: string;
  }): Promise<{ armoredReferral: string; envelopeVersion: number }>;
  post(body: { envelopeVersion: number; armoredReferral: string }): Promise<Stored>;
}

/**
 * Encrypts the referral to the recipient set reports are encrypted to, found
 * the same way (the served agency key checked against the pinned fingerprint,
 * then the crypto worker's recipient set), and stores it.
 */
export async function storeReferral<Stored>(referral: Referral, deps: SealDeps<Stored>): Promise<Stored> {
  const checked = referralV1.parse(referral);
  // The whole set, reviewer keys included: the agency key alone would leave the referral unreadable to the
  // reviewers who work with their own keys (its author too).
  const { recipientsRef } = await deps.prepareRecipients(await checkAgencyKey(deps));
  const sealed = await deps.encryptReferral({ referral: checked, recipientsRef });
  return deps.post(sealed);
}
