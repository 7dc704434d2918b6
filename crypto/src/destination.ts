import { createMessage, encrypt, enums, readKey, type PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { formatFingerprint, sameFingerprint } from './fingerprint';

/**
 * Messages for an outside body (the export of a referral). They are encrypted
 * to the destination key's own preferences (DESIGN.md: exports follow *their*
 * key), never compressed, with no file name and the fixed epoch as the
 * literal-data date: names travel only inside the encrypted manifest.
 */
const EXPORT_LITERAL_DATE = new Date(0);

/** Reads the registered destination key and checks it is the one whose fingerprint the reviewer chose. */
export async function readDestinationKey({
  armoredDestinationKey,
  expectedFingerprint,
}: {
  armoredDestinationKey: string;
  expectedFingerprint: string;
}): Promise<PublicKey> {
  let key: PublicKey;
  try {
    key = await readKey({ armoredKey: armoredDestinationKey });
    await key.getEncryptionKey();
  } catch {
    throw new CryptoError('invalid_key', 'The destination key cannot be used for encryption.');
  }
  if (key.isPrivate()) throw new CryptoError('invalid_key', 'A public key was expected, but this is a private key.');
  if (!sameFingerprint(key.getFingerprint(), expectedFingerprint)) {
    throw new CryptoError(
      'agency_key_mismatch',
      `The server served key ${formatFingerprint(key.getFingerprint())} for destination ${formatFingerprint(expectedFingerprint)}.`,
    );
  }
  return key;
}

/** One binary OpenPGP message to the destination key. */
export async function encryptForDestination({
  plaintext,
  destinationKey,
}: {
  plaintext: Uint8Array;
  destinationKey: PublicKey;
}): Promise<Uint8Array> {
  const message = await createMessage({ binary: plaintext, format: 'binary', date: EXPORT_LITERAL_DATE });
  return encrypt({
    message,
    encryptionKeys: destinationKey,
    format: 'binary',
    config: { preferredCompressionAlgorithm: enums.compression.uncompressed },
  });
}
