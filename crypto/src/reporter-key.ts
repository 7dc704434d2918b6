import { readKey } from 'openpgp';

import { readArmor, writeArmor, type ArmorType } from './armor';
import { fromUtf8 } from './encoding';
import { CryptoError } from './errors';
import {
  readPublicKeyBody,
  readSecretKeyBody,
  readSignatureBody,
  type KeyRole,
  type SignatureFields,
} from './key-packets';
import { packetName, PacketTag, walkPackets, type Packet } from './packets';
import { REPORTER_USER_ID } from './profile';
import type { Fingerprint } from './types';

/**
 * The packets of a reporter key, in order: primary key, its one user ID and
 * that user ID's self-signature, the encryption subkey and its binding
 * signature. Nothing else: no second key, no second user ID, no revocation,
 * no user attribute, no trust packet.
 */
const PUBLIC_LAYOUT = [
  PacketTag.publicKey,
  PacketTag.userId,
  PacketTag.signature,
  PacketTag.publicSubkey,
  PacketTag.signature,
] as const;
const SECRET_LAYOUT = [
  PacketTag.secretKey,
  PacketTag.userId,
  PacketTag.signature,
  PacketTag.secretSubkey,
  PacketTag.signature,
] as const;
/** Key packets never use partial lengths; any chain at all is refused as a framing error. */
const KEY_FRAMING = { maxPartialChunks: 1 };
/** Positive, casual, persona or generic certification of the user ID (RFC 9580 §5.2.1). */
const USER_ID_CERTIFICATIONS = new Set([0x10, 0x11, 0x12, 0x13]);
const SUBKEY_BINDING = 0x18;
const KEY_FLAG_CERTIFY = 0x01;
const KEY_FLAGS_ENCRYPT = 0x0c;

interface ReadBlock {
  bytes: Uint8Array;
  packets: Packet[];
}

const keyError = (half: string, what: string) => new CryptoError('invalid_key', `The reporter ${half} key: ${what}.`);

function readBlock(armored: string, type: ArmorType, layout: readonly number[], half: string): ReadBlock {
  let bytes: Uint8Array;
  try {
    bytes = readArmor(armored, type);
  } catch (error) {
    throw keyError(half, error instanceof Error ? error.message.replace(/\.$/, '') : 'unreadable armor');
  }
  const packets: Packet[] = [];
  try {
    for (const packet of walkPackets(bytes, KEY_FRAMING)) {
      const expected = layout[packets.length];
      if (expected === undefined) {
        throw keyError(
          half,
          `packet ${packet.index} (${packetName(packet.tag)}) follows a complete key; one key with one user ID and one encryption subkey is expected`,
        );
      }
      if (packet.tag !== expected) {
        throw keyError(half, `packet ${packet.index} is ${packetName(packet.tag)}, where ${packetName(expected)} belongs`);
      }
      packets.push(packet);
    }
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'malformed_packets') throw keyError(half, error.message);
    throw error;
  }
  if (packets.length < layout.length) {
    throw keyError(half, `it ends after ${packets.length} packets; ${packetName(layout[packets.length]!)} is missing`);
  }
  return { bytes, packets };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The structure of the public half: exact key material, the fixed user ID, and self-signatures of the right kind. */
function checkPublicHalf({ packets }: ReadBlock): { latest: number; signatures: SignatureFields[] } {
  const [primary, userId, certification, subkey, binding] = packets.map((p) => p.body!) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const fail = (index: number) => (what: string) =>
    keyError('public', `packet ${index} (${packetName(PUBLIC_LAYOUT[index - 1]!)}): ${what}`);
  const { created } = readPublicKeyBody(primary, 'primary', fail(1));
  let name: string;
  try {
    name = fromUtf8(userId);
  } catch {
    name = '';
  }
  if (name !== REPORTER_USER_ID) {
    throw keyError('public', `its user ID must be "${REPORTER_USER_ID}" (a user ID is stored in plaintext)`);
  }
  const userCertification = readSignatureBody(certification, fail(3));
  if (!USER_ID_CERTIFICATIONS.has(userCertification.type)) {
    throw fail(3)(`signature type 0x${userCertification.type.toString(16)} is not a user ID self-certification`);
  }
  if (userCertification.keyFlags === null || (userCertification.keyFlags & KEY_FLAG_CERTIFY) === 0) {
    throw fail(3)('its key flags do not let the primary key certify');
  }
  const subkeyCreated = readPublicKeyBody(subkey, 'subkey', fail(4)).created;
  const subkeyBinding = readSignatureBody(binding, fail(5));
  if (subkeyBinding.type !== SUBKEY_BINDING) {
    throw fail(5)(`signature type 0x${subkeyBinding.type.toString(16)} is not a subkey binding`);
  }
  if (subkeyBinding.keyFlags === null || (subkeyBinding.keyFlags & ~KEY_FLAGS_ENCRYPT) !== 0 || subkeyBinding.keyFlags === 0) {
    throw fail(5)('the subkey must be flagged for encryption only');
  }
  const latest = Math.max(created, subkeyCreated, userCertification.created, subkeyBinding.created);
  return { latest, signatures: [userCertification, subkeyBinding] };
}

