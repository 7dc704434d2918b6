import { ByteReader } from './byte-reader';
import { toHex } from './encoding';
import type { CryptoError } from './errors';
import { PacketTag } from './packets';

/**
 * Strict readers for the packet bodies a reporter key consists of (RFC 9580
 * §5.2, §5.5): exactly the fields the platform's profile writes, each
 * checked, and nothing after them. They parse structure only; the
 * signatures' cryptography is checked afterwards, on bytes proven to be this
 * small and this shape.
 */

type Fail = (what: string) => CryptoError;

const EDDSA_LEGACY = 22;
const ECDH = 18;
/** 1.3.6.1.4.1.11591.15.1 (Ed25519, legacy EdDSA) and 1.3.6.1.4.1.3029.1.5.1 (Curve25519, legacy ECDH). */
const ED25519_OID = '2b06010401da470f01';
const CV25519_OID = '2b060104019755010501';
/** A native curve point: 0x40 and 32 octets, 263 bits as an MPI. */
const NATIVE_POINT_BITS = 263;
const AES = new Set([7, 8, 9]);
/** SHA-256, SHA-384, SHA-512. */
const SHA2 = new Set([8, 9, 10]);
/** S2K usage 254: CFB with a SHA-1 checksum, the protection GnuPG 2.2 reads. */
const S2K_USAGE_CFB = 254;
const S2K_ITERATED_SALTED = 3;
const AES_BLOCK = 16;
/** The encrypted secret: an MPI of at most 32 octets (2 + 32) and the SHA-1 checksum (20). */
const MIN_ENCRYPTED_SECRET = 2 + 1 + 20;
const MAX_ENCRYPTED_SECRET = 2 + 32 + 20;
const HOUR_SECONDS = 3600;

export type KeyRole = 'primary' | 'subkey';
/**
 * Whose key is read. A reporter key's times are whole hours (nothing a
 * reporter does is dated finer); a reviewer key and the agency's
 * certification of it carry the exact time, which the audit log has anyway.
 */
export type KeyOwner = 'reporter' | 'reviewer';

function readTime(reader: ByteReader, what: string, fail: Fail, owner: KeyOwner): number {
  const seconds = reader.u32(what);
  if (owner === 'reporter' && seconds % HOUR_SECONDS !== 0) {
    throw fail(`its ${what} (${new Date(seconds * 1000).toISOString()}) is not a whole hour`);
  }
  return seconds;
}

/** The public fields of a v4 key packet: EdDSA (legacy) Ed25519 for the primary key, ECDH Curve25519 for the subkey. */
function readPublicFields(reader: ByteReader, role: KeyRole, fail: Fail, owner: KeyOwner): PublicKeyFields {
  const version = reader.u8('version');
  if (version !== 4) throw fail(`it is a version ${version} key; the platform accepts version 4`);
  const created = readTime(reader, 'creation time', fail, owner);
  const algorithm = reader.u8('algorithm');
  const [wantAlgorithm, wantOid, name] =
    role === 'primary'
      ? [EDDSA_LEGACY, ED25519_OID, 'EdDSA (legacy) on Ed25519']
      : [ECDH, CV25519_OID, 'ECDH on Curve25519'];
  if (algorithm !== wantAlgorithm) throw fail(`algorithm ${algorithm}; a ${owner} ${role} key is ${name}`);
  const oid = toHex(reader.take(reader.u8('curve OID length'), 'curve OID'));
  if (oid !== wantOid) throw fail(`curve OID ${oid}; a ${owner} ${role} key is ${name}`);
  const point = reader.mpi(NATIVE_POINT_BITS, 'public point');
  if (point.length !== 33 || point[0] !== 0x40) throw fail('its public point is not a native Curve25519 point');
  if (role === 'subkey') {
    const kdf = reader.take(reader.u8('KDF parameters length'), 'KDF parameters');
    if (kdf.length !== 3 || kdf[0] !== 1 || !SHA2.has(kdf[1]!) || !AES.has(kdf[2]!)) {
      throw fail('its KDF parameters are not SHA-2 with AES');
    }
  }
  return { created, point: point.subarray(1) };
}

export interface PublicKeyFields {
  /** Creation time, in seconds. */
  created: number;
  /** The 32 octets of the native point, without its 0x40 prefix: for the primary key, the Ed25519 public key. */
  point: Uint8Array;
}

export function readPublicKeyBody(
  body: Uint8Array,
  role: KeyRole,
  fail: Fail,
  owner: KeyOwner = 'reporter',
): PublicKeyFields {
  const reader = new ByteReader(body, fail);
  const fields = readPublicFields(reader, role, fail, owner);
  reader.end('public key fields');
  return fields;
}

/**
 * A secret key packet: the public fields (returned, to compare with the
 * public key), then secret material protected the way GnuPG 2.2 reads:
 * iterated and salted S2K, AES in CFB mode with a SHA-1 checksum. Any
 * iteration count is accepted (the platform's own keys use the smallest).
 */
