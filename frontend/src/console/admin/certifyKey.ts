import type { KeyRef } from '../../../../crypto/src/types';

/** What certifying needs of a listed key (adminApi's ReviewerKeyRow; declared here so Node tests load no fetch code). */
export interface KeyToCertify {
  username: string;
  fingerprint: string;
  armoredPublicKey: string;
}

export interface CertifyDeps {
  certifyReviewerKey(options: { armoredReviewerKey: string; agencyKeyRef: KeyRef }): Promise<{
    armoredCertifiedKey: string;
    fingerprint: string;
  }>;
  postCertification(username: string, body: { fingerprint: string; armoredCertifiedKey: string }): Promise<unknown>;
}

/**
 * Certifies one reviewer key with the agency key unlocked in the crypto
 * worker (the key file and passphrase never leave this tab) and uploads the
 * certified key. The fingerprint certified is the one the administrator saw.
 */
export async function certifyKey(row: KeyToCertify, agencyKeyRef: KeyRef, deps: CertifyDeps): Promise<void> {
  const { armoredCertifiedKey, fingerprint } = await deps.certifyReviewerKey({
    armoredReviewerKey: row.armoredPublicKey,
    agencyKeyRef,
  });
  if (fingerprint !== row.fingerprint) throw new Error('the certified key is not the key listed');
  await deps.postCertification(row.username, { fingerprint, armoredCertifiedKey });
}
