import {
  createMessage,
  decryptKey,
  encrypt,
  enums,
  generateKey,
  readKey,
  readMessage,
  readPrivateKey,
  sign,
} from 'openpgp';

import { inspectEncryptedMessage } from '../../../crypto/src/inspect';
import { generateAgencyKey } from '../../../crypto/src/keys';
import { armorBlock, concat, partialPacket, splitPackets, unarmorBlock } from '../../support/openpgp-bytes';

const PASSPHRASE = 'agency passphrase for unit tests';
const inspect = (armoredMessage: string) => inspectEncryptedMessage({ armoredMessage });

describe('inspectEncryptedMessage', () => {
  let agencyKey: Awaited<ReturnType<typeof generateAgencyKey>>;
  beforeAll(async () => {
    agencyKey = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
  });

  const encryptTo = async (options: Record<string, unknown>): Promise<string> =>
    String(
      await encrypt({ message: await createMessage({ text: 'secret' }), ...options } as Parameters<typeof encrypt>[0]),
    );
  const toAgency = async () => encryptTo({ encryptionKeys: await readKey({ armoredKey: agencyKey.armoredPublicKey }) });

  it('names the encryption subkey a message is addressed to, from the PKESK header bytes', async () => {
    const key = await readKey({ armoredKey: agencyKey.armoredPublicKey });
    const { recipientKeyIds } = inspect(await encryptTo({ encryptionKeys: key }));
    expect(recipientKeyIds).toEqual([key.subkeys[0]!.getKeyID().toHex()]);
  });

  it('names every recipient of a message to several keys', async () => {
    const other = await generateAgencyKey({ agencyName: 'Other', passphrase: PASSPHRASE });
    const keys = await Promise.all([agencyKey, other].map((k) => readKey({ armoredKey: k.armoredPublicKey })));
    const { recipientKeyIds } = inspect(await encryptTo({ encryptionKeys: keys }));
    expect(recipientKeyIds.sort()).toEqual(keys.map((k) => k.subkeys[0]!.getKeyID().toHex()).sort());
  });

  it('accepts encrypted data framed with partial lengths, as gpg writes a message read from a pipe', async () => {
    const [pkesk, seipd] = splitPackets(await unarmorBlock(await toAgency()));
    const longer = concat(seipd!.body, new Uint8Array(3000));
    const framed = armorBlock('message', concat(pkesk!.raw, partialPacket(18, longer, [9, 10, 10])));
    expect(inspect(framed).recipientKeyIds).toHaveLength(1);
  });

  it('stores exactly the packets: the canonical armor decodes to the bytes sent, with a checksum, and is stable', async () => {
    const armored = await toAgency();
    const withHeader = armored.replace(
      '-----BEGIN PGP MESSAGE-----\n',
      '-----BEGIN PGP MESSAGE-----\nComment: Ivan Petrov\n',
    );
    const { canonicalArmoredMessage } = inspect(`\n  ${withHeader}\n`);
    expect(canonicalArmoredMessage).not.toContain('Ivan');
    expect(canonicalArmoredMessage).toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END PGP MESSAGE-----\n$/);
    expect(
      Buffer.from(await unarmorBlock(canonicalArmoredMessage)).equals(Buffer.from(await unarmorBlock(armored))),
    ).toBe(true);
    expect((await readMessage({ armoredMessage: canonicalArmoredMessage })).getEncryptionKeyIDs()).toHaveLength(1);
    expect(inspect(canonicalArmoredMessage).canonicalArmoredMessage).toBe(canonicalArmoredMessage);
  });

  it.each([
    ['plain text', () => 'I was asked for a bribe', 'invalid_armor'],
    ['an armored public key', () => agencyKey.armoredPublicKey, 'invalid_armor'],
    ['text before the armor', async () => `My name is Ivan Petrov\n${await toAgency()}`, 'invalid_armor'],
    ['text after the armor', async () => `${await toAgency()}\nphone +7 700 000 0000\n`, 'invalid_armor'],
    ['a second armored block', async () => `${await toAgency()}\n${await toAgency()}`, 'invalid_armor'],
    ['a truncated message', async () => (await toAgency()).slice(0, 120), 'invalid_armor'],
    ['a password-encrypted message', () => encryptTo({ passwords: ['hunter2'] }), 'not_encrypted'],
    [
      'a message to a key and also to a password',
      async () =>
        encryptTo({ encryptionKeys: await readKey({ armoredKey: agencyKey.armoredPublicKey }), passwords: ['pw'] }),
      'not_encrypted',
    ],
    [
      'a signed but unencrypted message (its plaintext would be stored)',
      async () =>
        sign({
          message: await createMessage({ text: 'plaintext' }),
          signingKeys: await decryptKey({
            privateKey: await readPrivateKey({ armoredKey: agencyKey.armoredPrivateKey }),
            passphrase: PASSPHRASE,
          }),
        }),
      'not_encrypted',
    ],
    [
      'hidden recipients (wildcard key IDs)',
      async () =>
        encryptTo({ encryptionKeys: await readKey({ armoredKey: agencyKey.armoredPublicKey }), wildcard: true }),
      'hidden_recipients',
    ],
    [
      'an AEAD (SEIPDv2) message, which gpg 2.2 cannot read',
      async () => {
        // A key that advertises SEIPDv2 makes OpenPGP.js write an AEAD message (RFC 9580).
        const { publicKey } = await generateKey({
          type: 'ecc',
          curve: 'curve25519Legacy',
          userIDs: [{ name: 'AEAD' }],
          config: { aeadProtect: true },
        });
        const armored = await encryptTo({
          encryptionKeys: await readKey({ armoredKey: publicKey }),
          config: { preferredAEADAlgorithm: enums.aead.ocb },
        });
        expect(splitPackets(await unarmorBlock(armored)).map((p) => [p.tag, p.body[0]])).toEqual([
          [1, 6],
          [18, 2],
        ]);
        return armored;
      },
      'unsupported_format',
    ],
  ])('refuses %s', async (_what, make, code) => {
    const armored = await make();
    expect(() => inspect(String(armored))).toThrow(expect.objectContaining({ code }));
  });
});
