import { readKey } from 'openpgp';

import { nativeKeyPrimitives } from '../../../backend/src/native-key-primitives';
import { generateReporterKey } from '../../../crypto/src/keys';
import { checkReporterKey, webCryptoKeyPrimitives, type KeyCheckPrimitives } from '../../../crypto/src/reporter-key';
import { editSignature } from '../../support/hostile-keys';
import {
  armorBlock,
  concat,
  newPacket,
  splitPackets,
  unarmorBlock,
  type SplitPacket,
} from '../../support/openpgp-bytes';

/**
 * The reporter key's two self-signatures are verified from the strict
 * reader's own fields (no OpenPGP.js): with Node's native crypto on the
 * server, with WebCrypto elsewhere. Real keys made by OpenPGP.js, real
 * octets changed in both halves alike (so the halves still match and only
 * the cryptography can refuse), and OpenPGP.js itself as the reference for
 * what is a bad signature.
 */
const PASSPHRASE = 'reporter passphrase, signature tests';
const PRIMITIVES: [string, KeyCheckPrimitives][] = [
  ['Node native crypto (the server)', nativeKeyPrimitives],
  ['WebCrypto', webCryptoKeyPrimitives],
];
/** Positions in both layouts: primary key, user ID, its certification, subkey, its binding. */
const PRIMARY = 0;
const CERTIFICATION = 2;
const SUBKEY = 3;
const BINDING = 4;

interface Pair {
  armoredPublicKey: string;
  armoredPrivateKey: string;
}
interface Split {
  pub: SplitPacket[];
  sec: SplitPacket[];
}

async function split(pair: Pair): Promise<Split> {
  return {
    pub: splitPackets(await unarmorBlock(pair.armoredPublicKey)),
    sec: splitPackets(await unarmorBlock(pair.armoredPrivateKey)),
  };
}

/**
 * Both halves with the same octets of packet `index` changed: a signature or
 * user ID is the same packet in both, and a key packet's public fields lead
 * its secret packet, so an edit within them applies to both alike.
 */
function editBoth({ pub, sec }: Split, index: number, edit: (body: Uint8Array) => void): Pair {
  const rebuild = (packets: SplitPacket[]) =>
    concat(
      ...packets.map((p, i) => {
        if (i !== index) return p.raw;
        const body = p.body.slice();
        edit(body);
        return newPacket(p.tag, body);
      }),
    );
  return {
    armoredPublicKey: armorBlock('publicKey', rebuild(pub)),
    armoredPrivateKey: armorBlock('privateKey', rebuild(sec)),
  };
}

/** Where a v4 signature body keeps its hash prefix and its R and S values (after their MPI bit counts). */
function signatureLayout(body: Uint8Array) {
  const view = Buffer.from(body);
  const hashedLength = view.readUInt16BE(4);
  const prefix = 6 + hashedLength + 2 + view.readUInt16BE(6 + hashedLength);
  const rBits = view.readUInt16BE(prefix + 2);
  const rEnd = prefix + 4 + ((rBits + 7) >> 3);
  return { prefix, rLast: rEnd - 1, sLast: body.length - 1, hashAlgorithm: 3 };
}

/** What OpenPGP.js says of the public half: both self-signatures valid at a time after every key and signature time. */
async function openpgpAccepts(armoredPublicKey: string): Promise<boolean> {
  try {
    const key = await readKey({ armoredKey: armoredPublicKey });
    const at = new Date(key.getCreationTime().getTime() + 3 * 3600_000);
    await key.verifyPrimaryKey(at);
    await key.getEncryptionKey(undefined, at);
    return true;
  } catch {
    return false;
  }
}

