import { generateKey, revokeKey } from 'openpgp';

import { checkDestinationKey, MAX_DESTINATION_KEY_CHARS } from '../../../crypto/src/destination-key';
import { gpgDestination } from '../../support/destination';
import {
  armorBlock,
  concat,
  newPacket,
  repeat,
  splitPackets,
  unarmorBlock,
  type SplitPacket,
} from '../../support/openpgp-bytes';

/**
 * The administrator registers the key of an outside body (a prosecutor's office) that referrals are exported
 * to (crypto/src/destination-key.ts): a key made by gpg, read strictly by its packet layout first, then by
 * OpenPGP.js. Each refusal is checked in its own words: a key refused for another reason than the one the
 * case is about would hide that its own check is gone.
 */
let office: ReturnType<typeof gpgDestination>;
let packets: SplitPacket[];
const PUBLIC_KEY = 0;
const USER_ID = 1;
const SELF_SIGNATURE = 2;
const SUBKEY = 3;
const BINDING = 4;

beforeAll(() => {
  office = gpgDestination('Prosecutor test office <office@example.kz>');
});
beforeAll(async () => {
  packets = splitPackets(await unarmorBlock(office.armoredPublicKey));
});
afterAll(() => office.home.remove());

const armored = (...parts: Uint8Array[]) => armorBlock('publicKey', concat(...parts));
const raw = (...indexes: number[]) => indexes.map((i) => packets[i]!.raw);

