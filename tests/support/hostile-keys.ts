import { decryptKey, enums, generateKey, readPrivateKey, revokeKey, type PartialConfig } from 'openpgp';

import { REPORTER_KEY_CONFIG, REPORTER_USER_ID, reporterKeyDate } from '../../crypto/src/profile';
import {
  armorBlock,
  canaryBytes,
  CANARY,
  concat,
  newPacket,
  repeat,
  splitPackets,
  unarmorBlock,
  type SeededRandom,
} from './openpgp-bytes';

/** Hostile reporter key pairs: each must be refused (400 `invalid_reporter_key`) with a message naming why. */
export interface HostileKey {
  name: string;
  armoredPublicKey: string;
  armoredPrivateKey: string;
  names?: RegExp;
}

export interface KeyPair {
  armoredPublicKey: string;
  armoredPrivateKey: string;
}

export const KEY_PASSPHRASE = 'reporter passphrase for hostile tests';

/** A key made as the product makes it, with options changed: the realistic way to get a wrong key. */
export async function makeReporterKey(
  options: { userIDs?: { name: string; email?: string }[]; date?: Date; config?: PartialConfig; extra?: object } = {},
): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: options.userIDs ?? [{ name: REPORTER_USER_ID }],
    passphrase: KEY_PASSPHRASE,
    date: options.date ?? reporterKeyDate(),
    format: 'armored',
    config: { ...REPORTER_KEY_CONFIG, ...options.config },
    ...options.extra,
  } as Parameters<typeof generateKey>[0] & { format: 'armored' });
  return { armoredPublicKey: publicKey, armoredPrivateKey: privateKey };
}

/** Rewrites a v4 signature body's subpacket areas. */
export function editSignature(
  body: Uint8Array,
  edit: { hashed?: (area: Uint8Array) => Uint8Array; unhashed?: (area: Uint8Array) => Uint8Array },
): Uint8Array {
  const view = Buffer.from(body);
  const hashedLength = view.readUInt16BE(4);
  const hashed = body.subarray(6, 6 + hashedLength);
  const unhashedLength = view.readUInt16BE(6 + hashedLength);
  const unhashed = body.subarray(8 + hashedLength, 8 + hashedLength + unhashedLength);
  const rest = body.subarray(8 + hashedLength + unhashedLength);
  const newHashed = edit.hashed ? edit.hashed(hashed) : hashed;
  const newUnhashed = edit.unhashed ? edit.unhashed(unhashed) : unhashed;
  const u16 = (n: number) => Uint8Array.of(n >> 8, n & 255);
  return concat(body.subarray(0, 4), u16(newHashed.length), newHashed, u16(newUnhashed.length), newUnhashed, rest);
}

const subpacket = (type: number, data: Uint8Array) => concat(Uint8Array.of(data.length + 1, type), data);

/** A notation (type 20): flags, name length, value length, name, value. */
function notation(name: string, value: Uint8Array): Uint8Array {
  const nameBytes = Buffer.from(name);
  const header = Uint8Array.of(0x80, 0, 0, 0, 0, nameBytes.length, value.length >> 8, value.length & 255);
  return subpacket(20, concat(header, nameBytes, value));
}

function replaceBytes(body: Uint8Array, find: number[], replace: number[]): Uint8Array {
  const hex = Buffer.from(body).toString('hex');
  const from = Buffer.from(find).toString('hex');
  const at = hex.indexOf(from);
  if (at < 0 || at % 2 !== 0) throw new Error(`setup: ${from} not found`);
  return new Uint8Array(
    Buffer.from(hex.slice(0, at) + Buffer.from(replace).toString('hex') + hex.slice(at + from.length), 'hex'),
  );
}

