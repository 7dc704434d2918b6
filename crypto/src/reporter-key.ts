import { readArmor, writeArmor, type ArmorType } from './armor';
import { fromUtf8, toHex } from './encoding';
import { CryptoError } from './errors';
import { asKeyId } from './fingerprint';
import {
  KEY_PAIR_LAYOUT,
  readPublicKeyBody,
  readSecretKeyBody,
  readSignatureBody,
  type HashName,
  type SignatureFields,
} from './key-packets';
import { packetName, walkPackets, type Packet } from './packets';
import { REPORTER_USER_ID } from './profile';
import type { Fingerprint, KeyId } from './types';

/**
 * The packets of a reporter key, in order: primary key, its one user ID and
 * that user ID's self-signature, the encryption subkey and its binding
 * signature. Nothing else: no second key, no second user ID, no revocation,
 * no user attribute, no trust packet.
 */
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
  /** Packet bodies by position, for the private half to match and for the signatures' hashes. */
  bodies: Uint8Array[];
  /** The primary key's Ed25519 public key (32 octets). */
  primaryPoint: Uint8Array;
  /** The user ID certification, then the subkey binding. */
  signatures: SignatureFields[];
}

/** The public half: exact key material, the fixed user ID, and self-signatures of the right kind. */
function readPublicHalf(armored: string): PublicHalf {
  const bodies: Uint8Array[] = [];
  const signatures: SignatureFields[] = [];
  let primaryPoint: Uint8Array = new Uint8Array(0);
  const bytes = readBlock(armored, 'PUBLIC KEY BLOCK', KEY_PAIR_LAYOUT.public, 'public', (packet, position, fail) => {
    // Key packets never carry partial lengths (the walk refuses them), so each body came whole.
    const body = packet.body!;
    bodies.push(body);
    if (position === 0 || position === 3) {
      const { point } = readPublicKeyBody(body, position === 0 ? 'primary' : 'subkey', fail);
      if (position === 0) primaryPoint = point;
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
      signatures.push(signature);
    }
  });
  return { bytes, bodies, primaryPoint, signatures };
}

