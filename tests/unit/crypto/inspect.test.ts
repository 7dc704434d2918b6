import { createMessage, decryptKey, encrypt, readKey, readMessage, readPrivateKey, sign } from 'openpgp';

import { inspectEncryptedMessage } from '../../../crypto/src/inspect';
import { generateAgencyKey } from '../../../crypto/src/keys';

const PASSPHRASE = 'agency passphrase for unit tests';

describe('inspectEncryptedMessage', () => {
  let agencyKey: Awaited<ReturnType<typeof generateAgencyKey>>;
  beforeAll(async () => {
    agencyKey = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
  });

  const encryptTo = async (options: Record<string, unknown>): Promise<string> =>
    String(
      await encrypt({ message: await createMessage({ text: 'secret' }), ...options } as Parameters<typeof encrypt>[0]),
    );

  it('names the encryption subkey a message is addressed to, without decrypting', async () => {
    const key = await readKey({ armoredKey: agencyKey.armoredPublicKey });
    const armoredMessage = await encryptTo({ encryptionKeys: key });
    const { recipientKeyIds } = await inspectEncryptedMessage({ armoredMessage });
    expect(recipientKeyIds).toEqual([key.subkeys[0]!.getKeyID().toHex()]);
  });

  it('names every recipient of a message to several keys', async () => {
    const other = await generateAgencyKey({ agencyName: 'Other', passphrase: PASSPHRASE });
    const keys = await Promise.all([agencyKey, other].map((k) => readKey({ armoredKey: k.armoredPublicKey })));
    const { recipientKeyIds } = await inspectEncryptedMessage({
      armoredMessage: await encryptTo({ encryptionKeys: keys }),
    });
    expect(recipientKeyIds.sort()).toEqual(keys.map((k) => k.subkeys[0]!.getKeyID().toHex()).sort());
  });

  it.each([
    ['plain text', 'I was asked for a bribe'],
    ['an armored public key', () => agencyKey.armoredPublicKey],
    [
      'a truncated message',
      async () =>
        (await encryptTo({ encryptionKeys: await readKey({ armoredKey: agencyKey.armoredPublicKey }) })).slice(0, 120),
    ],
  ])('refuses %s as not an OpenPGP message', async (_what, input) => {
    const armoredMessage = typeof input === 'function' ? await input() : input;
    await expect(inspectEncryptedMessage({ armoredMessage })).rejects.toMatchObject({ code: 'invalid_message' });
  });

  describe('nothing but ciphertext is kept', () => {
    let armored: string;
    beforeAll(async () => {
      armored = await encryptTo({ encryptionKeys: await readKey({ armoredKey: agencyKey.armoredPublicKey }) });
    });

    it.each([
      ['text before the armor', () => `My name is Ivan Petrov\n${armored}`],
      ['text after the armor', () => `${armored}\nphone +7 700 000 0000\n`],
      ['a second armored block', () => `${armored}\n${armored}`],
    ])('refuses %s', async (_what, make) => {
      await expect(inspectEncryptedMessage({ armoredMessage: make() })).rejects.toMatchObject({
        code: 'invalid_message',
      });
    });

    it('drops armor headers: the canonical form holds the packets only', async () => {
      const withHeader = armored.replace(
        '-----BEGIN PGP MESSAGE-----\n',
        '-----BEGIN PGP MESSAGE-----\nComment: reporter Ivan Petrov\n',
      );
      const { canonicalArmoredMessage } = await inspectEncryptedMessage({ armoredMessage: withHeader });
      expect(canonicalArmoredMessage).not.toContain('Ivan');
      // The canonical form holds exactly the packets of the original, byte for byte.
      const packets = async (armoredMessage: string) =>
        Buffer.from((await readMessage({ armoredMessage })).write() as Uint8Array).toString('hex');
      expect(await packets(canonicalArmoredMessage)).toBe(await packets(armored));
      const again = await inspectEncryptedMessage({ armoredMessage: `  ${canonicalArmoredMessage}\n\n` });
      expect(again.canonicalArmoredMessage).toBe(canonicalArmoredMessage);
    });
  });

  it('refuses a password-encrypted message (no public-key recipient)', async () => {
    const armoredMessage = await encryptTo({ passwords: ['hunter2'] });
    await expect(inspectEncryptedMessage({ armoredMessage })).rejects.toMatchObject({ code: 'not_encrypted' });
  });

  it('refuses a message encrypted to a key and also to a password', async () => {
    const key = await readKey({ armoredKey: agencyKey.armoredPublicKey });
    const armoredMessage = await encryptTo({ encryptionKeys: key, passwords: ['hunter2'] });
    await expect(inspectEncryptedMessage({ armoredMessage })).rejects.toMatchObject({ code: 'not_encrypted' });
  });

  it('refuses a signed but unencrypted message: its plaintext would be stored', async () => {
    const signingKey = await decryptKey({
      privateKey: await readPrivateKey({ armoredKey: agencyKey.armoredPrivateKey }),
      passphrase: PASSPHRASE,
    });
    const armoredMessage = await sign({ message: await createMessage({ text: 'plaintext' }), signingKeys: signingKey });
    await expect(inspectEncryptedMessage({ armoredMessage })).rejects.toMatchObject({ code: 'not_encrypted' });
  });

  it('refuses a message that hides its recipients (wildcard key IDs)', async () => {
    const key = await readKey({ armoredKey: agencyKey.armoredPublicKey });
    const armoredMessage = await encryptTo({ encryptionKeys: key, wildcard: true });
    await expect(inspectEncryptedMessage({ armoredMessage })).rejects.toMatchObject({ code: 'invalid_message' });
  });
});
