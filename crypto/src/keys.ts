import {
  decryptKey,
  generateKey,
  readKey,
  readPrivateKey,
  type PartialConfig,
  type PrivateKey,
  type PublicKey,
} from 'openpgp';

import { CryptoError } from './errors';
import { asKeyId } from './fingerprint';
import { GPG_COMPATIBLE, KEY_TYPE, REPORTER_KEY_CONFIG, REPORTER_USER_ID, reporterKeyDate } from './profile';
import type { Fingerprint, KeyId } from './types';

export interface GeneratedKey {
  armoredPrivateKey: string;
  armoredPublicKey: string;
  fingerprint: Fingerprint;
}

export async function generate(
  name: string,
  passphrase: string,
  config: PartialConfig = GPG_COMPATIBLE,
  date?: Date,
): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await generateKey({
    ...KEY_TYPE,
    userIDs: [{ name }],
    passphrase,
    format: 'armored',
    config,
    ...(date ? { date } : {}),
  });
  const key = await readKey({ armoredKey: publicKey });
  return {
    armoredPrivateKey: privateKey,
    armoredPublicKey: publicKey,
    fingerprint: key.getFingerprint() as Fingerprint,
  };
}

/** The agency key: made once at setup; its private half is protected by the passphrase and never reaches the server. */
export function generateAgencyKey({ agencyName, passphrase }: { agencyName: string; passphrase: string }) {
  return generate(agencyName, passphrase);
}

/**
 * The reporter's own key, so replies can be encrypted to them; its passphrase
 * is derived from the receipt. Its creation and signature times are the
 * current hour (profile.ts), the times the server's strict check accepts.
 */
export function generateReporterKey({ passphrase }: { passphrase: string }) {
  return generate(REPORTER_USER_ID, passphrase, REPORTER_KEY_CONFIG, reporterKeyDate());
}

export interface AgencyKeyInfo {
  key: PublicKey;
  fingerprint: Fingerprint;
  /** Key IDs a message addressed to this key names in its PKESK packets. */
  encryptionKeyIds: KeyId[];
}

async function readPublicKey(armoredKey: string): Promise<PublicKey> {
  let key;
  try {
    key = await readKey({ armoredKey });
  } catch {
    throw new CryptoError('invalid_key', 'This is not an OpenPGP public key.');
  }
  if (key.isPrivate()) {
    throw new CryptoError('invalid_key', 'A public key was expected, but this is a private key.');
  }
  return key;
}

/** Parses a public key that reports are encrypted to, and refuses one that cannot receive messages. */
export async function readAgencyKey({ armoredKey }: { armoredKey: string }): Promise<AgencyKeyInfo> {
  const key = await readPublicKey(armoredKey);
  let encryptionKey;
  try {
    encryptionKey = await key.getEncryptionKey();
  } catch {
    throw new CryptoError(
      'invalid_key',
      'The key cannot be used for encryption (expired, revoked or no encryption subkey).',
    );
  }
  return {
    key,
    fingerprint: key.getFingerprint() as Fingerprint,
    encryptionKeyIds: [asKeyId(encryptionKey.getKeyID().toHex())],
  };
}

export async function unlockPrivateKey({
  armoredPrivateKey,
  passphrase,
}: {
  armoredPrivateKey: string;
  passphrase: string;
}): Promise<PrivateKey> {
  let privateKey: PrivateKey;
  try {
    privateKey = await readPrivateKey({ armoredKey: armoredPrivateKey });
  } catch {
    throw new CryptoError('invalid_key', 'This file is not an OpenPGP private key.');
  }
  if (privateKey.isDecrypted()) return privateKey;
  try {
    return await decryptKey({ privateKey, passphrase });
  } catch {
    throw new CryptoError('wrong_passphrase', 'The passphrase does not unlock this key.');
  }
}
