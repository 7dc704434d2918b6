import { sameFingerprint } from '../../../crypto/src/fingerprint';
import { ApiError, type PlatformConfig, type RecipientKeys } from '../shared/api-types';

export interface AgencyKeyDeps {
  getConfig(): Promise<PlatformConfig>;
  getRecipientKeys(): Promise<RecipientKeys>;
  /** Computed by the crypto worker from the key itself, not taken from the server's word. */
  fingerprintOf(options: { armoredAgencyKey: string }): Promise<{ fingerprint: string }>;
}

/** The served agency key is not the one this site is configured with: nothing may be encrypted to it. */
export class AgencyKeyMismatch extends Error {
  constructor(
    readonly served: string,
    readonly pinned: string,
  ) {
    super('agency key mismatch');
  }
}

/**
 * Fetches the pinned fingerprint and the recipient keys and checks that they
 * agree. Returns what a submission needs; throws AgencyKeyMismatch or ApiError.
 */
export async function checkAgencyKey(deps: AgencyKeyDeps) {
  const config = await deps.getConfig();
  if (!config.agencyFingerprint) throw new ApiError(503, 'not_set_up', 'The platform has no agency key yet.');
  const keys = await deps.getRecipientKeys();
  const { fingerprint } = await deps.fingerprintOf({ armoredAgencyKey: keys.agencyKey.armoredPublicKey });
  if (!sameFingerprint(fingerprint, config.agencyFingerprint)) {
    throw new AgencyKeyMismatch(fingerprint, config.agencyFingerprint);
  }
  return { pinnedAgencyFingerprint: config.agencyFingerprint, armoredAgencyKey: keys.agencyKey.armoredPublicKey };
}
