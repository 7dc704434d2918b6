import { enums, readMessage } from 'openpgp';

import { CryptoError } from './errors';
import { asKeyId } from './fingerprint';
import type { KeyId } from './types';

/** gpg's --throw-keyids writes this in place of the recipient; such a message cannot be checked. */
const WILDCARD_KEY_ID = '0000000000000000';

const ENCRYPTED_DATA_TAGS: ReadonlySet<number> = new Set([
  enums.packet.symEncryptedIntegrityProtectedData,
  enums.packet.aeadEncryptedData,
]);

/**
 * Reads who an encrypted message is addressed to from its packet headers,
 * without decrypting. Accepts only the shape a public-key encrypted message
 * has: one or more PKESK packets, then one integrity-protected encrypted data
 * packet. Anything else (a literal or compressed plaintext, a
 * password-encrypted message, a signature, trailing packets) is refused.
 */
export async function recipientsOf({
  armoredMessage,
}: {
  armoredMessage: string;
}): Promise<{ recipientKeyIds: KeyId[] }> {
  let message;
  try {
    message = await readMessage({ armoredMessage });
  } catch {
    throw new CryptoError('invalid_message', 'This is not an ASCII-armored OpenPGP message.');
  }
  const tags = Array.from(message.packets, (packet) => (packet.constructor as unknown as { tag: number }).tag);
  const last = tags.at(-1);
  const headers = tags.slice(0, -1);
  const wellFormed =
    headers.length > 0 &&
    headers.every((tag) => tag === enums.packet.publicKeyEncryptedSessionKey) &&
    last !== undefined &&
    ENCRYPTED_DATA_TAGS.has(last);
  if (!wellFormed) {
    throw new CryptoError('not_encrypted', 'The message must be encrypted to a public key and contain nothing else.');
  }
  const recipientKeyIds = message.getEncryptionKeyIDs().map((id) => asKeyId(id.toHex()));
  if (recipientKeyIds.includes(asKeyId(WILDCARD_KEY_ID))) {
    throw new CryptoError('invalid_message', 'The message hides its recipients (gpg --throw-keyids); name them.');
  }
  return { recipientKeyIds };
}
