import { config, readKey, type PrivateKey, type PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { formatFingerprint, parseFingerprint } from './fingerprint';
import { generate, readAgencyKey } from './keys';
import { REVIEWER_KEY_CONFIG, REVIEWER_USER_ID } from './profile';
import type { Fingerprint } from './types';

/**
 * A reviewer's own key pair, made in the reviewer's browser at their first
 * login. The private half leaves it only encrypted with the reviewer's key
 * passphrase; the server stores it and cannot open it.
 */
export async function generateReviewerKey({ passphrase }: { passphrase: string }) {
  if (passphrase.length === 0) throw new CryptoError('wrong_passphrase', 'A key passphrase is needed.');
  return generate(REVIEWER_USER_ID, passphrase, REVIEWER_KEY_CONFIG);
}

async function readReviewerPublicKey(armoredKey: string): Promise<PublicKey> {
  let key;
  try {
    key = await readKey({ armoredKey });
  } catch {
    throw new CryptoError('invalid_key', 'This is not an OpenPGP public key.');
  }
  if (key.isPrivate()) throw new CryptoError('invalid_key', 'A public key was expected, but this is a private key.');
  return key;
}

/**
 * The administrator's certification: an OpenPGP certification signature
 * (generic, 0x10) by the agency key's primary key on the reviewer key's user
 * ID, made in the administrator's browser with the unlocked agency key.
 * Returns the reviewer's public key with that signature added.
 */
export async function certifyReviewerKey({
  armoredReviewerKey,
  agencyPrivateKey,
}: {
  armoredReviewerKey: string;
  agencyPrivateKey: PrivateKey;
}): Promise<{ armoredCertifiedKey: string; fingerprint: Fingerprint }> {
  const reviewerKey = await readReviewerPublicKey(armoredReviewerKey);
  if (reviewerKey.getFingerprint() === agencyPrivateKey.getFingerprint()) {
    throw new CryptoError('invalid_key', 'The agency key cannot certify itself.');
  }
  try {
    await reviewerKey.getEncryptionKey();
  } catch {
    throw new CryptoError('invalid_key', 'The reviewer key cannot be used for encryption.');
  }
  // One user ID (the platform's profile): the certification goes on it.
  const certified = await reviewerKey.signAllUsers([agencyPrivateKey], undefined, {
    ...config,
    ...REVIEWER_KEY_CONFIG,
  });
  return { armoredCertifiedKey: certified.armor(), fingerprint: certified.getFingerprint() as Fingerprint };
}

export type CertificationCheck =
  | { status: 'certified'; key: PublicKey; fingerprint: Fingerprint }
  | {
      status: 'refused';
      fingerprint: Fingerprint | null;
      reason: 'unreadable' | 'not_certified' | 'no_encryption_key' | 'is_agency_key';
    };

/**
 * Whether a served reviewer key may receive reports: it must be readable, able
 * to encrypt now, and carry on its user ID a certification by the agency
 * key's primary key that verifies (not revoked, not expired, made while the
 * agency key was valid). Verification is data: a key that fails is named with
 * the reason, never thrown, so the caller drops it and goes on.
 */
export async function verifyRecipientCertification({
  armoredReviewerKey,
  agencyKey,
  date = new Date(),
}: {
  armoredReviewerKey: string;
  agencyKey: PublicKey;
  date?: Date;
}): Promise<CertificationCheck> {
  let key: PublicKey;
  try {
    key = await readReviewerPublicKey(armoredReviewerKey);
  } catch {
    return { status: 'refused', fingerprint: null, reason: 'unreadable' };
  }
  const fingerprint = key.getFingerprint() as Fingerprint;
  if (fingerprint === agencyKey.getFingerprint()) return { status: 'refused', fingerprint, reason: 'is_agency_key' };
  try {
    await key.getEncryptionKey(undefined, date);
  } catch {
    return { status: 'refused', fingerprint, reason: 'no_encryption_key' };
  }
  const agencyKeyId = agencyKey.getKeyID().toHex();
  let results;
  try {
    results = await key.verifyAllUsers([agencyKey], date);
  } catch {
    return { status: 'refused', fingerprint, reason: 'not_certified' };
  }
  // Only a certification issued by the agency's primary key (the one that certifies) counts.
  const certified = results.some((r) => r.valid === true && r.keyID.toHex() === agencyKeyId);
  if (!certified) return { status: 'refused', fingerprint, reason: 'not_certified' };
  return { status: 'certified', key, fingerprint };
}

/** A reviewer key as a page is given it: the public key, served by the server with the agency key. */
export interface ServedReviewerKey {
  armoredPublicKey: string;
}

export interface RecipientSetOptions {
  /** The agency public key as the server served it. */
  armoredAgencyKey: string;
  /** The fingerprint this page was configured with, published out of band. */
  pinnedAgencyFingerprint: string;
  /** The reviewer keys the server served beside it (certified, it says; checked here). */
  reviewerKeys?: readonly ServedReviewerKey[];
}

export interface VerifiedRecipientSet {
  /** The agency key first, then every reviewer key whose certification verified. */
  keys: PublicKey[];
  agencyFingerprint: Fingerprint;
  reviewerFingerprints: Fingerprint[];
  /** Served keys that were not used, and why. */
  dropped: { fingerprint: Fingerprint | null; reason: string }[];
}

/** The platform never encrypts to more keys than the server accepts (crypto/src/inspect.ts). */
const MAX_REVIEWER_KEYS = 63;

/**
 * The one function that yields the keys a report, a message or a file
 * segment is encrypted to. The served agency key must be the pinned one (or
 * nothing is encrypted: the server may be swapping it); each served reviewer
 * key is used only if the agency key certified it, so a server that inserts
 * a key of its own gains nothing: that key is dropped.
 */
export async function verifiedRecipientSet({
  armoredAgencyKey,
  pinnedAgencyFingerprint,
  reviewerKeys = [],
}: RecipientSetOptions): Promise<VerifiedRecipientSet> {
  const agency = await readAgencyKey({ armoredKey: armoredAgencyKey });
  if (agency.fingerprint !== parseFingerprint(pinnedAgencyFingerprint)) {
    throw new CryptoError(
      'agency_key_mismatch',
      `The server offered key ${formatFingerprint(agency.fingerprint)}, but the agency published ${formatFingerprint(pinnedAgencyFingerprint)}.`,
    );
  }
  const set: VerifiedRecipientSet = {
    keys: [agency.key],
    agencyFingerprint: agency.fingerprint,
    reviewerFingerprints: [],
    dropped: [],
  };
  for (const served of reviewerKeys.slice(0, MAX_REVIEWER_KEYS)) {
    const check = await verifyRecipientCertification({
      armoredReviewerKey: String(served.armoredPublicKey),
      agencyKey: agency.key,
    });
    if (check.status === 'refused') {
      set.dropped.push({ fingerprint: check.fingerprint, reason: check.reason });
    } else if (!set.reviewerFingerprints.includes(check.fingerprint)) {
      set.keys.push(check.key);
      set.reviewerFingerprints.push(check.fingerprint);
    }
  }
  if (reviewerKeys.length > MAX_REVIEWER_KEYS) {
    set.dropped.push({
      fingerprint: null,
      reason: `too_many_keys: ${reviewerKeys.length - MAX_REVIEWER_KEYS} not read`,
    });
  }
  return set;
}
