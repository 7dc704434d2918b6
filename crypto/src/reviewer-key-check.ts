import { readKey } from 'openpgp';

import { readArmor, writeArmor, type ArmorType } from './armor';
import { fromUtf8 } from './encoding';
import { CryptoError } from './errors';
import {
  KEY_PAIR_LAYOUT,
  readPublicKeyBody,
  readSecretKeyBody,
  readSignatureBody,
  type SignatureFields,
} from './key-packets';
import { readAgencyKey } from './keys';
import { packetName, PacketTag, walkPackets, type Packet } from './packets';
import { REVIEWER_USER_ID } from './profile';
import { verifyRecipientCertification } from './reviewer-key';
import type { Fingerprint, KeyId } from './types';

/**
 * The server's strict reading of reviewer keys, as for reporter keys
 * (reporter-key.ts): exactly the packets the platform's profile writes, each
 * body read field by field (key-packets.ts), before OpenPGP.js sees the key.
 *
 * Uploaded at the first login: primary key, the one user ID, its
 * self-signature, the encryption subkey, its binding signature. Certified by
 * the administrator: the same packets, byte for byte, with exactly one
 * certification by the agency key after the self-signature.
 */
const CERTIFIED_LAYOUT = [
  PacketTag.publicKey,
  PacketTag.userId,
  PacketTag.signature,
  PacketTag.signature,
  PacketTag.publicSubkey,
  PacketTag.signature,
] as const;
/** Where the agency's certification sits in a certified key. */
const CERTIFICATION_AT = 3;
const KEY_FRAMING = { maxPartialChunks: 1 };
const USER_ID_CERTIFICATIONS = new Set([0x10, 0x11, 0x12, 0x13]);
const SUBKEY_BINDING = 0x18;
const KEY_FLAG_CERTIFY = 0x01;
const KEY_FLAGS_ENCRYPT = 0x0c;

const keyError = (what: string) => new CryptoError('invalid_key', `The reviewer key: ${what}.`);
type Fail = (what: string) => CryptoError;

function readBlock(
  armored: string,
  type: ArmorType,
  layout: readonly number[],
  check: (packet: Packet, position: number, fail: Fail) => void,
): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readArmor(armored, type);
  } catch (error) {
    throw keyError(error instanceof Error ? error.message.replace(/\.$/, '') : 'unreadable armor');
  }
  let count = 0;
  try {
    for (const packet of walkPackets(bytes, KEY_FRAMING)) {
      const expected = layout[count];
      if (expected === undefined) {
        throw keyError(`packet ${packet.index} (${packetName(packet.tag)}) follows a complete key`);
      }
      if (packet.tag !== expected) {
        throw keyError(`packet ${packet.index} is ${packetName(packet.tag)}, where ${packetName(expected)} belongs`);
      }
      check(packet, count, (what) => keyError(`packet ${packet.index} (${packetName(packet.tag)}): ${what}`));
      count++;
    }
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'malformed_packets')
      throw keyError(error.message.replace(/\.$/, ''));
    throw error;
  }
  if (count < layout.length) throw keyError(`it ends after ${count} packets; ${packetName(layout[count]!)} is missing`);
  return bytes;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

function checkUserId(body: Uint8Array, fail: Fail) {
  let name = '';
  try {
    name = fromUtf8(body);
  } catch {
    // refused below
  }
  if (name !== REVIEWER_USER_ID) throw fail(`the user ID must be "${REVIEWER_USER_ID}" (reporters' browsers see it)`);
}

function checkSelfSignature(body: Uint8Array, position: 2 | 4, fail: Fail): SignatureFields {
  const signature = readSignatureBody(body, fail, 'reviewer');
  if (position === 2) {
    if (!USER_ID_CERTIFICATIONS.has(signature.type)) {
      throw fail(`signature type 0x${signature.type.toString(16)} is not a user ID self-certification`);
    }
    if (signature.keyFlags === null || (signature.keyFlags & KEY_FLAG_CERTIFY) === 0) {
      throw fail('its key flags do not let the primary key certify');
    }
  } else {
    if (signature.type !== SUBKEY_BINDING) {
      throw fail(`signature type 0x${signature.type.toString(16)} is not a subkey binding`);
    }
    const flags = signature.keyFlags;
    if (flags === null || flags === 0 || (flags & ~KEY_FLAGS_ENCRYPT) !== 0) {
      throw fail('the subkey must be flagged for encryption only');
    }
  }
  return signature;
}

/** The public half's packets by position, and its self-signatures' issuers. */
function readPublicHalf(armored: string) {
  const bodies: Uint8Array[] = [];
  const signatures: SignatureFields[] = [];
  const bytes = readBlock(armored, 'PUBLIC KEY BLOCK', KEY_PAIR_LAYOUT.public, (packet, position, fail) => {
    const body = packet.body!;
    bodies.push(body);
    if (position === 0 || position === 3)
      readPublicKeyBody(body, position === 0 ? 'primary' : 'subkey', fail, 'reviewer');
    else if (position === 1) checkUserId(body, fail);
    else signatures.push(checkSelfSignature(body, position as 2 | 4, fail));
  });
  return { bytes, bodies, signatures };
}

export interface CheckedReviewerKey {
  fingerprint: Fingerprint;
  encryptionKeyIds: KeyId[];
  /** Both halves armored again from exactly their packets. */
  armoredPublicKey: string;
  armoredPrivateKey: string;
}