/** The private half must be the same key: the same public fields, user ID and signatures, with protected secrets. */
function readSecretHalf(armored: string, publicHalf: PublicHalf): Uint8Array {
  return readBlock(armored, 'PRIVATE KEY BLOCK', KEY_PAIR_LAYOUT.secret, 'private', (packet, position, fail) => {
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
  /** The encryption subkey's key ID, the only key a report may name beyond the recipient set. */
  encryptionKeyId: KeyId;
  /** Both halves armored again from exactly their packets: no armor headers, nothing around them. */
  armoredPublicKey: string;
  armoredPrivateKey: string;
}

/**
 * The two primitives the signature check needs. Pure code cannot reach the
 * native ones, so the caller passes them: the server Node's own
 * (`backend/src/native-key-primitives.ts`: synchronous, no thread-pool job
 * per signature, about a quarter less CPU per key), anything else
 * WebCrypto's (`webCryptoKeyPrimitives`).
 */
export interface KeyCheckPrimitives {
  /** The digest of the parts, in order, as if concatenated. */
  digest(algorithm: 'sha1' | HashName, parts: readonly Uint8Array[]): Uint8Array | Promise<Uint8Array>;
  /**
   * Ed25519 (RFC 8032) under one 32-octet public key: for each `signature`
   * (R || S, 64 octets), whether it signs its `message`; all false if the key does not decode.
   */
  verifyEd25519(
    publicKey: Uint8Array,
    signed: readonly { message: Uint8Array; signature: Uint8Array }[],
  ): boolean[] | Promise<boolean[]>;
}

const WEB_DIGESTS = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

/** The same primitives through WebCrypto (browsers, Node): asynchronous, each call a round trip through a job queue. */
export const webCryptoKeyPrimitives: KeyCheckPrimitives = {
  async digest(algorithm, parts) {
    return new Uint8Array(await globalThis.crypto.subtle.digest(WEB_DIGESTS[algorithm], concatBytes(parts)));
  },
  async verifyEd25519(publicKey, signed) {
    const { subtle } = globalThis.crypto;
    const key = await subtle
      .importKey('raw', publicKey.slice(), { name: 'Ed25519' }, false, ['verify'])
      .catch(() => null);
    // A key that cannot be imported verifies nothing.
    if (!key) return signed.map(() => false);
    return Promise.all(
      signed.map(({ message, signature }) =>
        subtle.verify({ name: 'Ed25519' }, key, signature.slice(), message.slice()).catch(() => false),
      ),
    );
  },
};

function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const be = (value: number, octets: 2 | 4) =>
  Uint8Array.from({ length: octets }, (_, i) => (value >>> (8 * (octets - 1 - i))) & 0xff);
/** A key packet as signatures and fingerprints hash it (RFC 9580 §5.2.4): 0x99, a two-octet length, the body. */
const keyForHash = (body: Uint8Array) => [Uint8Array.of(0x99), be(body.length, 2), body];
/** A user ID as a certification hashes it: 0xB4, a four-octet length, the body. */
const userIdForHash = (body: Uint8Array) => [Uint8Array.of(0xb4), be(body.length, 4), body];

/**
 * Verifies the two self-signatures (RFC 9580 §5.2.4, v4): each hashes the
 * primary key, then the user ID (certification) or the subkey (binding), then
 * its own signed part and the v4 trailer; the digest's first two octets must
 * be the prefix the signer wrote, and the Ed25519 signature must verify over
 * the digest under the primary key (legacy EdDSA signs the digest).
 */
async function verifySelfSignatures(half: PublicHalf, primitives: KeyCheckPrimitives): Promise<void> {
  const [primary, userId, , subkey] = half.bodies as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const signed = [
    { what: 'the user ID certification', data: [...keyForHash(primary), ...userIdForHash(userId)] },
    { what: 'the subkey binding', data: [...keyForHash(primary), ...keyForHash(subkey)] },
  ];
  const digests: { message: Uint8Array; signature: Uint8Array }[] = [];
  for (const [i, signature] of half.signatures.entries()) {
    const { what, data } = signed[i]!;
    const trailer = [Uint8Array.of(4, 0xff), be(signature.hashed.length, 4)];
    const digest = await primitives.digest(signature.hashAlgorithm, [...data, signature.hashed, ...trailer]);
    if (digest[0] !== signature.hashPrefix[0] || digest[1] !== signature.hashPrefix[1]) {
      throw keyError('public', `its self-signatures do not verify (${what}: its hash prefix is wrong)`);
    }
    digests.push({ message: digest, signature: signature.signature });
  }
  const verified = await primitives.verifyEd25519(half.primaryPoint, digests);
  const failed = signed.find((_, i) => verified[i] !== true);
  if (failed) throw keyError('public', `its self-signatures do not verify (${failed.what})`);
}

/**
 * Checks a reporter key pair before the server stores it, reading the packet
 * framing and the few fields that matter strictly (see the layouts above and
 * `key-packets.ts`): every key and signature time a whole hour; the private
 * half the same key, its secrets passphrase-protected in a way GnuPG 2.2 reads.
 * Only then, on these few hundred well-formed octets with nothing compressed,
 * are the two self-signatures verified, from the fields this one reading kept
 * (no second parser: OpenPGP.js is not involved).
 */
export async function checkReporterKey(
  {
    armoredPublicKey,
    armoredPrivateKey,
  }: {
    armoredPublicKey: string;
    armoredPrivateKey: string;
  },
  primitives: KeyCheckPrimitives = webCryptoKeyPrimitives,
): Promise<CheckedReporterKey> {
  const publicHalf = readPublicHalf(armoredPublicKey);
  const secretBytes = readSecretHalf(armoredPrivateKey, publicHalf);

  const fingerprint = toHex(await primitives.digest('sha1', keyForHash(publicHalf.bodies[0]!))) as Fingerprint;
  const keyId = fingerprint.slice(-16);
  for (const { issuerKeyId, issuerFingerprint } of publicHalf.signatures) {
    const named = (issuerKeyId ?? keyId) === keyId && (issuerFingerprint ?? fingerprint) === fingerprint;
    if (!named || (issuerKeyId === null && issuerFingerprint === null)) {
      throw keyError('public', 'a self-signature does not name the primary key as its issuer');
    }
  }
  await verifySelfSignatures(publicHalf, primitives);
  // The subkey's v4 fingerprint is the SHA-1 of its packet as hashed; its key ID the last 64 bits.
  const subkeyFingerprint = toHex(await primitives.digest('sha1', keyForHash(publicHalf.bodies[3]!)));
  return {
    fingerprint,
    encryptionKeyId: asKeyId(subkeyFingerprint.slice(-16)),
    armoredPublicKey: writeArmor('PUBLIC KEY BLOCK', publicHalf.bytes),
    armoredPrivateKey: writeArmor('PRIVATE KEY BLOCK', secretBytes),
  };
}