export function readSecretKeyBody(
  body: Uint8Array,
  role: KeyRole,
  fail: Fail,
  owner: KeyOwner = 'reporter',
): { publicFields: Uint8Array } {
  const reader = new ByteReader(body, fail);
  readPublicFields(reader, role, fail, owner);
  const publicFields = body.subarray(0, body.length - reader.remaining);
  const usage = reader.u8('S2K usage');
  if (usage !== S2K_USAGE_CFB) {
    const why: Record<number, string> = {
      0: 'its secret is not protected by a passphrase',
      253: 'its secret is AEAD-protected, which GnuPG 2.2 cannot read',
      255: 'its secret is protected with a checksum only (malleable)',
    };
    throw fail(why[usage] ?? `its secret uses legacy protection (S2K usage ${usage})`);
  }
  const cipher = reader.u8('cipher');
  if (!AES.has(cipher)) throw fail(`its secret is encrypted with cipher ${cipher}; AES is expected`);
  const s2k = reader.u8('S2K type');
  if (s2k !== S2K_ITERATED_SALTED) {
    const why: Record<number, string> = {
      0: 'its passphrase is used without salt (simple S2K)',
      1: 'its passphrase is used without iteration (salted S2K)',
      4: 'its passphrase uses Argon2, which GnuPG 2.2 cannot read',
      101: 'it is a GnuPG stub without secret material',
    };
    throw fail(why[s2k] ?? `unknown S2K type ${s2k}`);
  }
  const hash = reader.u8('S2K hash');
  if (!SHA2.has(hash)) throw fail(`its S2K hash is algorithm ${hash}; SHA-2 is expected`);
  reader.take(8 + 1 + AES_BLOCK, 'S2K salt, count and IV');
  const encrypted = reader.remaining;
  if (encrypted < MIN_ENCRYPTED_SECRET || encrypted > MAX_ENCRYPTED_SECRET) {
    throw fail(`its encrypted secret is ${encrypted} octets, not ${MIN_ENCRYPTED_SECRET}–${MAX_ENCRYPTED_SECRET}`);
  }
  return { publicFields };
}

export interface SignatureFields {
  type: number;
  created: number;
  keyFlags: number | null;
  issuerKeyId: string | null;
  issuerFingerprint: string | null;
  /** What its cryptography is checked with (RFC 9580 §5.2.4), kept from this one reading of the body. */
  hashAlgorithm: HashName;
  /** The signed part: version, type, algorithms and the hashed subpacket area, as they stand in the body. */
  hashed: Uint8Array;
  /** The digest's left 16 bits, as the signer wrote them. */
  hashPrefix: Uint8Array;
  /** The Ed25519 signature R || S, each value left-padded to 32 octets (legacy EdDSA writes them as MPIs). */
  signature: Uint8Array;
}

export type HashName = 'sha256' | 'sha384' | 'sha512';
/** SHA-2 only: EdDSA on Ed25519 needs at least 256 bits of digest (RFC 9580 §5.2.3.3). */
const HASH_NAMES: Record<number, HashName> = { 8: 'sha256', 9: 'sha384', 10: 'sha512' };

interface SubpacketRule {
  name: string;
  min: number;
  max: number;
  /** Each octet of a preference list must name a known algorithm. */
  each?: (octet: number) => boolean;
}

/**
 * The subpackets OpenPGP.js writes into a v4 self-signature under the
 * reporter key profile; nothing else is accepted, so no subpacket (a
 * notation, a URI, a signer's user ID) can carry text.
 */
const HASHED_SUBPACKETS: Record<number, SubpacketRule> = {
  2: { name: 'signature creation time', min: 4, max: 4 },
  11: { name: 'preferred ciphers', min: 1, max: 8, each: (a) => a >= 1 && a <= 13 },
  16: { name: 'issuer key ID', min: 8, max: 8 },
  21: { name: 'preferred hashes', min: 1, max: 8, each: (a) => a >= 1 && a <= 14 },
  22: { name: 'preferred compression', min: 1, max: 4, each: (a) => a <= 3 },
  25: { name: 'primary user ID', min: 1, max: 1, each: (a) => a <= 1 },
  27: { name: 'key flags', min: 1, max: 2 },
  30: { name: 'features', min: 1, max: 2 },
  33: { name: 'issuer fingerprint', min: 21, max: 21 },
};
/** gpg writes the issuer key ID outside the signed part; OpenPGP.js writes nothing there. */
const UNHASHED_SUBPACKETS: Record<number, SubpacketRule> = { 16: HASHED_SUBPACKETS[16]! };
const MAX_HASHED_AREA = 256;
/** Version, type, public-key and hash algorithms, and the hashed area's two-octet length. */
const SIGNATURE_HEADER = 6;
const MAX_UNHASHED_AREA = 16;

