import {
  type AnyPacket,
  createMessage,
  encrypt,
  generateKey,
  Message,
  PacketList,
  readKey,
  readSignature,
} from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { generateAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { decryptReport } from '../../../crypto/src/report';
import {
  checkSignatures,
  MAX_ARMORED_SIGNER_KEY_CHARS,
  openClearsigned,
  readSignerKey,
} from '../../../crypto/src/report-signature';
import { GPG_COMPATIBLE } from '../../../crypto/src/profile';
import { GpgSigner } from '../../support/gpg-signer';
import { encryptToKeys } from '../../support/reports';

/**
 * Reports signed inside by a gpg user: every message here is signed by a real
 * gpg with a key it made, and checked by the console's OpenPGP.js code.
 */
const PASSPHRASE = 'agency passphrase for signature tests';
const SIGNER_ID = 'Адвокат Әлия Сейітова <aliya@example.kz>';
const TEXT = 'Тергеуші 500 000 теңге сұрады. The investigator asked for money.';
const ENVELOPE = JSON.stringify({
  envelope: 'whistle412/report',
  v: 1,
  report: { whatHappened: TEXT, agency: 'police' },
  pad: '',
});

let agency: Awaited<ReturnType<typeof generateAgencyKey>>;
let decryptionKey: Awaited<ReturnType<typeof unlockPrivateKey>>;
let signer: GpgSigner;
let stranger: GpgSigner;
beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
  decryptionKey = await unlockPrivateKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
  signer = new GpgSigner(SIGNER_ID, agency.armoredPublicKey);
  stranger = new GpgSigner('Stranger <stranger@example.org>', agency.armoredPublicKey);
});
afterAll(() => {
  signer?.remove();
  stranger?.remove();
});

const signerKey = () => readKey({ armoredKey: signer.armoredPublicKey });