async function outcome(pair: Pair, primitives: KeyCheckPrimitives): Promise<string> {
  try {
    await checkReporterKey(pair, primitives);
    return 'accepted';
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code}: ${message}`;
  }
}

let base: Pair;
let packets: Split;
beforeAll(async () => {
  base = await generateReporterKey({ passphrase: PASSPHRASE });
  packets = await split(base);
});

describe.each(PRIMITIVES)('the self-signature check with %s', (_name, primitives) => {
  it('accepts the pair the product makes, with the fingerprint OpenPGP.js computes', async () => {
    const checked = await checkReporterKey(base, primitives);
    expect(checked.fingerprint).toBe((await readKey({ armoredKey: base.armoredPublicKey })).getFingerprint());
  });

  const flip = (at: (body: Uint8Array) => number) => (body: Uint8Array) => {
    const i = at(body);
    body[i] = body[i]! ^ 0x01;
  };
  const refusals: [string, () => Pair, RegExp][] = [
    [
      'the user ID certification with one bit of S flipped',
      () =>
        editBoth(
          packets,
          CERTIFICATION,
          flip((b) => signatureLayout(b).sLast),
        ),
      /do not verify \(the user ID certification\)/,
    ],
    [
      'the user ID certification with one bit of R flipped',
      () =>
        editBoth(
          packets,
          CERTIFICATION,
          flip((b) => signatureLayout(b).rLast),
        ),
      /do not verify \(the user ID certification\)/,
    ],
    [
      'the user ID certification with a wrong hash prefix (the signature itself intact)',
      () =>
        editBoth(
          packets,
          CERTIFICATION,
          flip((b) => signatureLayout(b).prefix),
        ),
      /do not verify \(the user ID certification: its hash prefix is wrong\)/,
    ],
    [
      'the user ID certification of another kind (positive 0x13 or generic 0x10), a signed field',
      () =>
        editBoth(packets, CERTIFICATION, (b) => {
          b[1] = b[1] === 0x13 ? 0x10 : 0x13;
        }),
      /do not verify \(the user ID certification/,
    ],
    [
      'the subkey binding with one bit of S flipped',
      () =>
        editBoth(
          packets,
          BINDING,
          flip((b) => signatureLayout(b).sLast),
        ),
      /do not verify \(the subkey binding\)/,
    ],
    [
      'the subkey binding with one bit of R flipped',
      () =>
        editBoth(
          packets,
          BINDING,
          flip((b) => signatureLayout(b).rLast),
        ),
      /do not verify \(the subkey binding\)/,
    ],
    [
      'the subkey binding claiming another SHA-2 than the one it was made with',
      () =>
        editBoth(packets, BINDING, (b) => {
          const at = signatureLayout(b).hashAlgorithm;
          b[at] = b[at] === 8 ? 10 : 8;
        }),
      /do not verify \(the subkey binding/,
    ],
    [
      'a subkey other than the one bound (one bit of its public point flipped)',
      () =>
        editBoth(
          packets,
          SUBKEY,
          flip(() => 1 + 4 + 1 + 1 + 10 + 2 + 32),
        ),
      /do not verify \(the subkey binding/,
    ],
    [
      'the subkey created an hour later than the binding says (still a whole hour)',
      () =>
        editBoth(packets, SUBKEY, (b) => {
          const view = Buffer.from(b.buffer, b.byteOffset, b.length);
          view.writeUInt32BE(view.readUInt32BE(1) + 3600, 1);
        }),
      /do not verify \(the subkey binding/,
    ],
    [
      'the subkey with another AES key size in its KDF parameters than was bound',
      () =>
        editBoth(packets, SUBKEY, (b) => {
          const at = 1 + 4 + 1 + 1 + 10 + 2 + 33 + 3;
          b[at] = b[at] === 7 ? 9 : 7;
        }),
      /do not verify \(the subkey binding/,
    ],
  ];

  it.each(refusals)('refuses %s, as OpenPGP.js does', async (_case, make, names) => {
    const pair = make();
    expect(await outcome(pair, primitives)).toMatch(new RegExp(`^invalid_key: .*${names.source}`));
    expect(await openpgpAccepts(pair.armoredPublicKey)).toBe(false);
  });
});

describe('every one-bit change to the signed packets', () => {
  it('is refused by both primitives, and where the refusal is the signature, OpenPGP.js refuses it too', async () => {
    const cases: { name: string; pair: Pair }[] = [];
    for (const index of [PRIMARY, CERTIFICATION, SUBKEY, BINDING]) {
      for (let at = 0; at < packets.pub[index]!.body.length; at++) {
        for (const bit of [0x01, 0x80]) {
          cases.push({
            name: `packet ${index + 1}, octet ${at}, bit ${bit}`,
            pair: editBoth(packets, index, (b) => {
              b[at] = b[at]! ^ bit;
            }),
          });
        }
      }
    }
    const wrong: string[] = [];
    let bySignature = 0;
    for (const { name, pair } of cases) {
      const native = await outcome(pair, nativeKeyPrimitives);
      const web = await outcome(pair, webCryptoKeyPrimitives);
      if (native !== web) wrong.push(`${name}: native "${native}", WebCrypto "${web}"`);
      if (!native.startsWith('invalid_key: ')) wrong.push(`${name}: ${native}`);
      if (/do not verify/.test(native)) {
        bySignature += 1;
        if (await openpgpAccepts(pair.armoredPublicKey)) wrong.push(`${name}: OpenPGP.js accepts it`);
      }
    }
    expect(wrong).toEqual([]);
    // Most changes land where only the cryptography can tell (signed fields, R, S, key material).
    expect(bySignature).toBeGreaterThan(cases.length / 3);
  });
});

describe('signature values with leading zero octets', () => {
  it('are read at their full 32 octets: a key whose R or S is written as a shorter MPI is accepted', async () => {
    // About one key in 64 has one; a few hundred keys find one (each a real key made by OpenPGP.js).
    let found: { pair: Pair; where: string } | null = null;
    for (let i = 0; i < 2000 && !found; i++) {
      const pair = await generateReporterKey({ passphrase: PASSPHRASE });
      const { pub } = await split(pair);
      for (const index of [CERTIFICATION, BINDING]) {
        const body = Buffer.from(pub[index]!.body);
        const { prefix } = signatureLayout(body);
        const rBits = body.readUInt16BE(prefix + 2);
        const sBits = body.readUInt16BE(prefix + 4 + ((rBits + 7) >> 3));
        if (rBits <= 248 || sBits <= 248)
          found = { pair, where: `packet ${index + 1}: R ${rBits} bits, S ${sBits} bits` };
      }
    }
    expect(found).not.toBeNull();
    for (const [, primitives] of PRIMITIVES) {
      await expect(checkReporterKey(found!.pair, primitives)).resolves.toHaveProperty('fingerprint');
    }
  });
});

describe('a key packet created at a time finer than the hour', () => {
  // Only the key packet's own time is changed (its signatures keep their whole-hour times): the structure check
  // must refuse it by its time, before the signatures, which would refuse it too but without saying why.
  it.each([
    ['the primary key', PRIMARY],
    ['the subkey', SUBKEY],
  ])('is refused for %s, naming the time', async (_which, index) => {
    let seconds = 0;
    const pair = editBoth(packets, index, (b) => {
      const view = Buffer.from(b.buffer, b.byteOffset, b.length);
      seconds = view.readUInt32BE(1) + 15 * 60;
      view.writeUInt32BE(seconds, 1);
    });
    const time = new Date(seconds * 1000).toISOString();
    expect(time).toMatch(/T\d\d:15:00\.000Z$/);
    for (const [, primitives] of PRIMITIVES) {
      expect(await outcome(pair, primitives)).toContain(
        `packet ${index + 1} (${index === SUBKEY ? 'public subkey' : 'public key'}): its creation time (${time}) is not a whole hour`,
      );
    }
  });
});

describe('key material of another form than the profile writes', () => {
  // Offsets in the subkey body: version, time, algorithm, OID length, the 10-octet Curve25519 OID, the point's bit
  // count and its 33 octets, then the KDF parameters' length and the three of them. The primary key's OID is 9 octets.
  const KDF = 1 + 4 + 1 + 1 + 10 + 2 + 33;
  const PRIMARY_POINT = 1 + 4 + 1 + 1 + 9 + 2;
  it.each([
    ['a KDF hash that is not SHA-2 (SHA-1)', KDF + 2, 2],
    ['a KDF cipher that is not AES (CAST5)', KDF + 3, 3],
    ['a KDF parameters version other than 1', KDF + 1, 2],
  ])('refuses a subkey with %s, by name', async (_what, at, value) => {
    const pair = editBoth(packets, SUBKEY, (b) => {
      b[at] = value;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toContain(
      'packet 4 (public subkey): its KDF parameters are not SHA-2 with AES.',
    );
  });

  it('refuses KDF parameters of another length, by name', async () => {
    const pair = editBoth(packets, SUBKEY, (b) => {
      b[KDF] = 2;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toMatch(/packet 4 \(public subkey\): its KDF parameters are not/);
  });

  it('refuses a primary key point without the native prefix 0x40, by name', async () => {
    const pair = editBoth(packets, PRIMARY, (b) => {
      b[PRIMARY_POINT] = 0x41;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toContain(
      'packet 1 (public key): its public point is not a native Curve25519 point.',
    );
  });
});

describe('secret key protection other than GnuPG 2.2 reads', () => {
  /** The pair with the primary secret key packet's body replaced (the public half as made). */
  const withSecret = (make: (body: Uint8Array) => Uint8Array): Pair => ({
    armoredPublicKey: base.armoredPublicKey,
    armoredPrivateKey: armorBlock(
      'privateKey',
      concat(...packets.sec.map((p, i) => (i === PRIMARY ? newPacket(p.tag, make(p.body.slice())) : p.raw))),
    ),
  });
  const at = (offset: number, value: number) => (body: Uint8Array) => {
    body[offset] = value;
    return body;
  };
  // The primary key's public fields are 51 octets; then S2K usage, cipher, S2K type, S2K hash, salt, count and IV
  // (25 octets), then the encrypted secret (its MPI and the SHA-1 checksum).
  const USAGE = 51;
  const SECRET = USAGE + 4 + 8 + 1 + 16;
  it.each([
    ['S2K usage 1', at(USAGE, 1), 'its secret uses legacy protection (S2K usage 1)'],
    ['an unknown S2K type', at(USAGE + 2, 2), 'unknown S2K type 2'],
    ['a SHA-1 S2K hash', at(USAGE + 3, 2), 'its S2K hash is algorithm 2; SHA-2 is expected'],
    [
      'an encrypted secret one octet too short',
      (b: Uint8Array) => b.subarray(0, SECRET + 22),
      'is 22 octets, not 23–54',
    ],
    [
      'an encrypted secret one octet too long',
      (b: Uint8Array) => concat(b.subarray(0, SECRET + 54), Uint8Array.of(0)),
      'is 55 octets, not 23–54',
    ],
    ['the body cut after its public fields', (b: Uint8Array) => b.subarray(0, USAGE), 'cut short in its S2K usage'],
    ['the body cut after the cipher', (b: Uint8Array) => b.subarray(0, USAGE + 2), 'cut short in its S2K type'],
    ['the body cut after the S2K type', (b: Uint8Array) => b.subarray(0, USAGE + 3), 'cut short in its S2K hash'],
    [
      'the body cut in its salt',
      (b: Uint8Array) => b.subarray(0, USAGE + 10),
      'cut short in its S2K salt, count and IV',
    ],
    ['a salted S2K without iteration', at(USAGE + 2, 1), 'its passphrase is used without iteration (salted S2K)'],
    ['the body cut after the S2K usage', (b: Uint8Array) => b.subarray(0, USAGE + 1), 'cut short in its cipher'],
  ])('refuses %s, by name', async (_what, make, words) => {
    const got = await outcome(withSecret(make), nativeKeyPrimitives);
    expect(got).toMatch(/^invalid_key: The reporter private key: packet 1 \(secret key\): /);
    expect(got).toContain(words);
  });

  it('accepts the encrypted secret at both ends of its bounds (the reader does not decrypt it)', async () => {
    const length = packets.sec[PRIMARY]!.body.length - SECRET;
    expect(length).toBeGreaterThanOrEqual(23);
    expect(length).toBeLessThanOrEqual(54);
    for (const size of [23, 54]) {
      const body = (b: Uint8Array) => concat(b.subarray(0, SECRET), new Uint8Array(size));
      expect(await outcome(withSecret(body), nativeKeyPrimitives)).toBe('accepted');
    }
  });
});

describe('one subpacket of the user ID certification changed', () => {
  /** Where the data of subpacket `type` starts in a v4 signature body's hashed area (one-octet lengths, as written). */
  function subpacketData(body: Uint8Array, type: number): number {
    const end = 6 + ((body[4]! << 8) | body[5]!);
    for (let at = 6; at < end; at += body[at]! + 1) {
      if ((body[at + 1]! & 0x7f) === type) return at + 2;
    }
    throw new Error(`no subpacket ${type}`);
  }
  const edit = (type: number, change: (body: Uint8Array, data: number) => void) =>
    editBoth(packets, CERTIFICATION, (b) => change(b, subpacketData(b, type)));

  it.each([
    ['the issuer key ID (16) naming another key', 16],
    ['the issuer fingerprint (33) naming another key', 33],
  ])('%s: refused as not naming the primary key', async (_what, type) => {
    const pair = edit(type, (b, data) => {
      b[data + 1] = b[data + 1]! ^ 0x01;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: a self-signature does not name the primary key as its issuer.',
    );
  });

  it("an issuer fingerprint of another version (5) holding the key's own fingerprint: refused as not naming it", async () => {
    const pair = edit(33, (b, data) => {
      b[data] = 5;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: a self-signature does not name the primary key as its issuer.',
    );
  });

  it('the issuer key ID also in the unhashed area, as gpg writes it: accepted (the signature covers the hashed area)', async () => {
    const withKeyId = (list: SplitPacket[]) =>
      concat(
        ...list.map((p, i) => {
          if (i !== CERTIFICATION) return p.raw;
          const keyId = p.body.subarray(subpacketData(p.body, 16), subpacketData(p.body, 16) + 8);
          return newPacket(p.tag, editSignature(p.body, { unhashed: () => concat(Uint8Array.of(9, 16), keyId) }));
        }),
      );
    const gpgLike = {
      armoredPublicKey: armorBlock('publicKey', withKeyId(packets.pub)),
      armoredPrivateKey: armorBlock('privateKey', withKeyId(packets.sec)),
    };
    expect(await outcome(gpgLike, nativeKeyPrimitives)).toBe('accepted');
  });

  it('a creation time off the hour is refused naming the time', async () => {
    const pair = edit(2, (b, data) => {
      b.set([0, 0, 3, 0x84], data); // 900 s: 1970-01-01T00:15:00Z
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: packet 3 (signature): its creation time (1970-01-01T00:15:00.000Z) is not a whole hour.',
    );
  });

  // Each octet of a preference list must name a known algorithm: no subpacket may carry arbitrary octets.
  it.each([
    ['preferred ciphers', 11, 14],
    ['preferred hashes', 21, 15],
    ['preferred compression', 22, 4],
  ])('%s with an unknown algorithm: refused as malformed', async (name, type, value) => {
    for (const unknown of [0, value]) {
      if (type === 22 && unknown === 0) continue; // 0 is "uncompressed", a real choice
      const pair = edit(type, (b, data) => {
        b[data] = unknown;
      });
      expect(await outcome(pair, nativeKeyPrimitives)).toContain(
        `packet 3 (signature): its ${name} subpacket is malformed.`,
      );
    }
  });

  it('preference lists of the lowest and highest known algorithms are read as well formed (the signature then fails)', async () => {
    for (const [type, value] of [
      [11, 1],
      [11, 13],
      [21, 1],
      [21, 14],
      [22, 3],
    ] as const) {
      const pair = edit(type, (b, data) => {
        expect(b[data]).not.toBe(value);
        b[data] = value;
      });
      expect([type, value, await outcome(pair, nativeKeyPrimitives)]).toEqual([
        type,
        value,
        expect.stringMatching(/do not verify \(the user ID certification/),
      ]);
    }
  });
});

describe('a primary key point of 32 octets', () => {
  it('is refused even when it starts with the native prefix (a native point is 0x40 and 32 octets)', async () => {
    // The primary key's point: its bit count at octets 16–17, its 33 octets from 18. Written as a 255-bit MPI
    // of 32 octets, 0x40 first, in both halves.
    const shorter = (body: Uint8Array) =>
      concat(body.subarray(0, 16), Uint8Array.of(0, 255), body.subarray(18, 18 + 32), body.subarray(18 + 33));
    const rebuild = (split: SplitPacket[], type: 'publicKey' | 'privateKey') =>
      armorBlock(type, concat(...split.map((p, i) => (i === PRIMARY ? newPacket(p.tag, shorter(p.body)) : p.raw))));
    const pair = {
      armoredPublicKey: rebuild(packets.pub, 'publicKey'),
      armoredPrivateKey: rebuild(packets.sec, 'privateKey'),
    };
    expect(packets.pub[PRIMARY]!.body[18]).toBe(0x40);
    expect(await outcome(pair, nativeKeyPrimitives)).toContain(
      'packet 1 (public key): its public point is not a native Curve25519 point.',
    );
  });
});

describe('subpacket lengths in their longer encodings (RFC 9580 §5.2.3.7)', () => {
  /** The pair with the user ID certification's hashed area replaced (in both halves: it is the same packet). */
  const withHashed = (area: (old: Uint8Array) => Uint8Array): Pair => {
    const rebuild = (split: SplitPacket[]) =>
      concat(
        ...split.map((p, i) =>
          i === CERTIFICATION ? newPacket(p.tag, editSignature(p.body, { hashed: area })) : p.raw,
        ),
      );
    return {
      armoredPublicKey: armorBlock('publicKey', rebuild(packets.pub)),
      armoredPrivateKey: armorBlock('privateKey', rebuild(packets.sec)),
    };
  };

  it('reads a five-octet length: the creation time so written is well formed (the signature then fails)', async () => {
    const pair = withHashed((old) => {
      // OpenPGP.js writes one-octet lengths; the creation time (type 2) becomes 255, then the length in four octets.
      const parts: Uint8Array[] = [];
      for (let at = 0; at < old.length; at += old[at]! + 1) {
        const packet = old.subarray(at, at + old[at]! + 1);
        parts.push(
          (packet[1]! & 0x7f) === 2 ? concat(Uint8Array.of(255, 0, 0, 0, packet[0]!), packet.subarray(1)) : packet,
        );
      }
      const area = concat(...parts);
      expect(area.length).toBe(old.length + 4);
      return area;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toMatch(/do not verify \(the user ID certification/);
  });

  it.each([
    [
      'a two-octet length of 193 (a creation time of 192 octets)',
      concat(Uint8Array.of(192, 1, 2), new Uint8Array(192)),
      'its signature creation time subpacket is malformed',
    ],
    [
      'a two-octet length of 193 over 191 octets',
      concat(Uint8Array.of(192, 1, 2), new Uint8Array(190)),
      'it is cut short in its subpacket',
    ],
    ['a two-octet length cut after its first octet', Uint8Array.of(192), 'it is cut short in its subpacket length'],
    ['a five-octet length cut short', Uint8Array.of(255, 0), 'it is cut short in its subpacket length'],
    ['a length octet alone at the end', Uint8Array.of(5), 'it is cut short in its subpacket type'],
    // Length 1 is the type alone: not empty, but no accepted subpacket is without data.
    ['a subpacket of length 1 (key flags without data)', Uint8Array.of(1, 27), 'its key flags subpacket is malformed'],
    ['a primary user ID flag of 2', Uint8Array.of(2, 25, 2), 'its primary user ID subpacket is malformed'],
    [
      'two creation times',
      Uint8Array.of(5, 2, 0, 0, 0, 0, 5, 2, 0, 0, 0, 0),
      'its hashed area repeats the signature creation time subpacket',
    ],
  ])('refuses %s, by name', async (_what, area, words) => {
    expect(
      await outcome(
        withHashed(() => area),
        nativeKeyPrimitives,
      ),
    ).toContain(`packet 3 (signature): ${words}.`);
  });
});

describe('key and signature packets cut short or of another kind, refused by name', () => {
  /** The pair with packet `index`'s body replaced in both halves (a key packet's secret fields kept after it). */
  const withBody = (index: number, make: (body: Uint8Array) => Uint8Array): Pair => {
    const rebuild = (split: SplitPacket[]) =>
      concat(...split.map((p, i) => (i === index ? newPacket(p.tag, make(p.body)) : p.raw)));
    return {
      armoredPublicKey: armorBlock('publicKey', rebuild(packets.pub)),
      armoredPrivateKey: armorBlock('privateKey', rebuild(packets.sec)),
    };
  };
  const cut = (length: number) => (body: Uint8Array) => body.subarray(0, length);
  const set = (at: number, value: number) => (body: Uint8Array) => {
    const copy = body.slice();
    copy[at] = value;
    return copy;
  };
  /** Where a v4 signature body's hashed area ends (its unhashed area's length follows), and where its unhashed area ends. */
  const hashedEnd = (body: Uint8Array) => 6 + ((body[4]! << 8) | body[5]!);
  const unhashedEnd = (body: Uint8Array) => {
    const at = hashedEnd(body);
    return at + 2 + ((body[at]! << 8) | body[at + 1]!);
  };
  /** Areas of zero octets: a first subpacket of length 0, refused as empty once the area's size has passed. */
  const zeros = (length: number) => () => new Uint8Array(length);

  it.each([
    ['a primary key cut before its version', PRIMARY, cut(0), 'packet 1 (public key): it is cut short in its version'],
    ['a primary key cut in its time', PRIMARY, cut(3), 'packet 1 (public key): it is cut short in its creation time'],
    ['a primary key cut before its algorithm', PRIMARY, cut(5), 'it is cut short in its algorithm'],
    ['a primary key cut before its OID length', PRIMARY, cut(6), 'it is cut short in its curve OID length'],
    ['a primary key cut in its OID', PRIMARY, cut(10), 'it is cut short in its curve OID'],
    [
      'an ECDH primary key',
      PRIMARY,
      set(5, 18),
      'packet 1 (public key): algorithm 18; a reporter primary key is EdDSA (legacy) on Ed25519',
    ],
    [
      'an EdDSA subkey',
      SUBKEY,
      set(5, 22),
      'packet 4 (public subkey): algorithm 22; a reporter subkey key is ECDH on Curve25519',
    ],
    [
      'a primary key on another curve (the OID changed in its last octet)',
      PRIMARY,
      set(15, 2),
      'packet 1 (public key): curve OID 2b06010401da470f02; a reporter primary key is EdDSA (legacy) on Ed25519',
    ],
    ['a primary key cut in its point', PRIMARY, cut(20), 'packet 1 (public key): it is cut short in its public point'],
    ['a subkey cut before its KDF parameters', SUBKEY, cut(52), 'it is cut short in its KDF parameters length'],
    ['a subkey cut in its KDF parameters', SUBKEY, cut(54), 'it is cut short in its KDF parameters'],
    [
      'a subkey with KDF parameters of four octets',
      SUBKEY,
      (body: Uint8Array) =>
        concat(body.subarray(0, 52), Uint8Array.of(4), body.subarray(53, 56), Uint8Array.of(0), body.subarray(56)),
      'packet 4 (public subkey): its KDF parameters are not SHA-2 with AES',
    ],
    [
      'a primary key with an octet after its fields',
      PRIMARY,
      (body: Uint8Array) => concat(body.subarray(0, 51), Uint8Array.of(0), body.subarray(51)),
      'packet 1 (public key): 1 unexpected octets follow its public key fields',
    ],
    [
      'a signature cut before its version',
      CERTIFICATION,
      cut(0),
      'packet 3 (signature): it is cut short in its version',
    ],
    [
      'a signature whose hashed area holds an empty subpacket',
      CERTIFICATION,
      (body: Uint8Array) => editSignature(body, { hashed: () => Uint8Array.of(0) }),
      'packet 3 (signature): a subpacket in its hashed area is empty',
    ],
    [
      'a signature without a creation time',
      CERTIFICATION,
      (body: Uint8Array) =>
        editSignature(body, {
          hashed: (area) => {
            const kept: Uint8Array[] = [];
            for (let at = 0; at < area.length; at += area[at]! + 1) {
              if ((area[at + 1]! & 0x7f) !== 2) kept.push(area.subarray(at, at + area[at]! + 1));
            }
            return concat(...kept);
          },
        }),
      'packet 3 (signature): it has no creation time',
    ],
    [
      'a signature cut before its type',
      CERTIFICATION,
      cut(1),
      'packet 3 (signature): it is cut short in its signature type',
    ],
    [
      'a signature cut before its algorithm',
      CERTIFICATION,
      cut(2),
      'packet 3 (signature): it is cut short in its algorithm',
    ],
    [
      'a signature cut before its hash',
      CERTIFICATION,
      cut(3),
      'packet 3 (signature): it is cut short in its hash algorithm',
    ],
    [
      'a version 5 signature',
      CERTIFICATION,
      set(0, 5),
      'packet 3 (signature): it is a version 5 signature; version 4 is expected',
    ],
    ['an RSA signature', CERTIFICATION, set(2, 1), 'packet 3 (signature): algorithm 1; EdDSA (legacy) is expected'],
    [
      'a signature hashed with SHA-1',
      CERTIFICATION,
      set(3, 2),
      'packet 3 (signature): hash algorithm 2; SHA-2 is expected',
    ],
    [
      'a signature cut in its hashed area length',
      CERTIFICATION,
      cut(5),
      'packet 3 (signature): it is cut short in its hashed area length',
    ],
    [
      'a signature cut in its hashed area',
      CERTIFICATION,
      (body: Uint8Array) => body.subarray(0, hashedEnd(body) - 1),
      'packet 3 (signature): it is cut short in its hashed area',
    ],
    [
      'a signature cut in its unhashed area length',
      CERTIFICATION,
      (body: Uint8Array) => body.subarray(0, hashedEnd(body) + 1),
      'packet 3 (signature): it is cut short in its unhashed area length',
    ],
    [
      'a signature whose unhashed area says 5 octets and holds 3',
      CERTIFICATION,
      (body: Uint8Array) => concat(body.subarray(0, hashedEnd(body)), Uint8Array.of(0, 5, 9, 16, 0)),
      'packet 3 (signature): it is cut short in its unhashed area',
    ],
    [
      'a signature cut in its hash prefix',
      CERTIFICATION,
      (body: Uint8Array) => body.subarray(0, unhashedEnd(body) + 1),
      'packet 3 (signature): it is cut short in its hash prefix',
    ],
    [
      'a signature cut in its value R',
      CERTIFICATION,
      (body: Uint8Array) => body.subarray(0, unhashedEnd(body) + 2 + 2 + 3),
      'packet 3 (signature): it is cut short in its signature value r',
    ],
    [
      'a signature cut in its value S',
      CERTIFICATION,
      (body: Uint8Array) => body.subarray(0, body.length - 1),
      'packet 3 (signature): it is cut short in its signature value s',
    ],
    [
      'a signature with an octet after its values',
      CERTIFICATION,
      (body: Uint8Array) => concat(body, Uint8Array.of(0)),
      'packet 3 (signature): 1 unexpected octets follow its signature values',
    ],
    // The area limits: one octet over each is refused for its size, exactly the limit passes on to the subpackets.
    [
      'a hashed area of 257 octets',
      CERTIFICATION,
      (body: Uint8Array) => editSignature(body, { hashed: zeros(257) }),
      'packet 3 (signature): its hashed area is 257 octets (at most 256)',
    ],
    [
      'a hashed area of exactly 256 octets, read on to its first subpacket',
      CERTIFICATION,
      (body: Uint8Array) => editSignature(body, { hashed: zeros(256) }),
      'packet 3 (signature): a subpacket in its hashed area is empty',
    ],
    [
      'an unhashed area of 17 octets',
      CERTIFICATION,
      (body: Uint8Array) => editSignature(body, { unhashed: zeros(17) }),
      'packet 3 (signature): its unhashed area is 17 octets (at most 16)',
    ],
    [
      'an unhashed area of exactly 16 octets, read on to its first subpacket',
      CERTIFICATION,
      (body: Uint8Array) => editSignature(body, { unhashed: zeros(16) }),
      'packet 3 (signature): a subpacket in its unhashed area is empty',
    ],
  ])('%s', async (_what, index, make, words) => {
    expect(await outcome(withBody(index, make), nativeKeyPrimitives)).toContain(`${words}.`);
  });
});

describe('the layout and the subkey flags, refused by name', () => {
  it('names the packet out of its place and the one that belongs there', async () => {
    const { pub } = packets;
    // The subkey where the user ID belongs: the user ID check alone would refuse it, without saying why.
    const swapped = concat(
      pub[PRIMARY]!.raw,
      pub[SUBKEY]!.raw,
      pub[CERTIFICATION]!.raw,
      pub[1]!.raw,
      pub[BINDING]!.raw,
    );
    const pair = { armoredPublicKey: armorBlock('publicKey', swapped), armoredPrivateKey: base.armoredPrivateKey };
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: packet 2 is public subkey, where user ID belongs.',
    );
  });

  it('refuses a subkey binding whose key flags are all clear', async () => {
    const pair = editBoth(packets, BINDING, (b) => {
      const end = 6 + ((b[4]! << 8) | b[5]!);
      let at = 6;
      while (at < end && (b[at + 1]! & 0x7f) !== 27) at += b[at]! + 1;
      if (at >= end) throw new Error('no key flags subpacket');
      b[at + 2] = 0;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: packet 5 (signature): the subkey must be flagged for encryption only.',
    );
  });
});

describe('a private half that is not the same key, refused by name', () => {
  /** The public half as made, the private half with octet `at` of packet `index` flipped. */
  function editSecret(index: number, at: (body: Uint8Array) => number): Pair {
    const sec = packets.sec.map((p, i) => {
      if (i !== index) return p.raw;
      const body = p.body.slice();
      const octet = at(body);
      body[octet] = body[octet]! ^ 0x01;
      return newPacket(p.tag, body);
    });
    return { armoredPublicKey: base.armoredPublicKey, armoredPrivateKey: armorBlock('privateKey', concat(...sec)) };
  }

  it('one octet of the primary key point changed in the secret key packet: it does not belong', async () => {
    // The last octet of the public fields (the point ends them), so every other octet still matches.
    const pair = editSecret(PRIMARY, () => packets.pub[PRIMARY]!.body.length - 1);
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter private key: packet 1 (secret key): it does not belong to the reporter public key.',
    );
  });

  it('one octet of the binding signature changed in the private half: it differs from the public one', async () => {
    const pair = editSecret(BINDING, (body) => body.length - 1);
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter private key: packet 5 (signature): it differs from the same packet in the reporter public key.',
    );
  });
});

describe('a signature value changed, its hash prefix right', () => {
  it('is refused as a signature that does not verify, naming it', async () => {
    const pair = editBoth(packets, BINDING, (body) => {
      const { sLast } = signatureLayout(body);
      body[sLast] = body[sLast]! ^ 0x01;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: its self-signatures do not verify (the subkey binding).',
    );
  });
});

describe('the issuer named by its fingerprint alone', () => {
  it('passes the issuer check (the key ID may be left out); only the signature, made over the key ID, then fails', async () => {
    /** The hashed area without its issuer key ID subpacket (16). */
    const withoutKeyId = (area: Uint8Array) => {
      const kept: Uint8Array[] = [];
      for (let at = 0; at < area.length; at += area[at]! + 1) {
        if ((area[at + 1]! & 0x7f) !== 16) kept.push(area.subarray(at, at + area[at]! + 1));
      }
      return concat(...kept);
    };
    const { pub, sec } = packets;
    const sizes: number[] = [];
    const rebuild = (list: SplitPacket[]) =>
      concat(
        ...list.map((p, i) => {
          if (i !== CERTIFICATION) return p.raw;
          const body = editSignature(p.body, { hashed: withoutKeyId });
          sizes.push(p.body.length - body.length);
          return newPacket(p.tag, body);
        }),
      );
    const pair = {
      armoredPublicKey: armorBlock('publicKey', rebuild(pub)),
      armoredPrivateKey: armorBlock('privateKey', rebuild(sec)),
    };
    // The certification lost its 10-octet issuer key ID subpacket, in both halves.
    expect(sizes).toEqual([10, 10]);
    expect(await outcome(pair, nativeKeyPrimitives)).toMatch(
      /its self-signatures do not verify \(the user ID certification/,
    );
  });
});

describe('a certification naming no issuer at all', () => {
  it('is refused as not naming the primary key, before its signature is checked', async () => {
    const withoutIssuer = (area: Uint8Array) => {
      const kept: Uint8Array[] = [];
      for (let at = 0; at < area.length; at += area[at]! + 1) {
        if (![16, 33].includes(area[at + 1]! & 0x7f)) kept.push(area.subarray(at, at + area[at]! + 1));
      }
      return concat(...kept);
    };
    const rebuild = (list: SplitPacket[]) =>
      concat(
        ...list.map((p, i) =>
          i === CERTIFICATION ? newPacket(p.tag, editSignature(p.body, { hashed: withoutIssuer })) : p.raw,
        ),
      );
    const pair = {
      armoredPublicKey: armorBlock('publicKey', rebuild(packets.pub)),
      armoredPrivateKey: armorBlock('privateKey', rebuild(packets.sec)),
    };
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: a self-signature does not name the primary key as its issuer.',
    );
  });
});

describe('an armor error in a half', () => {
  it("is named in the armor reader's words", async () => {
    const pair = { ...base, armoredPublicKey: base.armoredPublicKey.replace('\n\n', '\nCharset: UTF-8\n\n') };
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: The armor header "Charset" is not accepted (only Version and Comment are).',
    );
  });
});

describe('self-signatures of another kind, refused by name', () => {
  /** The hashed area with subpacket `type`'s first data octet set to `value`, or without it (`null`). */
  const withSubpacket = (type: number, value: number | null) => (area: Uint8Array) => {
    const kept: Uint8Array[] = [];
    for (let at = 0; at < area.length; at += area[at]! + 1) {
      const sub = area.slice(at, at + area[at]! + 1);
      if ((sub[1]! & 0x7f) !== type) kept.push(sub);
      else if (value !== null) kept.push(Uint8Array.of(...sub.subarray(0, 2), value, ...sub.subarray(3)));
    }
    return concat(...kept);
  };
  const edited = (index: number, edit: (body: Uint8Array) => Uint8Array): Pair => {
    const rebuild = (list: SplitPacket[]) =>
      concat(...list.map((p, i) => (i === index ? newPacket(p.tag, edit(p.body)) : p.raw)));
    return {
      armoredPublicKey: armorBlock('publicKey', rebuild(packets.pub)),
      armoredPrivateKey: armorBlock('privateKey', rebuild(packets.sec)),
    };
  };
  const withType = (type: number) => (body: Uint8Array) => Uint8Array.of(body[0]!, type, ...body.subarray(2));

  it.each([
    [
      'a certification of type 0x1f (direct key)',
      CERTIFICATION,
      withType(0x1f),
      'packet 3 (signature): signature type 0x1f is not a user ID self-certification.',
    ],
    [
      'a certification whose key flags do not include certify',
      CERTIFICATION,
      (b: Uint8Array) => editSignature(b, { hashed: withSubpacket(27, 0x02) }),
      'packet 3 (signature): its key flags do not let the primary key certify.',
    ],
    [
      'a certification without key flags',
      CERTIFICATION,
      (b: Uint8Array) => editSignature(b, { hashed: withSubpacket(27, null) }),
      'packet 3 (signature): its key flags do not let the primary key certify.',
    ],
    [
      'a binding without key flags',
      BINDING,
      (b: Uint8Array) => editSignature(b, { hashed: withSubpacket(27, null) }),
      'packet 5 (signature): the subkey must be flagged for encryption only.',
    ],
    [
      'a binding of type 0x13 (a certification)',
      BINDING,
      withType(0x13),
      'packet 5 (signature): signature type 0x13 is not a subkey binding.',
    ],
  ])('%s', async (_what, index, edit, words) => {
    expect(await outcome(edited(index, edit), nativeKeyPrimitives)).toBe(
      `invalid_key: The reporter public key: ${words}`,
    );
  });
});

describe('a hash prefix other than the digest', () => {
  it('is refused as a wrong hash prefix, naming the signature', async () => {
    const pair = editBoth(packets, CERTIFICATION, (body) => {
      const { prefix } = signatureLayout(body);
      body[prefix] = body[prefix]! ^ 0x01;
    });
    expect(await outcome(pair, nativeKeyPrimitives)).toBe(
      'invalid_key: The reporter public key: its self-signatures do not verify (the user ID certification: its hash prefix is wrong).',
    );
  });
});
