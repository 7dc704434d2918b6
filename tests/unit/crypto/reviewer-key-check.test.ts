import { readKey } from 'openpgp';

import { generateAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { certifyReviewerKey, generateReviewerKey } from '../../../crypto/src/reviewer-key';
import { checkCertifiedReviewerKey, checkReviewerKey } from '../../../crypto/src/reviewer-key-check';
import { editSignature } from '../../support/hostile-keys';
import {
  armorBlock,
  concat,
  newPacket,
  splitPackets,
  unarmorBlock,
  type BlockType,
  type SplitPacket,
} from '../../support/openpgp-bytes';

/**
 * The server's strict reading of reviewer keys (crypto/src/reviewer-key-check.ts), refusal by refusal: real
 * keys made as the console makes them, with octets changed, each refused in its own words (a refusal for
 * another reason, as a layout error instead of a forged issuer, would hide that the check itself is gone).
 * The accepted keys are checked for what the server then stores and serves.
 */
const PASSPHRASE = 'reviewer key passphrase, strict check tests';
const AGENCY_PASSPHRASE = 'agency passphrase, strict check tests';
/** Positions in the uploaded layout: primary key, user ID, its self-signature, subkey, its binding. */
const PRIMARY = 0;
const USER_ID = 1;
const SELF_SIGNATURE = 2;
const SUBKEY = 3;
const BINDING = 4;
/** Position of the agency's certification in a certified key (after the self-signature). */
const CERTIFICATION = 3;

interface Pair {
  armoredPublicKey: string;
  armoredPrivateKey: string;
}

const rebuild = (type: BlockType, packets: SplitPacket[], edit: (packet: SplitPacket, i: number) => Uint8Array) =>
  armorBlock(type, concat(...packets.map(edit)));

/** Packet `index` of both halves with its body edited alike (a key packet's public fields lead its secret packet). */
function editBoth(pub: SplitPacket[], sec: SplitPacket[], index: number, edit: (body: Uint8Array) => Uint8Array) {
  const one = (packet: SplitPacket, i: number) =>
    i === index ? newPacket(packet.tag, edit(packet.body.slice())) : packet.raw;
  return { armoredPublicKey: rebuild('publicKey', pub, one), armoredPrivateKey: rebuild('privateKey', sec, one) };
}

/** A v4 signature body with subpacket `type` of its hashed area replaced by `data`, or removed (null). */
function withSubpacket(body: Uint8Array, type: number, data: Uint8Array | null): Uint8Array {
  return editSignature(body, {
    hashed: (area) => {
      const parts: Uint8Array[] = [];
      let found = false;
      for (let at = 0; at < area.length;) {
        const length = area[at]!; // one-octet lengths, as OpenPGP.js writes them
        const sub = area.subarray(at, at + 1 + length);
        if ((sub[1]! & 0x7f) === type) {
          found = true;
          if (data) parts.push(Uint8Array.of(data.length + 1, type), data);
        } else parts.push(sub);
        at += 1 + length;
      }
      if (!found) throw new Error(`setup: no subpacket ${type}`);
      return concat(...parts);
    },
  });
}

const setType = (type: number) => (body: Uint8Array) => {
  body[1] = type;
  return body;
};
const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

async function outcome(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
    return 'accepted';
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code}: ${message}`;
  }
}

let base: Pair & { fingerprint: string };
let other: Pair & { fingerprint: string };
let pub: SplitPacket[];
let sec: SplitPacket[];
let otherSec: SplitPacket[];
let otherPub: SplitPacket[];
let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
let certified: string;
let certifiedPackets: SplitPacket[];
beforeAll(async () => {
  [base, other, agency] = await Promise.all([
    generateReviewerKey({ passphrase: PASSPHRASE }),
    generateReviewerKey({ passphrase: PASSPHRASE }),
    generateAgencyKey({ agencyName: 'Strict check agency', passphrase: AGENCY_PASSPHRASE }),
  ]);
  pub = splitPackets(await unarmorBlock(base.armoredPublicKey));
  sec = splitPackets(await unarmorBlock(base.armoredPrivateKey));
  otherSec = splitPackets(await unarmorBlock(other.armoredPrivateKey));
  otherPub = splitPackets(await unarmorBlock(other.armoredPublicKey));
  const agencyPrivateKey = await unlockPrivateKey({
    armoredPrivateKey: agency.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
  });
  ({ armoredCertifiedKey: certified } = await certifyReviewerKey({
    armoredReviewerKey: base.armoredPublicKey,
    agencyPrivateKey,
  }));
  certifiedPackets = splitPackets(await unarmorBlock(certified));
});

const check = (pair: Pair) => outcome(() => checkReviewerKey(pair));

describe('a reviewer key pair as uploaded at the first login', () => {
  it('is accepted as made, and stored armored again from exactly its packets (no armor header kept)', async () => {
    const withHeader = (armored: string) => armored.replace(/\n\n/, '\nComment: kept nowhere\n\n');
    const checked = await checkReviewerKey({
      armoredPublicKey: withHeader(base.armoredPublicKey),
      armoredPrivateKey: withHeader(base.armoredPrivateKey),
    });
    const key = await readKey({ armoredKey: base.armoredPublicKey });
    expect(checked.fingerprint).toBe(base.fingerprint);
    expect(checked.encryptionKeyIds).toEqual([(await key.getEncryptionKey()).getKeyID().toHex()]);
    expect(checked.armoredPublicKey).not.toContain('Comment');
    expect(await unarmorBlock(checked.armoredPublicKey)).toEqual(await unarmorBlock(base.armoredPublicKey));
    expect(checked.armoredPublicKey).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    expect(checked.armoredPrivateKey).not.toContain('Comment');
    expect(await unarmorBlock(checked.armoredPrivateKey)).toEqual(await unarmorBlock(base.armoredPrivateKey));
    expect(checked.armoredPrivateKey).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
  });

  const refusals: [string, () => Pair, string][] = [
    [
      'the two halves swapped (armor of the wrong type)',
      () => ({ armoredPublicKey: base.armoredPrivateKey, armoredPrivateKey: base.armoredPublicKey }),
      'invalid_key: The reviewer key: Expected a -----BEGIN PGP PUBLIC KEY BLOCK----- block, not PGP PRIVATE KEY BLOCK.',
    ],
    [
      'a second user ID after the complete key',
      () => ({
        ...base,
        armoredPublicKey: armorBlock('publicKey', concat(...pub.map((p) => p.raw), pub[USER_ID]!.raw)),
      }),
      'invalid_key: The reviewer key: packet 6 (user ID) follows a complete key.',
    ],
    [
      'the subkey where the user ID belongs',
      () => ({
        ...base,
        armoredPublicKey: armorBlock('publicKey', concat(pub[PRIMARY]!.raw, pub[SUBKEY]!.raw, pub[BINDING]!.raw)),
      }),
      'invalid_key: The reviewer key: packet 2 is public subkey, where user ID belongs.',
    ],
    [
      'a key without its subkey',
      () => ({
        ...base,
        armoredPublicKey: armorBlock('publicKey', concat(...pub.slice(0, SUBKEY).map((p) => p.raw))),
      }),
      'invalid_key: The reviewer key: it ends after 3 packets; public subkey is missing.',
    ],
    [
      'a packet cut short in its framing',
      () => ({
        ...base,
        armoredPublicKey: armorBlock(
          'publicKey',
          concat(...pub.map((p) => p.raw)).subarray(0, pub[PRIMARY]!.raw.length + 3),
        ),
      }),
      'invalid_key: The reviewer key: Packet 2 (at byte 53): cut short in its body.',
    ],
    [
      'another user ID',
      () => editBoth(pub, sec, USER_ID, () => new TextEncoder().encode('Ivan Petrov <ivan@example.kz>')),
      'invalid_key: The reviewer key: packet 2 (user ID): the user ID must be "Whistle412 reviewer" (reporters\' browsers see it).',
    ],
    [
      'a user ID that is not UTF-8',
      () => editBoth(pub, sec, USER_ID, () => Uint8Array.of(0xff, 0xfe, 0x80)),
      'invalid_key: The reviewer key: packet 2 (user ID): the user ID must be "Whistle412 reviewer" (reporters\' browsers see it).',
    ],
    [
      'a self-signature of type 0x1f (a direct-key signature)',
      () => editBoth(pub, sec, SELF_SIGNATURE, setType(0x1f)),
      'invalid_key: The reviewer key: packet 3 (signature): signature type 0x1f is not a user ID self-certification.',
    ],
    [
      'a self-signature without the certify flag',
      () => editBoth(pub, sec, SELF_SIGNATURE, (b) => withSubpacket(b, 27, Uint8Array.of(0x02))),
      'invalid_key: The reviewer key: packet 3 (signature): its key flags do not let the primary key certify.',
    ],
    [
      'a self-signature without key flags',
      () => editBoth(pub, sec, SELF_SIGNATURE, (b) => withSubpacket(b, 27, null)),
      'invalid_key: The reviewer key: packet 3 (signature): its key flags do not let the primary key certify.',
    ],
    [
      'a subkey binding of type 0x13',
      () => editBoth(pub, sec, BINDING, setType(0x13)),
      'invalid_key: The reviewer key: packet 5 (signature): signature type 0x13 is not a subkey binding.',
    ],
    ...[
      ['without key flags', null],
      ['with key flags 0', Uint8Array.of(0)],
      ['flagged for signing too', Uint8Array.of(0x0c | 0x02)],
      ['flagged for certifying too', Uint8Array.of(0x0c | 0x01)],
    ].map(
      ([what, flags]) =>
        [
          `a subkey binding ${what as string}`,
          () => editBoth(pub, sec, BINDING, (b) => withSubpacket(b, 27, flags as Uint8Array | null)),
          'invalid_key: The reviewer key: packet 5 (signature): the subkey must be flagged for encryption only.',
        ] as [string, () => Pair, string],
    ),
    [
      'the private half of another key',
      () => ({ ...base, armoredPrivateKey: other.armoredPrivateKey }),
      'invalid_key: The reviewer key: packet 1 (secret key): it does not belong to the reviewer public key.',
    ],
    [
      'a private half whose subkey is another key’s',
      () => ({
        ...base,
        armoredPrivateKey: rebuild('privateKey', sec, (p, i) => (i === SUBKEY ? otherSec[SUBKEY]!.raw : p.raw)),
      }),
      'invalid_key: The reviewer key: packet 4 (secret subkey): it does not belong to the reviewer public key.',
    ],
    [
      'a private half with another key’s self-signature',
      () => ({
        ...base,
        armoredPrivateKey: rebuild('privateKey', sec, (p, i) =>
          i === SELF_SIGNATURE ? otherSec[SELF_SIGNATURE]!.raw : p.raw,
        ),
      }),
      'invalid_key: The reviewer key: packet 3 (signature): it differs from the same packet in the reviewer public key.',
    ],
    [
      'a private half whose user ID is the public one cut short',
      () => ({
        ...base,
        armoredPrivateKey: rebuild('privateKey', sec, (p, i) =>
          i === USER_ID ? newPacket(p.tag, p.body.subarray(0, p.body.length - 2)) : p.raw,
        ),
      }),
      'invalid_key: The reviewer key: packet 2 (user ID): it differs from the same packet in the reviewer public key.',
    ],
    [
      'a self-signature that names no issuer',
      () => editBoth(pub, sec, SELF_SIGNATURE, (b) => withSubpacket(withSubpacket(b, 16, null), 33, null)),
      'invalid_key: The reviewer key: a self-signature names no issuer.',
    ],
    [
      'a self-signature naming another key by its key ID',
      () => editBoth(pub, sec, SELF_SIGNATURE, (b) => withSubpacket(b, 16, fromHex(other.fingerprint.slice(-16)))),
      'invalid_key: The reviewer key: a self-signature does not name the primary key as its issuer.',
    ],
    [
      'a subkey binding naming another key by its fingerprint',
      () => editBoth(pub, sec, BINDING, (b) => withSubpacket(b, 33, fromHex(`04${other.fingerprint}`))),
      'invalid_key: The reviewer key: a self-signature does not name the primary key as its issuer.',
    ],
    // Naming the key one way only passes the issuer check; the signature then no longer verifies (a signed field
    // was removed), which is refused in other words.
    [
      'a self-signature naming the key by its key ID alone',
      () => editBoth(pub, sec, SELF_SIGNATURE, (b) => withSubpacket(b, 33, null)),
      'invalid_key: The reviewer key: its self-signatures do not verify, or it cannot encrypt now.',
    ],
    [
      'a subkey binding naming the key by its fingerprint alone',
      () => editBoth(pub, sec, BINDING, (b) => withSubpacket(b, 16, null)),
      'invalid_key: The reviewer key: its self-signatures do not verify, or it cannot encrypt now.',
    ],
    [
      'a subkey binding with one bit of its signature value flipped',
      () =>
        editBoth(pub, sec, BINDING, (b) => {
          b[b.length - 1] = b[b.length - 1]! ^ 0x01;
          return b;
        }),
      'invalid_key: The reviewer key: its self-signatures do not verify, or it cannot encrypt now.',
    ],
  ];

  it.each(refusals)('refuses %s, saying why', async (_what, make, words) => {
    expect(await check(make())).toBe(words);
  });

  // The primary key's curve OID (9 octets after version, time, algorithm and the OID's length) with its last octet
  // changed: refused as not what a reviewer key is, in the public half and in the private half alone.
  const OID_LAST = 1 + 4 + 1 + 1 + 8;
  const otherCurve = (body: Uint8Array) => {
    body[OID_LAST] = body[OID_LAST]! ^ 0x01;
    return body;
  };
  it('refuses a primary key on another curve, naming it as a reviewer key', async () => {
    expect(await check(editBoth(pub, sec, PRIMARY, otherCurve))).toMatch(
      /^invalid_key: The reviewer key: packet 1 \(public key\): curve OID [0-9a-f.]+; a reviewer primary key is .+\.$/,
    );
  });

  it('refuses a private half whose primary key is on another curve, naming it as a reviewer key', async () => {
    const armoredPrivateKey = rebuild('privateKey', sec, (p, i) =>
      i === PRIMARY ? newPacket(p.tag, otherCurve(p.body.slice())) : p.raw,
    );
    expect(await check({ ...base, armoredPrivateKey })).toMatch(
      /^invalid_key: The reviewer key: packet 1 \(secret key\): curve OID [0-9a-f.]+; a reviewer primary key is .+\.$/,
    );
  });
});

describe('a certified reviewer key as the administrator uploads it', () => {
  const upload = (armoredCertifiedKey: string, armoredAgencyKey = agency.armoredPublicKey) =>
    checkCertifiedReviewerKey({ armoredCertifiedKey, armoredStoredKey: base.armoredPublicKey, armoredAgencyKey });
  /** The certified key with packet `index` replaced. */
  const replaced = (index: number, raw: (packet: SplitPacket) => Uint8Array) =>
    rebuild('publicKey', certifiedPackets, (p, i) => (i === index ? raw(p) : p.raw));
  const certification = (edit: (body: Uint8Array) => Uint8Array) =>
    replaced(CERTIFICATION, (p) => newPacket(p.tag, edit(p.body.slice())));

  it('is accepted as the stored key plus the certification, stored without armor headers, dated by the certification', async () => {
    const accepted = await upload(certified.replace(/\n\n/, '\nComment: kept nowhere\n\n'));
    expect(accepted.armoredCertifiedKey).not.toContain('Comment');
    expect(await unarmorBlock(accepted.armoredCertifiedKey)).toEqual(await unarmorBlock(certified));
    const [made] = (await readKey({ armoredKey: certified })).users[0]!.otherCertifications;
    expect(accepted.certifiedAt).toEqual(made!.created);
  });

  it.each([
    [
      'the bare key (no certification)',
      () => base.armoredPublicKey,
      'packet 4 is public subkey, where signature belongs',
    ],
    [
      'another key’s primary key',
      () => replaced(PRIMARY, () => otherPub[PRIMARY]!.raw),
      'packet 1 (public key): it differs from the same packet in the stored reviewer key',
    ],
    [
      'another key’s subkey after the certification',
      () => replaced(SUBKEY + 1, () => otherPub[SUBKEY]!.raw),
      'packet 5 (public subkey): it differs from the same packet in the stored reviewer key',
    ],
    [
      'a certification of type 0x18 (a subkey binding)',
      () => certification(setType(0x18)),
      'packet 4 (signature): signature type 0x18 is not a user ID certification',
    ],
    [
      'a certification that names no issuer',
      () => certification((b) => withSubpacket(withSubpacket(b, 16, null), 33, null)),
      'packet 4 (signature): it is not issued by the agency key',
    ],
    [
      'a certification naming another key by its key ID',
      () => certification((b) => withSubpacket(b, 16, fromHex(other.fingerprint.slice(-16)))),
      'packet 4 (signature): it is not issued by the agency key',
    ],
    [
      'a certification naming another key by its fingerprint',
      () => certification((b) => withSubpacket(b, 33, fromHex(`04${other.fingerprint}`))),
      'packet 4 (signature): it is not issued by the agency key',
    ],
    // Named one way only, the issuer check passes; the certification then fails to verify (a signed field is gone).
    [
      'a certification naming the agency key by its key ID alone',
      () => certification((b) => withSubpacket(b, 33, null)),
      'the agency certification does not verify against the current agency key',
    ],
    [
      'a certification naming the agency key by its fingerprint alone',
      () => certification((b) => withSubpacket(b, 16, null)),
      'the agency certification does not verify against the current agency key',
    ],
  ] as [string, () => string | Promise<string>, string][])('refuses %s, saying why', async (_what, make, words) => {
    const armored = await make();
    expect(await outcome(() => upload(armored))).toBe(`invalid_key: The reviewer key: ${words}.`);
  });

  it('refuses a certification made by the agency key when another agency key is current', async () => {
    const newer = await generateAgencyKey({ agencyName: 'Rotated agency', passphrase: AGENCY_PASSPHRASE });
    const fingerprintNamed = certification((b) => withSubpacket(b, 33, fromHex(`04${newer.fingerprint}`)));
    expect(await outcome(() => upload(certified, newer.armoredPublicKey))).toBe(
      'invalid_key: The reviewer key: packet 4 (signature): it is not issued by the agency key.',
    );
    expect(await outcome(() => upload(fingerprintNamed, newer.armoredPublicKey))).toBe(
      'invalid_key: The reviewer key: packet 4 (signature): it is not issued by the agency key.',
    );
  });
});