/**
 * A reviewer's key pair as uploaded at their first login: the layout above,
 * secrets protected with a passphrase in a way GnuPG 2.2 reads (the server
 * can never open it), the private half the same key; then OpenPGP.js checks
 * the self-signatures.
 */
export async function checkReviewerKey({
  armoredPublicKey,
  armoredPrivateKey,
}: {
  armoredPublicKey: string;
  armoredPrivateKey: string;
}): Promise<CheckedReviewerKey> {
  const publicHalf = readPublicHalf(armoredPublicKey);
  const secretBytes = readBlock(
    armoredPrivateKey,
    'PRIVATE KEY BLOCK',
    KEY_PAIR_LAYOUT.secret,
    (packet, position, fail) => {
      const body = packet.body!;
      const publicBody = publicHalf.bodies[position]!;
      if (position === 0 || position === 3) {
        const role = position === 0 ? 'primary' : 'subkey';
        const { publicFields } = readSecretKeyBody(body, role, fail, 'reviewer');
        if (!sameBytes(publicFields, publicBody)) throw fail('it does not belong to the reviewer public key');
      } else if (!sameBytes(body, publicBody)) {
        throw fail('it differs from the same packet in the reviewer public key');
      }
    },
  );
  let key;
  try {
    key = await readKey({ binaryKey: publicHalf.bytes });
  } catch {
    throw keyError('OpenPGP.js cannot read it as a key');
  }
  const fingerprint = key.getFingerprint() as Fingerprint;
  for (const { issuerKeyId, issuerFingerprint } of publicHalf.signatures) {
    if (issuerKeyId === null && issuerFingerprint === null) throw keyError('a self-signature names no issuer');
    if (
      (issuerKeyId ?? fingerprint.slice(-16)) !== fingerprint.slice(-16) ||
      (issuerFingerprint ?? fingerprint) !== fingerprint
    ) {
      throw keyError('a self-signature does not name the primary key as its issuer');
    }
  }
  let info;
  try {
    await key.verifyPrimaryKey();
    info = await readAgencyKey({ armoredKey: key.armor() });
  } catch {
    throw keyError('its self-signatures do not verify, or it cannot encrypt now');
  }
  return {
    fingerprint,
    encryptionKeyIds: info.encryptionKeyIds,
    armoredPublicKey: writeArmor('PUBLIC KEY BLOCK', publicHalf.bytes),
    armoredPrivateKey: writeArmor('PRIVATE KEY BLOCK', secretBytes),
  };
}

/**
 * The administrator's upload of a certified reviewer key: the stored public
 * key's packets unchanged, plus exactly one certification of its user ID
 * issued by the agency key's primary key, which must verify. Returns the key
 * armored again from its packets, as it is then stored and served.
 */
export async function checkCertifiedReviewerKey({
  armoredCertifiedKey,
  armoredStoredKey,
  armoredAgencyKey,
}: {
  armoredCertifiedKey: string;
  armoredStoredKey: string;
  armoredAgencyKey: string;
}): Promise<{ armoredCertifiedKey: string; certifiedAt: Date }> {
  const stored = readArmorPackets(armoredStoredKey);
  const agency = await readAgencyKey({ armoredKey: armoredAgencyKey });
  let certification: SignatureFields | null = null;
  const bytes = readBlock(armoredCertifiedKey, 'PUBLIC KEY BLOCK', CERTIFIED_LAYOUT, (packet, position, fail) => {
    const body = packet.body!;
    if (position !== CERTIFICATION_AT) {
      const storedBody = stored[position < CERTIFICATION_AT ? position : position - 1]!;
      if (!sameBytes(body, storedBody)) throw fail('it differs from the same packet in the stored reviewer key');
      return;
    }
    const signature = readSignatureBody(body, fail, 'reviewer');
    if (!USER_ID_CERTIFICATIONS.has(signature.type)) {
      throw fail(`signature type 0x${signature.type.toString(16)} is not a user ID certification`);
    }
    const agencyKeyId = agency.fingerprint.slice(-16);
    const names = [signature.issuerKeyId, signature.issuerFingerprint].filter((x) => x !== null);
    if (names.length === 0 || (signature.issuerKeyId ?? agencyKeyId) !== agencyKeyId) {
      throw fail('it is not issued by the agency key');
    }
    if ((signature.issuerFingerprint ?? agency.fingerprint) !== agency.fingerprint) {
      throw fail('it is not issued by the agency key');
    }
    certification = signature;
  });
  const armored = writeArmor('PUBLIC KEY BLOCK', bytes);
  const check = await verifyRecipientCertification({ armoredReviewerKey: armored, agencyKey: agency.key });
  if (check.status !== 'certified' || certification === null) {
    throw keyError('the agency certification does not verify against the current agency key');
  }
  return { armoredCertifiedKey: armored, certifiedAt: new Date((certification as SignatureFields).created * 1000) };
}

/** The packet bodies of a key the server stored itself (already strictly checked when it was uploaded). */
function readArmorPackets(armored: string): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  readBlock(armored, 'PUBLIC KEY BLOCK', KEY_PAIR_LAYOUT.public, (packet) => {
    bodies.push(packet.body!);
  });
  return bodies;
}