async function outcome(armoredKey: string): Promise<string> {
  try {
    await checkDestinationKey({ armoredKey });
    return 'accepted';
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code}: ${message}`;
  }
}

describe('a destination key made by gpg', () => {
  it('has the layout the refusals below are built from', () => {
    expect(packets.map((p) => p.tag)).toEqual([6, 13, 2, 14, 2]);
  });

  it('is accepted: its fingerprint, its user ID, and its packets armored again without headers', async () => {
    const withComment = office.armoredPublicKey.replace(/\n\n/, '\nComment: sent by the office\n\n');
    const checked = await checkDestinationKey({ armoredKey: withComment });
    expect(checked.fingerprint).toBe(office.fingerprint);
    expect(checked.userId).toBe('Prosecutor test office <office@example.kz>');
    expect(checked.armoredPublicKey).not.toContain('Comment');
    expect(await unarmorBlock(checked.armoredPublicKey)).toEqual(await unarmorBlock(office.armoredPublicKey));
  });

  it(`is read up to ${MAX_DESTINATION_KEY_CHARS} characters, and refused one character beyond`, async () => {
    const padded = (length: number) => {
      const head = office.armoredPublicKey.replace(/\n\n/, '\nComment: \n\n');
      return head.replace('Comment: ', `Comment: ${'x'.repeat(length - head.length)}`);
    };
    expect(padded(MAX_DESTINATION_KEY_CHARS)).toHaveLength(MAX_DESTINATION_KEY_CHARS);
    expect(await outcome(padded(MAX_DESTINATION_KEY_CHARS))).toBe('accepted');
    expect(await outcome(padded(MAX_DESTINATION_KEY_CHARS + 1))).toBe(
      `invalid_key: The destination key: it is longer than ${MAX_DESTINATION_KEY_CHARS} characters.`,
    );
  });

  it('is read with up to 64 packets (its self-signature repeated), and refused with 65', async () => {
    const withSignatures = (count: number) =>
      armored(...raw(PUBLIC_KEY, USER_ID), repeat(packets[SELF_SIGNATURE]!.raw, count), ...raw(SUBKEY, BINDING));
    expect(await outcome(withSignatures(60))).toBe('accepted');
    expect(await outcome(withSignatures(61))).toBe('invalid_key: The destination key: it has more than 64 packets.');
  });
});

describe('a destination key of another shape', () => {
  const secretKeyPacket = () => newPacket(5, packets[PUBLIC_KEY]!.body);
  it.each([
    [
      'a private key block',
      () => office.armoredPublicKey.replaceAll('PUBLIC KEY BLOCK', 'PRIVATE KEY BLOCK'),
      'Expected a -----BEGIN PGP PUBLIC KEY BLOCK----- block, not PGP PRIVATE KEY BLOCK',
    ],
    [
      'a user ID first',
      () => armored(...raw(USER_ID, PUBLIC_KEY)),
      'packet 1 is user ID; a public key block starts with a public key',
    ],
    [
      'a secret key packet first',
      () => armored(secretKeyPacket()),
      'packet 1 is secret key; a public key block starts with a public key',
    ],
    [
      'two keys in one block',
      () => armored(...raw(PUBLIC_KEY, USER_ID, SELF_SIGNATURE, PUBLIC_KEY)),
      'packet 4 is public key: one key per block is accepted',
    ],
    [
      'a user ID after a subkey',
      () => armored(...raw(PUBLIC_KEY, USER_ID, SELF_SIGNATURE, SUBKEY, BINDING, USER_ID)),
      'packet 6 is user ID, after a subkey',
    ],
    [
      'a trust packet (as gpg writes into its own keyring)',
      () => armored(...raw(PUBLIC_KEY, USER_ID), newPacket(12, Uint8Array.of(0, 3))),
      'packet 3 is trust, which a destination public key may not contain',
    ],
    [
      'a user attribute (a photo ID)',
      () => armored(...raw(PUBLIC_KEY, USER_ID, SELF_SIGNATURE), newPacket(17, new Uint8Array(20))),
      'packet 4 is user attribute, which a destination public key may not contain',
    ],
    [
      'a secret subkey',
      () => armored(...raw(PUBLIC_KEY, USER_ID, SELF_SIGNATURE), newPacket(7, packets[SUBKEY]!.body)),
      'packet 4 is secret subkey, which a destination public key may not contain',
    ],
    [
      'a packet cut short',
      () => armored(concat(...raw(PUBLIC_KEY, USER_ID)).subarray(0, packets[PUBLIC_KEY]!.raw.length + 3)),
      /^Packet 2 \(at byte \d+\): cut short in its body$/,
    ],
    ['no user ID', () => armored(...raw(PUBLIC_KEY, SUBKEY, BINDING)), 'it has no user ID'],
    [
      'a public key packet OpenPGP.js cannot read (version 3)',
      () =>
        armored(
          newPacket(6, Uint8Array.of(3, ...packets[PUBLIC_KEY]!.body.subarray(1))),
          ...raw(USER_ID, SELF_SIGNATURE),
        ),
      'OpenPGP.js cannot read it as a key',
    ],
    [
      'a user ID whose self-signature does not verify',
      () => {
        const body = packets[SELF_SIGNATURE]!.body.slice();
        body[body.length - 1] = body[body.length - 1]! ^ 0x01;
        return armored(...raw(PUBLIC_KEY, USER_ID), newPacket(2, body), ...raw(SUBKEY, BINDING));
      },
      'its self-signatures do not verify, or it is revoked or expired',
    ],
    [
      'a signing key without an encryption subkey',
      () => armored(...raw(PUBLIC_KEY, USER_ID, SELF_SIGNATURE)),
      'it cannot be used for encryption (expired, revoked or no encryption subkey)',
    ],
  ] as [string, () => string, string | RegExp][])('refuses %s, saying why', async (_what, make, words) => {
    const got = await outcome(make());
    const prefix = 'invalid_key: The destination key: ';
    expect(got).toMatch(/^invalid_key: The destination key: .*[^.]\.$/);
    const said = got.slice(prefix.length, -1);
    if (typeof words === 'string') expect(said).toBe(words);
    else expect(said).toMatch(words);
  });

  it('refuses an empty block', async () => {
    const empty = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n=twTO\n-----END PGP PUBLIC KEY BLOCK-----\n';
    expect(await outcome(empty)).toBe('invalid_key: The destination key: The armored block holds no data.');
  });
});

describe('a destination key made by OpenPGP.js', () => {
  const make = (options: Partial<Parameters<typeof generateKey>[0]> = {}) =>
    generateKey({
      type: 'rsa',
      rsaBits: 2048,
      userIDs: [{ name: 'Агенттік', email: 'afm@example.kz' }, { name: 'Second' }],
      format: 'object',
      ...options,
    } as Parameters<typeof generateKey>[0] & { format: 'object' });

  it('with RSA and two user IDs is accepted, naming the primary user ID', async () => {
    const { publicKey } = await make();
    const checked = await checkDestinationKey({ armoredKey: publicKey.armor() });
    expect(checked.fingerprint).toBe(publicKey.getFingerprint());
    expect(checked.userId).toBe('Агенттік <afm@example.kz>');
  });

  it('names at most 200 characters of its user ID', async () => {
    const { publicKey } = await make({ type: 'ecc', userIDs: [{ name: 'Қ'.repeat(250) }] });
    expect((await checkDestinationKey({ armoredKey: publicKey.armor() })).userId).toBe('Қ'.repeat(200));
  });

  it('refuses a revoked key and an expired one, saying why', async () => {
    const { privateKey } = await make({ type: 'ecc' });
    const { publicKey: revoked } = await revokeKey({ key: privateKey, format: 'object' });
    // Made two hours ago, valid for one.
    const expired = await make({ type: 'ecc', date: new Date(Date.now() - 7200_000), keyExpirationTime: 3600 });
    for (const key of [revoked, expired.publicKey]) {
      expect(await outcome(key.armor())).toBe(
        'invalid_key: The destination key: its self-signatures do not verify, or it is revoked or expired.',
      );
    }
  });
});
