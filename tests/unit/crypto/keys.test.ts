import { enums, generateKey, readKey, readPrivateKey } from 'openpgp';

import { generateAgencyKey, readAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';

const PASSPHRASE = 'agency passphrase for unit tests';

describe('generateAgencyKey', () => {
  it('makes a gpg 2.2-readable v4 key: EdDSA (legacy) primary, ECDH curve25519 subkey, passphrase-protected', async () => {
    const { armoredPrivateKey, armoredPublicKey, fingerprint } = await generateAgencyKey({
      agencyName: 'Agency',
      passphrase: PASSPHRASE,
    });
    const publicKey = await readKey({ armoredKey: armoredPublicKey });
    expect(publicKey.keyPacket.version).toBe(4);
    expect(publicKey.getAlgorithmInfo()).toMatchObject({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    expect(publicKey.subkeys[0]!.getAlgorithmInfo()).toMatchObject({ algorithm: 'ecdh', curve: 'curve25519Legacy' });
    expect(fingerprint).toBe(publicKey.getFingerprint());
    const privateKey = await readPrivateKey({ armoredKey: armoredPrivateKey });
    expect(privateKey.isDecrypted()).toBe(false);
    expect(privateKey.getKeys().every((k) => k.keyPacket.algorithm !== enums.publicKey.ed25519)).toBe(true);
  });
});

describe('readAgencyKey', () => {
  it('returns the fingerprint and the encryption subkey ID', async () => {
    const key = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
    const info = await readAgencyKey({ armoredKey: key.armoredPublicKey });
    expect(info.fingerprint).toBe(key.fingerprint);
    expect(info.encryptionKeyIds).toEqual([info.key.subkeys[0]!.getKeyID().toHex()]);
  });

  it.each([
    [
      'a private key',
      async () => (await generateAgencyKey({ agencyName: 'A', passphrase: PASSPHRASE })).armoredPrivateKey,
    ],
    ['garbage', async () => 'not a key'],
    [
      'a key that cannot receive messages (a signing key with no encryption subkey)',
      async () =>
        (
          await generateKey({
            type: 'ecc',
            curve: 'ed25519Legacy',
            userIDs: [{ name: 'Signing only' }],
            subkeys: [],
            format: 'armored',
          })
        ).publicKey,
    ],
  ])('refuses %s', async (_what, make) => {
    await expect(readAgencyKey({ armoredKey: await make() })).rejects.toMatchObject({ code: 'invalid_key' });
  });
});

describe('unlockPrivateKey', () => {
  it('takes a private key with no passphrase as it is, whatever passphrase is given', async () => {
    const { privateKey } = await generateKey({
      type: 'ecc',
      curve: 'ed25519Legacy',
      userIDs: [{ name: 'Unprotected' }],
      format: 'armored',
    });
    const unlocked = await unlockPrivateKey({ armoredPrivateKey: privateKey, passphrase: 'anything' });
    expect(unlocked.isDecrypted()).toBe(true);
    expect(unlocked.getFingerprint()).toBe((await readKey({ armoredKey: privateKey })).getFingerprint());
  });

  it('refuses a wrong passphrase with its own code', async () => {
    const key = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
    await expect(
      unlockPrivateKey({ armoredPrivateKey: key.armoredPrivateKey, passphrase: 'wrong' }),
    ).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
  });

  it('refuses a file that is not a private key', async () => {
    const key = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
    await expect(
      unlockPrivateKey({ armoredPrivateKey: key.armoredPublicKey, passphrase: PASSPHRASE }),
    ).rejects.toMatchObject({
      code: 'invalid_key',
    });
  });
});