function readSubpackets(
  area: Uint8Array,
  rules: Record<number, SubpacketRule>,
  where: string,
  fail: Fail,
  fields: SignatureFields,
  owner: KeyOwner,
) {
  const reader = new ByteReader(area, fail);
  const seen = new Set<number>();
  while (reader.remaining > 0) {
    const first = reader.u8('subpacket length');
    let length: number;
    if (first < 192) length = first;
    else if (first < 255) length = ((first - 192) << 8) + reader.u8('subpacket length') + 192;
    else length = reader.u32('subpacket length');
    if (length < 1) throw fail(`a subpacket in its ${where} area is empty`);
    const type = reader.u8('subpacket type') & 0x7f;
    const data = reader.take(length - 1, 'subpacket');
    const rule = rules[type];
    if (!rule) throw fail(`subpacket type ${type} in its ${where} area is not accepted`);
    if (seen.has(type)) throw fail(`its ${where} area repeats the ${rule.name} subpacket`);
    seen.add(type);
    if (data.length < rule.min || data.length > rule.max || (rule.each && !data.every(rule.each))) {
      throw fail(`its ${rule.name} subpacket is malformed`);
    }
    if (type === 2) {
      const seconds = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
      if (owner === 'reporter' && seconds % HOUR_SECONDS !== 0) {
        throw fail(`its creation time (${new Date(seconds * 1000).toISOString()}) is not a whole hour`);
      }
      fields.created = seconds;
    }
    if (type === 27) fields.keyFlags = data[0]!;
    if (type === 16) fields.issuerKeyId = toHex(data);
    if (type === 33) fields.issuerFingerprint = data[0] === 4 ? toHex(data.subarray(1)) : 'not v4';
  }
}

/** A v4 EdDSA self-signature: its fields, with every subpacket checked against the allow-list above. */
export function readSignatureBody(body: Uint8Array, fail: Fail, owner: KeyOwner = 'reporter'): SignatureFields {
  const reader = new ByteReader(body, fail);
  const version = reader.u8('version');
  if (version !== 4) throw fail(`it is a version ${version} signature; version 4 is expected`);
  const type = reader.u8('signature type');
  const algorithm = reader.u8('algorithm');
  if (algorithm !== EDDSA_LEGACY) throw fail(`algorithm ${algorithm}; EdDSA (legacy) is expected`);
  const hash = reader.u8('hash algorithm');
  const hashAlgorithm = HASH_NAMES[hash];
  if (!hashAlgorithm) throw fail(`hash algorithm ${hash}; SHA-2 is expected`);
  const hashedLength = reader.u16('hashed area length');
  if (hashedLength > MAX_HASHED_AREA)
    throw fail(`its hashed area is ${hashedLength} octets (at most ${MAX_HASHED_AREA})`);
  const fields: SignatureFields = {
    type,
    created: -1,
    keyFlags: null,
    issuerKeyId: null,
    issuerFingerprint: null,
    hashAlgorithm,
    hashed: body.subarray(0, SIGNATURE_HEADER + hashedLength),
    hashPrefix: new Uint8Array(0),
    signature: new Uint8Array(64),
  };
  readSubpackets(reader.take(hashedLength, 'hashed area'), HASHED_SUBPACKETS, 'hashed', fail, fields, owner);
  if (fields.created < 0) throw fail('it has no creation time');
  const unhashedLength = reader.u16('unhashed area length');
  if (unhashedLength > MAX_UNHASHED_AREA) {
    throw fail(`its unhashed area is ${unhashedLength} octets (at most ${MAX_UNHASHED_AREA})`);
  }
  readSubpackets(reader.take(unhashedLength, 'unhashed area'), UNHASHED_SUBPACKETS, 'unhashed', fail, fields, owner);
  fields.hashPrefix = reader.take(2, 'hash prefix');
  // An MPI drops leading zero octets; Ed25519 wants R and S at their full 32 (RFC 9580 §5.2.3.3).
  const r = reader.mpi(256, 'signature value r');
  const s = reader.mpi(256, 'signature value s');
  fields.signature.set(r, 32 - r.length);
  fields.signature.set(s, 64 - s.length);
  reader.end('signature values');
  return fields;
}

/**
 * The packets of a key pair the platform makes (reporter and reviewer keys alike), in order: primary key, its one
 * user ID and that user ID's self-signature, the encryption subkey and its binding signature. Nothing else.
 */
export const KEY_PAIR_LAYOUT = {
  public: [PacketTag.publicKey, PacketTag.userId, PacketTag.signature, PacketTag.publicSubkey, PacketTag.signature],
  secret: [PacketTag.secretKey, PacketTag.userId, PacketTag.signature, PacketTag.secretSubkey, PacketTag.signature],
} as const;
