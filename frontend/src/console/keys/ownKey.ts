import type { KeyRef } from '../../../../crypto/src/types';

export interface UnlockedKey {
  keyRef: KeyRef;
  fingerprint: string;
}

/** The smallest key passphrase the console accepts: it is all that protects the private key the server stores. */
export const MIN_KEY_PASSPHRASE = 12;

export interface CreateKeyDeps {
  createReviewerKey(options: {
    passphrase: string;
  }): Promise<UnlockedKey & { armoredPublicKey: string; armoredPrivateKey: string }>;
  postOwnKey(body: { armoredPublicKey: string; armoredPrivateKey: string }): Promise<unknown>;
}

/**
 * The first login's key: made in the crypto worker, unlocked there at once,
 * and stored on the server with its private half encrypted by the passphrase
 * (which never leaves this tab).
 */
export async function createOwnKey(passphrase: string, deps: CreateKeyDeps): Promise<UnlockedKey> {
  const made = await deps.createReviewerKey({ passphrase });
  await deps.postOwnKey({ armoredPublicKey: made.armoredPublicKey, armoredPrivateKey: made.armoredPrivateKey });
  return { keyRef: made.keyRef, fingerprint: made.fingerprint };
}

export interface UnlockOwnKeyDeps {
  unlockKey(options: {
    armoredPrivateKey: string;
    passphrase: string;
    expectedFingerprint?: string;
  }): Promise<UnlockedKey>;
}

/** Unlocks the stored key in the worker; the expected fingerprint is the one stored beside it. */
/** What unlocking needs of the stored key (consoleApi's OwnKey; declared here so Node tests load no fetch code). */
export interface StoredOwnKey {
  fingerprint: string;
  armoredPrivateKey: string;
}

export function unlockOwnKey(key: StoredOwnKey, passphrase: string, deps: UnlockOwnKeyDeps): Promise<UnlockedKey> {
  return deps.unlockKey({ armoredPrivateKey: key.armoredPrivateKey, passphrase, expectedFingerprint: key.fingerprint });
}
