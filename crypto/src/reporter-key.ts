import { readKey } from 'openpgp';

import { readArmor, writeArmor, type ArmorType } from './armor';
import { fromUtf8 } from './encoding';
import { CryptoError } from './errors';
import { readPublicKeyBody, readSecretKeyBody, readSignatureBody, type SignatureFields } from './key-packets';
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

const keyError = (half: string, what: string) => new CryptoError('invalid_key', `The reporter ${half} key: ${what}.`);

/**
 * Reads one armored key block packet by packet: each packet must be the type
 * the layout puts at its position, and `check` reads its body at once, so the
 * first thing wrong in the stream is what the error names.
 */
function readBlock(
  armored: string,
  type: ArmorType,
  layout: readonly number[],
  half: string,
  check: (packet: Packet, position: number, fail: (what: string) => CryptoError) => void,
): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readArmor(armored, type);
  } catch (error) {
    throw keyError(half, error instanceof Error ? error.message.replace(/\.$/, '') : 'unreadable armor');
  }
  let count = 0;
  try {
    for (const packet of walkPackets(bytes, KEY_FRAMING)) {
      const expected = layout[count];
      if (expected === undefined) {
        throw keyError(
          half,
          `packet ${packet.index} (${packetName(packet.tag)}) follows a complete key; one key with one user ID and one encryption subkey is expected`,
        );
      }
      if (packet.tag !== expected) {
        throw keyError(
          half,
          `packet ${packet.index} is ${packetName(packet.tag)}, where ${packetName(expected)} belongs`,
        );
      }
      check(packet, count, (what) => keyError(half, `packet ${packet.index} (${packetName(packet.tag)}): ${what}`));
      count++;
    }
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'malformed_packets') throw keyError(half, error.message);
    throw error;
  }
  if (count < layout.length) {
    throw keyError(half, `it ends after ${count} packets; ${packetName(layout[count]!)} is missing`);
  }
  return bytes;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

interface PublicHalf {
  bytes: Uint8Array;
  /** Packet bodies by position, for the private half to match. */
  bodies: Uint8Array[];
  /** The latest key or signature time, in seconds. */
  latest: number;
  signatures: SignatureFields[];
}

/** The public half: exact key material, the fixed user ID, and self-signatures of the right kind. */
function readPublicHalf(armored: string): PublicHalf {
  const bodies: Uint8Array[] = [];
  const signatures: SignatureFields[] = [];
  let latest = 0;
  const bytes = readBlock(armored, 'PUBLIC KEY BLOCK', PUBLIC_LAYOUT, 'public', (packet, position, fail) => {
    // Key packets never carry partial lengths (the walk refuses them), so each body came whole.
    const body = packet.body!;
    bodies.push(body);
    if (position === 0 || position === 3) {
      latest = Math.max(latest, readPublicKeyBody(body, position === 0 ? 'primary' : 'subkey', fail).created);
    } else if (position === 1) {
      let name = '';
      try {
        name = fromUtf8(body);
      } catch {
        // not UTF-8: refused below like any other name
      }
      if (name !== REPORTER_USER_ID) {
        throw fail(`the user ID must be "${REPORTER_USER_ID}" (a user ID is stored in plaintext)`);
      }
    } else {
      const signature = readSignatureBody(body, fail);
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
      latest = Math.max(latest, signature.created);
      signatures.push(signature);
    }
  });
  return { bytes, bodies, latest, signatures };
}

/** The private half must be the same key: the same public fields, user ID and signatures, with protected secrets. */
function readSecretHalf(armored: string, publicHalf: PublicHalf): Uint8Array {
  return readBlock(armored, 'PRIVATE KEY BLOCK', SECRET_LAYOUT, 'private', (packet, position, fail) => {
    const body = packet.body!;
    const publicBody = publicHalf.bodies[position]!;
    if (position === 0 || position === 3) {
      const { publicFields } = readSecretKeyBody(body, position === 0 ? 'primary' : 'subkey', fail);
      if (!sameBytes(publicFields, publicBody)) throw fail('it does not belong to the reporter public key');
    } else if (!sameBytes(body, publicBody)) {
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
  const publicHalf = readPublicHalf(armoredPublicKey);
  const secretBytes = readSecretHalf(armoredPrivateKey, publicHalf);
  const { latest, signatures } = publicHalf;

  let key;
  try {
    key = await readKey({ binaryKey: publicHalf.bytes });
  } catch {
    // The structure passed, but the key material is not usable (a point OpenPGP.js refuses, say).
    throw keyError('public', 'OpenPGP.js cannot read it as a key');
  }
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
    armoredPrivateKey: writeArmor('PRIVATE KEY BLOCK', secretBytes),
  };
}