describe('a report signed inside with gpg (gpg --sign --encrypt)', () => {
  it('is read, and its signature verifies by the signer key fingerprint and user ID', async () => {
    const armoredReport = signer.signAndEncrypt(ENVELOPE, agency.fingerprint);
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toEqual({
      status: 'ok',
      envelopeVersion: 1,
      report: { whatHappened: TEXT, agency: 'police' },
      signatures: [{ status: 'verified', keyId: signer.keyId, fingerprint: signer.fingerprint, userIds: [SIGNER_ID] }],
    });
  });

  it('signed by a key the console does not hold: shown as unverified, naming the key ID and fingerprint', async () => {
    const armoredReport = signer.signAndEncrypt(TEXT, agency.fingerprint);
    const otherKey = await readKey({ armoredKey: stranger.armoredPublicKey });
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [otherKey] });
    expect(opened).toEqual({
      status: 'plaintext',
      text: TEXT,
      signatures: [{ status: 'unknown_key', keyId: signer.keyId, fingerprint: signer.fingerprint }],
    });
  });

  it.each([
    ['as signed: verifies', TEXT, 'verified'],
    [
      'changed after signing: the report is still shown, its signature marked as not verifying',
      TEXT.replace('500 000', '900 000'),
      'invalid',
    ],
  ] as const)('gpg signature beside the words, %s', async (_name, words, status) => {
    // gpg's own signature over TEXT, put in front of `words` and encrypted by OpenPGP.js (gpg would wrap an
    // existing signed message in a new literal packet, so a changed one cannot be made with gpg alone).
    const signature = await readSignature({ binarySignature: signer.detachSign(TEXT) });
    const literal = await createMessage({ binary: new TextEncoder().encode(words) });
    // The old signed-message form (RFC 4880 §11.3): the signature packet, then the literal data it signs.
    const packets = new PacketList<AnyPacket>();
    packets.push(...signature.packets, ...literal.packets);
    const message = new Message(packets);
    const encryptionKeys = await readKey({ armoredKey: agency.armoredPublicKey });
    const armoredReport = await encrypt({ message, encryptionKeys, format: 'armored', config: GPG_COMPATIBLE });
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toEqual({
      status: 'plaintext',
      text: words,
      signatures: [{ status, keyId: signer.keyId, fingerprint: signer.fingerprint, userIds: [SIGNER_ID] }],
    });
  });

  it('a signature by another key is not taken for the known signer: unknown until that key is held', async () => {
    // Signed by the stranger while the console holds only the signer's key: never shown as the signer's.
    const armoredReport = stranger.signAndEncrypt(TEXT, agency.fingerprint);
    const strangerKey = await readKey({ armoredKey: stranger.armoredPublicKey });
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toMatchObject({ signatures: [{ status: 'unknown_key', keyId: stranger.keyId }] });
    const withBoth = await decryptReport({
      armoredReport,
      decryptionKey,
      verificationKeys: [await signerKey(), strangerKey],
    });
    expect(withBoth).toMatchObject({ signatures: [{ status: 'verified', fingerprint: stranger.fingerprint }] });
  });

  it('clearsigned, then encrypted: the signed text is shown and the signature verifies', async () => {
    const armoredReport = signer.gpg.encrypt(signer.clearsign(TEXT), [agency.fingerprint]);
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toEqual({
      status: 'plaintext',
      text: TEXT,
      signatures: [{ status: 'verified', keyId: signer.keyId, fingerprint: signer.fingerprint, userIds: [SIGNER_ID] }],
    });
  });

  it('clearsigned and then edited: the signature does not verify', async () => {
    const edited = signer.clearsign(TEXT).replace('500 000', '900 000');
    const armoredReport = signer.gpg.encrypt(edited, [agency.fingerprint]);
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toMatchObject({ status: 'plaintext', signatures: [{ status: 'invalid' }] });
  });

  it('clearsigned with words added after the signature: shown whole, as text, never cut to the signed part', async () => {
    const added = `${signer.clearsign(TEXT)}\nAlso: the officer's name is Ivanov.\n`;
    const armoredReport = signer.gpg.encrypt(added, [agency.fingerprint]);
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toEqual({ status: 'plaintext', text: added });
  });

  it('clearsigned with a comment in the signature block: shown whole, as text', async () => {
    const commented = signer
      .clearsign(TEXT)
      .replace(
        '-----BEGIN PGP SIGNATURE-----\n',
        "-----BEGIN PGP SIGNATURE-----\nComment: the officer's name is Ivanov\n",
      );
    const armoredReport = signer.gpg.encrypt(commented, [agency.fingerprint]);
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toEqual({ status: 'plaintext', text: commented });
  });

  it('an unsigned report carries no signature field at all', async () => {
    const byGpg = signer.gpg.encrypt(ENVELOPE, [agency.fingerprint]);
    const byOpenPgpJs = await encryptToKeys(TEXT, [agency.armoredPublicKey]);
    for (const armoredReport of [byGpg, byOpenPgpJs]) {
      const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
      expect(opened).not.toHaveProperty('signatures');
    }
  });
});

describe('the crypto endpoint checks signatures with the keys it holds', () => {
  it('unknown until the reviewer pastes the signer public key, then verified; cleared with the key store', async () => {
    const api = createCryptoApi();
    const { keyRef } = await api.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
    const armoredReport = signer.signAndEncrypt(ENVELOPE, agency.fingerprint);
    await expect(api.decryptReport({ armoredReport, keyRef })).resolves.toMatchObject({
      signatures: [{ status: 'unknown_key', keyId: signer.keyId }],
    });
    await expect(api.addSignerKey({ armoredPublicKey: signer.armoredPublicKey })).resolves.toEqual({
      fingerprint: signer.fingerprint,
      userIds: [SIGNER_ID],
    });
    await expect(api.decryptReport({ armoredReport, keyRef })).resolves.toMatchObject({
      signatures: [{ status: 'verified', fingerprint: signer.fingerprint }],
    });
    await api.clearKeyStore();
    const again = await api.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
    await expect(api.decryptReport({ armoredReport, keyRef: again.keyRef })).resolves.toMatchObject({
      signatures: [{ status: 'unknown_key' }],
    });
  });

  it.each([
    ['text that is not a key', 'not a key at all'],
    ['a private key', () => agency.armoredPrivateKey],
    ['a key larger than any signer key', () => 'x'.repeat(70_000)],
  ])('refuses %s as a signer key', async (_name, input) => {
    const armoredPublicKey = typeof input === 'function' ? input() : input;
    await expect(createCryptoApi().addSignerKey({ armoredPublicKey })).rejects.toMatchObject({ code: 'invalid_key' });
  });
});