/** `base` is a valid pair as the product makes it, `passphrase` its passphrase. */
export async function hostileKeys(base: KeyPair, passphrase: string, random: SeededRandom): Promise<HostileKey[]> {
  const publicBytes = await unarmorBlock(base.armoredPublicKey);
  const secretBytes = await unarmorBlock(base.armoredPrivateKey);
  const pub = splitPackets(publicBytes);
  const sec = splitPackets(secretBytes);
  if (pub.map((p) => p.tag).join() !== '6,13,2,14,2' || sec.map((p) => p.tag).join() !== '5,13,2,7,2') {
    throw new Error('setup: the product key is not primary, user ID, signature, subkey, signature');
  }
  const other = await makeReporterKey();
  const otherPub = splitPackets(await unarmorBlock(other.armoredPublicKey));
  const cases: HostileKey[] = [];
  const add = (name: string, pair: Partial<KeyPair>, names?: RegExp) =>
    cases.push({ name, ...base, ...pair, ...(names ? { names } : {}) });
  const pubArmor = (...packets: Uint8Array[]) => armorBlock('publicKey', concat(...packets));
  const secArmor = (...packets: Uint8Array[]) => armorBlock('privateKey', concat(...packets));
  /** Both halves with packet `index` (0-based) replaced by a new body, or with packets inserted before it. */
  const bothWith = (index: number, body: Uint8Array | null, insert: Uint8Array[] = []) => {
    const rebuild = (packets: typeof pub) =>
      packets.flatMap((p, i) => (i === index ? [...insert, body ? newPacket(p.tag, body) : p.raw] : [p.raw]));
    return { armoredPublicKey: pubArmor(...rebuild(pub)), armoredPrivateKey: secArmor(...rebuild(sec)) };
  };
  const secretWith = (index: number, body: Uint8Array) =>
    secArmor(...sec.map((p, i) => (i === index ? newPacket(p.tag, body) : p.raw)));
  const withByte = (body: Uint8Array, at: number, value: number) => {
    const copy = body.slice();
    copy[at] = value;
    return copy;
  };

  // What the issue saw stored as sent.
  add(
    'a second key in the public key block',
    { armoredPublicKey: pubArmor(publicBytes, ...otherPub.map((p) => p.raw)) },
    /follows a complete key/,
  );
  add(
    'a second key in the private key block',
    { armoredPrivateKey: secArmor(secretBytes, secretBytes) },
    /follows a complete key/,
  );
  add(
    'text before the public key armor',
    { armoredPublicKey: `${CANARY}\n${base.armoredPublicKey}` },
    /nothing before/,
  );
  add(
    'text after the private key armor',
    { armoredPrivateKey: `${base.armoredPrivateKey}\n${CANARY}` },
    /nothing after/,
  );
  add('NUL octets after the public key armor', { armoredPublicKey: `${base.armoredPublicKey}\u0000\u0000` }, /code 0/);
  add(
    'NUL octets inside the private key base64',
    { armoredPrivateKey: base.armoredPrivateKey.replace('\n\n', '\n\n\u0000') },
    /code 0/,
  );
  add(
    'an unknown armor header carrying a name',
    { armoredPublicKey: base.armoredPublicKey.replace('\n\n', `\nX-Name: ${CANARY}\n\n`) },
    /X-Name/,
  );
  add(
    'a wrong armor checksum on the private key',
    { armoredPrivateKey: base.armoredPrivateKey.replace(/\n=[A-Za-z0-9+/]{4}\n/, '\n=AAAA\n') },
    /checksum/,
  );

  // Key material the server must never hold, or halves that do not match.
  const unlocked = await decryptKey({
    privateKey: await readPrivateKey({ armoredKey: base.armoredPrivateKey }),
    passphrase,
  });
  add('an unprotected private key', { armoredPrivateKey: unlocked.armor() }, /not protected/);
  add('halves of two different keys', { armoredPrivateKey: other.armoredPrivateKey }, /does not belong/);
  add('the private key in the public key field', { armoredPublicKey: base.armoredPrivateKey }, /PUBLIC KEY BLOCK/);
  add('secret key packets armored as a public key block', { armoredPublicKey: pubArmor(secretBytes) }, /secret key/);
  add('public key packets armored as a private key block', { armoredPrivateKey: secArmor(publicBytes) }, /public key/);
  add(
    'only the primary secret key protected',
    { armoredPrivateKey: secretWith(3, withByte(sec[3]!.body, 56, 0)) },
    /not protected/,
  );
  add(
    'a key made with AEAD preferences and AEAD-protected secrets',
    await makeReporterKey({ config: { aeadProtect: true } }),
    /subpacket type/,
  );
  add(
    'AEAD-protected secrets (GnuPG 2.2 cannot read them)',
    { armoredPrivateKey: secretWith(0, withByte(sec[0]!.body, 51, 253)) },
    /AEAD/,
  );
  add(
    'an Argon2 passphrase (GnuPG 2.2 cannot read it)',
    { armoredPrivateKey: secretWith(0, withByte(sec[0]!.body, 53, enums.s2k.argon2)) },
    /Argon2/,
  );
  add(
    'secrets protected by a checksum only (S2K usage 255)',
    { armoredPrivateKey: secretWith(0, withByte(sec[0]!.body, 51, 255)) },
    /checksum only/,
  );
  add(
    'a passphrase without salt (simple S2K)',
    { armoredPrivateKey: secretWith(0, withByte(sec[0]!.body, 53, 0)) },
    /without salt/,
  );
  add(
    'a GnuPG stub without secret material',
    { armoredPrivateKey: secretWith(0, withByte(sec[0]!.body, 53, 101)) },
    /stub/,
  );
  add('secrets encrypted with CAST5', { armoredPrivateKey: secretWith(0, withByte(sec[0]!.body, 52, 3)) }, /cipher 3/);

  // Plaintext in the key's own packets.
  add(
    'a second user ID with a name and an e-mail address',
    await makeReporterKey({ userIDs: [{ name: REPORTER_USER_ID }, { name: 'Ivan Petrov', email: 'ivan@example.kz' }] }),
    /user ID/,
  );
  add(
    'a user ID that names the reporter',
    await makeReporterKey({ userIDs: [{ name: 'Ivan Petrov', email: 'ivan@example.kz' }] }),
    /user ID must be/,
  );
  add('a 10 000-octet user ID', bothWith(1, canaryBytes(10_000)), /user ID must be/);
  add(
    'a user attribute packet (a photo)',
    bothWith(3, null, [newPacket(17, concat(Uint8Array.of(0xff, 0xff, 0x01), canaryBytes(2000)))]),
    /user attribute/,
  );
  add(
    'a notation with plaintext in the user ID self-signature',
    bothWith(
      2,
      editSignature(pub[2]!.body, { hashed: (a) => concat(a, notation('name@example.kz', canaryBytes(80))) }),
    ),
    /subpacket type 20/,
  );
  add(
    'plaintext in an unhashed subpacket',
    bothWith(4, editSignature(pub[4]!.body, { unhashed: () => subpacket(100, canaryBytes(12)) })),
    /unhashed/,
  );
  add(
    'an unhashed area of 2 KB',
    bothWith(2, editSignature(pub[2]!.body, { unhashed: () => canaryBytes(2048) })),
    /unhashed area/,
  );
  add(
    'a repeated preference subpacket',
    bothWith(2, editSignature(pub[2]!.body, { hashed: (a) => concat(a, subpacket(11, Uint8Array.of(9, 7))) })),
    /repeats/,
  );
  add(
    'a trust packet after the key',
    { armoredPublicKey: pubArmor(publicBytes, newPacket(12, Uint8Array.of(0, 0x78))) },
    /trust/,
  );
  add('a revocation signature', await revoked(base, passphrase), /signature/);
  add(
    'a compressed packet in the key block',
    {
      armoredPublicKey: pubArmor(newPacket(8, concat(Uint8Array.of(0), newPacket(11, canaryBytes(100)))), publicBytes),
    },
    /compressed/,
  );
  add(
    '2 000 marker packets before the key',
    { armoredPublicKey: pubArmor(repeat(newPacket(10, Uint8Array.of(0x50, 0x47, 0x50)), 2000), publicBytes) },
    /marker/,
  );

  // Times finer than the hour, and keys of another kind.
  add(
    'key and signature times that are not whole hours',
    await makeReporterKey({ date: new Date('2026-11-25T10:30:15Z') }),
    /whole hour/,
  );
  add(
    'a signature time that is not a whole hour',
    bothWith(2, replaceBytes(pub[2]!.body, [...pub[0]!.body.subarray(1, 5)], [...pub[0]!.body.subarray(1, 4), 7])),
    /whole hour/,
  );
  add('a key that expires', await makeReporterKey({ extra: { keyExpirationTime: 7200 } }), /subpacket type 9/);
  add('an ECDSA P-256 key', await makeReporterKey({ extra: { curve: 'nistP256' } }), /algorithm 19/);
  add(
    'a version 6 key',
    await makeReporterKey({ config: { v6Keys: true }, extra: { type: 'curve25519' } }),
    /version 6/,
  );
  add(
    'a version 3 key packet',
    { armoredPublicKey: pubArmor(newPacket(6, withByte(pub[0]!.body, 0, 3)), ...pub.slice(1).map((p) => p.raw)) },
    /version 3/,
  );
  add(
    'a signing subkey beside the encryption subkey',
    await makeReporterKey({ extra: { subkeys: [{}, { sign: true }] } }),
    /follows a complete key/,
  );
  add(
    'a subkey flagged for signing',
    bothWith(4, replaceBytes(pub[4]!.body, [0x02, 0x9b, 0x0c], [0x02, 0x9b, 0x02])),
    /encryption only/,
  );

  // Signatures: structure right, cryptography or issuer wrong.
  const sig = pub[2]!.body;
  add(
    'a self-signature that does not verify',
    bothWith(2, withByte(sig, sig.length - 1, sig[sig.length - 1]! ^ 1)),
    /do not verify/,
  );
  add('a binding signature made by another key', bothWith(4, otherPub[4]!.body), /issuer/);

  // Framing.
  add(
    'a truncated public key',
    { armoredPublicKey: pubArmor(publicBytes.subarray(0, publicBytes.length - 7)) },
    /cut short/,
  );
  add(
    'a key block with the subkey missing',
    { armoredPublicKey: pubArmor(...pub.slice(0, 3).map((p) => p.raw)) },
    /missing/,
  );
  add(
    'an empty public key block',
    { armoredPublicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n' },
    /no data/,
  );
  for (let i = 0; i < 3; i++) {
    add(`random octets in place of the public key #${i + 1}`, {
      armoredPublicKey: pubArmor(random.bytes(random.int(1, 3000))),
    });
  }
  return cases;
}

async function revoked(base: KeyPair, passphrase: string): Promise<Partial<KeyPair>> {
  const privateKey = await decryptKey({
    privateKey: await readPrivateKey({ armoredKey: base.armoredPrivateKey }),
    passphrase,
  });
  const { publicKey } = await revokeKey({ key: privateKey, date: reporterKeyDate(), format: 'armored' });
  return { armoredPublicKey: publicKey };
}