/** The private half must be the same key: the same public fields, user ID and signatures, with protected secrets. */
function checkSecretHalf(publicHalf: ReadBlock, secretHalf: ReadBlock) {
  secretHalf.packets.forEach((packet, i) => {
    const publicBody = publicHalf.packets[i]!.body!;
    const fail = (what: string) => keyError('private', `packet ${packet.index} (${packetName(packet.tag)}): ${what}`);
    if (packet.tag === PacketTag.secretKey || packet.tag === PacketTag.secretSubkey) {
      const role: KeyRole = packet.tag === PacketTag.secretKey ? 'primary' : 'subkey';
      const { publicFields } = readSecretKeyBody(packet.body!, role, fail);
      if (!sameBytes(publicFields, publicBody)) throw fail('it does not belong to the reporter public key');
    } else if (!sameBytes(packet.body!, publicBody)) {
      throw fail('it differs from the same packet in the reporter public key');
    }
  });
}

export interface CheckedReporterKey {
  fingerprint: Fingerprint;
  /** Both halves armored again from exactly their packets: no armor headers, nothing around them. */
  armoredPublicKey: string;
  armoredPrivateKey: string;
}

/**
 * Checks a reporter key pair before the server stores it, reading the packet
 * framing and the few fields that matter strictly (see the layouts above and
 * `key-packets.ts`): every key and signature time a whole hour; the private
 * half the same key, its secrets passphrase-protected in a way GnuPG 2.2 reads.
 * Only then, on these few hundred well-formed octets with nothing compressed,
 * does OpenPGP.js verify the two self-signatures.
 */
export async function checkReporterKey({
  armoredPublicKey,
  armoredPrivateKey,
}: {
  armoredPublicKey: string;
  armoredPrivateKey: string;
}): Promise<CheckedReporterKey> {
  const publicHalf = readBlock(armoredPublicKey, 'PUBLIC KEY BLOCK', PUBLIC_LAYOUT, 'public');
  const secretHalf = readBlock(armoredPrivateKey, 'PRIVATE KEY BLOCK', SECRET_LAYOUT, 'private');
  const { latest, signatures } = checkPublicHalf(publicHalf);
  checkSecretHalf(publicHalf, secretHalf);

  const key = await readKey({ binaryKey: publicHalf.bytes });
  const fingerprint = key.getFingerprint() as Fingerprint;
  const keyId = fingerprint.slice(-16);
  for (const { issuerKeyId, issuerFingerprint } of signatures) {
    const named = (issuerKeyId ?? keyId) === keyId && (issuerFingerprint ?? fingerprint) === fingerprint;
    if (!named || (issuerKeyId === null && issuerFingerprint === null)) {
      throw keyError('public', 'a self-signature does not name the primary key as its issuer');
    }
  }
  // Checked at the key's own latest time: whether the signatures are valid, not whether the device clock was right.
  const at = new Date(latest * 1000);
  try {
    await key.verifyPrimaryKey(at);
    await key.getEncryptionKey(undefined, at);
  } catch {
    throw keyError('public', 'its self-signatures do not verify');
  }
  return {
    fingerprint,
    armoredPublicKey: writeArmor('PUBLIC KEY BLOCK', publicHalf.bytes),
    armoredPrivateKey: writeArmor('PRIVATE KEY BLOCK', secretHalf.bytes),
  };
}