describe('openClearsigned and checkSignatures, directly', () => {
  it('reads a clearsigned text after blank lines, but never one with words before it (they would be dropped)', async () => {
    const clearsigned = signer.clearsign(TEXT);
    const keys = [await signerKey()];
    await expect(openClearsigned(`\n \n${clearsigned}`, keys)).resolves.toMatchObject({
      text: TEXT,
      signatures: [{ status: 'verified', fingerprint: signer.fingerprint }],
    });
    await expect(openClearsigned(`The officer's name is Ivanov.\n${clearsigned}`, keys)).resolves.toBeNull();
  });

  it('gives null, not an exception, for a clearsigned text whose signature cannot be read', async () => {
    const broken = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA256',
      '',
      TEXT,
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'bm90IGEgc2lnbmF0dXJl',
      '-----END PGP SIGNATURE-----',
      '',
    ].join('\n');
    await expect(openClearsigned(broken, [await signerKey()])).resolves.toBeNull();
  });

  it('names no fingerprint for a v6 signer it does not hold (its 32-byte fingerprint is not a v4 one)', async () => {
    const { privateKey } = await generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'v6 signer' }],
      format: 'object',
      config: { v6Keys: true },
    });
    const encryptionKeys = await readKey({ armoredKey: agency.armoredPublicKey });
    const message = await createMessage({ text: TEXT });
    const armoredReport = await encrypt({ message, encryptionKeys, signingKeys: privateKey, config: GPG_COMPATIBLE });
    const opened = await decryptReport({ armoredReport, decryptionKey, verificationKeys: [await signerKey()] });
    expect(opened).toStrictEqual({
      status: 'plaintext',
      text: TEXT,
      signatures: [{ status: 'unknown_key', keyId: privateKey.getKeyID().toHex(), fingerprint: null }],
    });
  });

  it('names no fingerprint when the signature packet itself cannot be read', async () => {
    // What OpenPGP.js hands back for a signature it could not parse: the promise rejects.
    const unreadable = Promise.reject(new Error('unreadable signature packet'));
    unreadable.catch(() => undefined);
    const keyID = (await signerKey()).getKeyID();
    const checks = await checkSignatures([{ keyID, verified: Promise.resolve(true), signature: unreadable }], []);
    expect(checks).toStrictEqual([{ status: 'unknown_key', keyId: keyID.toHex(), fingerprint: null }]);
  });
});

describe('readSignerKey', () => {
  /** The signer's real public key with a long armor comment: the same key, made as long as asked. */
  const padded = (chars: number) => {
    const [head, ...rest] = signer.armoredPublicKey.split('\n');
    const filler = chars - signer.armoredPublicKey.length - 'Comment: \n'.length;
    return [head, `Comment: ${'x'.repeat(filler)}`, ...rest].join('\n');
  };

  it('reads a key of exactly the size limit, and refuses one a character longer before reading it', async () => {
    const longest = padded(MAX_ARMORED_SIGNER_KEY_CHARS);
    expect(longest.length).toBe(MAX_ARMORED_SIGNER_KEY_CHARS);
    expect((await readSignerKey(longest)).getFingerprint()).toBe(signer.fingerprint);
    await expect(readSignerKey(padded(MAX_ARMORED_SIGNER_KEY_CHARS + 1))).rejects.toMatchObject({
      code: 'invalid_key',
    });
  });
});
