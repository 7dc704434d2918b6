import {
  config,
  createMessage,
  decryptSessionKeys,
  encrypt,
  enums,
  readKey,
  readMessage,
  type PrivateKey,
} from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { generateReporterKey, type GeneratedKey } from '../../../crypto/src/keys';
import {
  MAX_DECOMPRESSED_REPORT_BYTES,
  REPORTER_USER_ID,
  reporterKeyDate,
  REVIEWER_USER_ID,
} from '../../../crypto/src/profile';
import { decryptReport, sealEnvelope } from '../../../crypto/src/report';
import { generateReviewerKey } from '../../../crypto/src/reviewer-key';
import { encryptSegment } from '../../../crypto/src/segments';
import { unlockedAgencyKey } from '../../support/agency-key';

/**
 * The OpenPGP profile (crypto/src/profile.ts) is what gpg 2.2 reads whatever OpenPGP.js's own defaults are: its
 * settings restate today's defaults (v4 keys, no AEAD, no compression, AES-256), so with the library as it is they
 * change nothing a test can see. Here OpenPGP.js's global defaults are set the other way for the whole file (its
 * documented `config` object, restored after), and every key and message the product makes must still be in the
 * profile: a profile that relied on the defaults would be broken by an OpenPGP.js upgrade without a test failing.
 */
const OTHER_DEFAULTS = {
  v6Keys: true,
  aeadProtect: true,
  preferredCompressionAlgorithm: enums.compression.zlib,
  preferredSymmetricAlgorithm: enums.symmetric.aes128,
} as const;
type Defaults = { -readonly [K in keyof typeof OTHER_DEFAULTS]: (typeof config)[K] };
const saved = {} as Defaults;

let agency: GeneratedKey;
let agencyKey: PrivateKey;
beforeAll(async () => {
  for (const name of Object.keys(OTHER_DEFAULTS) as (keyof Defaults)[]) {
    (saved as Record<string, unknown>)[name] = config[name];
    (config as unknown as Record<string, unknown>)[name] = OTHER_DEFAULTS[name];
  }
  // Made and unlocked with the other defaults in force.
  ({ agency, agencyKey } = await unlockedAgencyKey());
});
afterAll(() => Object.assign(config, saved));

/** The key's version and the symmetric algorithms its self-signature prefers, first first. */
async function profileOf(armoredKey: string) {
  const key = await readKey({ armoredKey });
  const { selfCertification } = await key.getPrimaryUser();
  return {
    version: key.keyPacket.version,
    subkeys: key.subkeys.map((s) => s.keyPacket.version),
    firstCipher: selfCertification.preferredSymmetricAlgorithms?.[0],
    aead: selfCertification.features?.[0] ?? 0,
  };
}

/** Packet tags of an encrypted message, of its SEIPD version, of what is inside it, and its session key's cipher. */
async function messageProfile(message: Awaited<ReturnType<typeof readMessage>>) {
  const tag = (p: unknown) => (p as { constructor: { tag: number } }).constructor.tag;
  const [sessionKey] = await decryptSessionKeys({ message, decryptionKeys: agencyKey });
  // Reading the session key used up the PKESK packets: the data is decrypted with the key read.
  const decrypted = await message.decrypt(
    undefined,
    undefined,
    sessionKey?.algorithm ? [{ data: sessionKey.data, algorithm: sessionKey.algorithm }] : [],
  );
  return {
    outer: [...new Set(Array.from(message.packets, tag))],
    seipdVersion: (message.packets.findPacket(enums.packet.symEncryptedIntegrityProtectedData) as { version?: number })
      ?.version,
    inner: Array.from(decrypted.packets, tag),
    cipher: sessionKey?.algorithm,
  };
}

const V4_NO_AEAD = {
  version: 4,
  subkeys: [4],
  firstCipher: enums.symmetric.aes256,
  // The features subpacket's first octet: 0x01, modification detection (SEIPDv1) only; SEIPDv2 would add 0x08.
  aead: 0x01,
};
const IN_PROFILE = {
  outer: [enums.packet.publicKeyEncryptedSessionKey, enums.packet.symEncryptedIntegrityProtectedData],
  seipdVersion: 1,
  inner: [enums.packet.literalData],
  cipher: 'aes256',
};

describe('the profile holds against other OpenPGP.js defaults', () => {
  it('agency, reporter and reviewer keys are v4 keys preferring AES-256, without AEAD', async () => {
    const reporter = await generateReporterKey({ passphrase: 'reporter' });
    const reviewer = await generateReviewerKey({ passphrase: 'reviewer' });
    for (const key of [agency, reporter, reviewer]) {
      expect(await profileOf(key.armoredPublicKey)).toEqual(V4_NO_AEAD);
    }
    const userId = async (k: GeneratedKey) => (await readKey({ armoredKey: k.armoredPublicKey })).getUserIDs();
    expect(await userId(reporter)).toEqual([REPORTER_USER_ID]);
    expect(await userId(reviewer)).toEqual([REVIEWER_USER_ID]);
    expect([REPORTER_USER_ID, REVIEWER_USER_ID]).toEqual(['Whistle412 reporter', 'Whistle412 reviewer']);
  });

  it('a report is SEIPDv1 with AES-256 around an uncompressed literal packet', async () => {
    const { submission } = await createCryptoApi().sealReport({
      report: { whatHappened: 'Следователь требовал деньги '.repeat(50) },
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
    });
    expect(await messageProfile(await readMessage({ armoredMessage: submission.armoredReport }))).toEqual(IN_PROFILE);
  });

  it('an evidence segment is SEIPDv1 with AES-256 around an uncompressed literal packet', async () => {
    const recipient = await readKey({ armoredKey: agency.armoredPublicKey });
    const segment = await encryptSegment({ plaintext: new Uint8Array(10_000), recipientKeys: [recipient] });
    expect(await messageProfile(await readMessage({ binaryMessage: segment }))).toEqual(IN_PROFILE);
  });
});

describe('limits and times', () => {
  it('a compressed report from outside (a gpg user) opens, up to what a report may inflate to: 16 MiB', async () => {
    expect(MAX_DECOMPRESSED_REPORT_BYTES).toBe(16 * 1024 * 1024);
    const report = { whatHappened: 'Следователь требовал деньги. '.repeat(1000) };
    const armoredReport = await encrypt({
      message: await createMessage({ binary: sealEnvelope(report) }),
      encryptionKeys: await readKey({ armoredKey: agency.armoredPublicKey }),
      config: { preferredCompressionAlgorithm: enums.compression.zlib },
    });
    await expect(decryptReport({ armoredReport, decryptionKey: agencyKey })).resolves.toMatchObject({
      status: 'ok',
      report,
    });
  });

  it("a reporter key's time, by default, is the device clock's current UTC hour", () => {
    const hour = (ms: number) => Math.floor(ms / 3_600_000) * 3_600_000;
    const before = hour(Date.now());
    const dated = reporterKeyDate().getTime();
    const after = hour(Date.now());
    expect(dated === before || dated === after).toBe(true);
    expect(reporterKeyDate(new Date('2026-11-27T01:59:59.999Z')).toISOString()).toBe('2026-11-27T01:00:00.000Z');
  });
});
