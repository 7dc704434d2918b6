import { armor, enums, readMessage, unarmor } from 'openpgp';

import { CryptoError } from './errors';
import { asKeyId } from './fingerprint';
import type { KeyId } from './types';

/** gpg's --throw-keyids writes this in place of the recipient; such a message cannot be checked. */
const WILDCARD_KEY_ID = '0000000000000000';
const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';

const ENCRYPTED_DATA_TAGS: ReadonlySet<number> = new Set([
  enums.packet.symEncryptedIntegrityProtectedData,
  enums.packet.aeadEncryptedData,
]);

export interface InspectedMessage {
  recipientKeyIds: KeyId[];
  /**
   * The message armored again from its packets alone: armor headers (such as
   * `Comment:`) are dropped, so whatever is stored is ciphertext and nothing else.
   */
  canonicalArmoredMessage: string;
}

/**
 * Reads who an encrypted message is addressed to from its packet headers,
 * without decrypting. Accepts exactly one armored block with nothing but
 * white space around it, holding one or more PKESK packets and then one
 * integrity-protected encrypted data packet. Anything else (text outside the
 * armor, a second block, a literal or compressed plaintext, a
 * password-encrypted message, a signature, trailing packets) is refused.
 */
export async function inspectEncryptedMessage({
  armoredMessage,
}: {
  armoredMessage: string;
}): Promise<InspectedMessage> {
  const block = armoredMessage.trim();
  const oneBlock =
    block.startsWith(BEGIN) &&
    block.endsWith(END) &&
    block.indexOf(BEGIN, 1) === -1 &&
    block.indexOf(END) === block.length - END.length;
  if (!oneBlock) {
    throw new CryptoError(
      'invalid_message',
      'Send exactly one ASCII-armored OpenPGP message, with nothing before or after it.',
    );
  }
  let message;
  let packets: Uint8Array;
  try {
    const { data } = await unarmor(block);
    if (!(data instanceof Uint8Array)) throw new Error('streamed armor');
    packets = data;
    message = await readMessage({ binaryMessage: packets });
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
  // GnuPG 2.2 cannot find the end of a long armored v1 message without the
  // CRC line; RFC 9580 omits it for v2 (AEAD) messages, as OpenPGP.js does.
  const encryptedVersion = (message.packets[message.packets.length - 1] as unknown as { version?: number }).version;
  const emitChecksum = encryptedVersion !== 2;
  const canonicalArmoredMessage = armor(enums.armor.message, packets, undefined, undefined, undefined, emitChecksum);
  return { recipientKeyIds, canonicalArmoredMessage };
}
