import { readKey } from 'openpgp';

import { readArmor, writeArmor } from './armor';
import { CryptoError } from './errors';
import { packetName, PacketTag, walkPackets } from './packets';
import type { Fingerprint } from './types';

/**
 * A destination key: the OpenPGP public key of a body a referral is exported
 * to (a prosecutor's office, an investigating body). It comes from outside,
 * usually made by gpg (any algorithm OpenPGP.js reads), so unlike a reporter
 * key its contents are not fixed; its shape is: one primary key, then user
 * IDs each followed by signatures, then subkeys each followed by signatures.
 * No secret key, user attribute, trust or unknown packet; no partial lengths.
 */
export const MAX_DESTINATION_KEY_CHARS = 65_536;
/** A key with a few user IDs and subkeys and their signatures; a flood of certifications is refused, not walked. */
const MAX_KEY_PACKETS = 64;
const KEY_FRAMING = { maxPartialChunks: 1 };

const keyError = (what: string) => new CryptoError('invalid_key', `The destination key: ${what}.`);

export interface CheckedDestinationKey {
  fingerprint: Fingerprint;
  /** The first user ID, as the key states it (shown beside the name the administrator gave). */
  userId: string;
  /** Armored again from exactly its packets: no armor headers, nothing around them. */
  armoredPublicKey: string;
}

function readLayout(armoredKey: string): Uint8Array {
  if (armoredKey.length > MAX_DESTINATION_KEY_CHARS) {
    throw keyError(`it is longer than ${MAX_DESTINATION_KEY_CHARS} characters`);
  }
  let bytes: Uint8Array;
  try {
    bytes = readArmor(armoredKey, 'PUBLIC KEY BLOCK');
  } catch (error) {
    throw keyError(error instanceof Error ? error.message.replace(/\.$/, '') : 'unreadable armor');
  }
  // States: 0 before the primary key, 1 after it (a signature or user ID may follow), then user IDs and
  // subkeys, each owning the signatures after it.
  let count = 0;
  let last: number | null = null;
  let userIds = 0;
  try {
    for (const packet of walkPackets(bytes, KEY_FRAMING)) {
      count++;
      if (count > MAX_KEY_PACKETS) throw keyError(`it has more than ${MAX_KEY_PACKETS} packets`);
      const { tag, index } = packet;
      const where = `packet ${index} is ${packetName(tag)}`;
      // The first packet must be the public key, so every signature has a key before it.
      if (count === 1) {
        if (tag !== PacketTag.publicKey) throw keyError(`${where}; a public key block starts with a public key`);
      } else if (tag === PacketTag.publicKey) {
        throw keyError(`${where}: one key per block is accepted`);
      } else if (tag === PacketTag.userId) {
        if (last === PacketTag.publicSubkey) throw keyError(`${where}, after a subkey`);
        userIds++;
      } else if (tag !== PacketTag.signature && tag !== PacketTag.publicSubkey) {
        throw keyError(`${where}, which a destination public key may not contain`);
      }
      if (tag !== PacketTag.signature) last = tag;
    }
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'malformed_packets')
      throw keyError(error.message.replace(/\.$/, ''));
    throw error;
  }
  // No packet at all cannot reach here: readArmor refuses a block without data.
  if (userIds === 0) throw keyError('it has no user ID');
  return bytes;
}

/**
 * Checks a destination key before the server stores it: the packet layout
 * above first (bounded work whatever the input), then OpenPGP.js verifies the
 * self-signatures and that the key can receive messages now.
 */
export async function checkDestinationKey({ armoredKey }: { armoredKey: string }): Promise<CheckedDestinationKey> {
  const bytes = readLayout(armoredKey);
  let key;
  try {
    key = await readKey({ binaryKey: bytes });
  } catch {
    throw keyError('OpenPGP.js cannot read it as a key');
  }
  try {
    await key.verifyPrimaryKey();
  } catch {
    throw keyError('its self-signatures do not verify, or it is revoked or expired');
  }
  try {
    await key.getEncryptionKey();
  } catch {
    throw keyError('it cannot be used for encryption (expired, revoked or no encryption subkey)');
  }
  let userId = '';
  try {
    userId = (await key.getPrimaryUser()).user.userID?.userID ?? '';
  } catch {
    // no valid primary user: the name the administrator gave is shown alone
  }
  return {
    fingerprint: key.getFingerprint() as Fingerprint,
    userId: userId.slice(0, 200),
    armoredPublicKey: writeArmor('PUBLIC KEY BLOCK', bytes),
  };
}
