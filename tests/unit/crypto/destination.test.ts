import { decrypt, enums, generateKey, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { encryptForDestination, readDestinationKey } from '../../../crypto/src/destination';
import { formatFingerprint } from '../../../crypto/src/fingerprint';
import { splitPackets } from '../../support/openpgp-bytes';

/**
 * A referral's export to an outside body (crypto/src/destination.ts): the browser reads the destination key the
 * server served and checks it is the one the reviewer chose, then encrypts each file to it alone, in the form
 * the body's own gpg reads, with nothing about the file outside the encryption (no name, no date).
 */
let office: { privateKey: PrivateKey; publicKey: PublicKey };
let stranger: { privateKey: PrivateKey; publicKey: PublicKey };
beforeAll(async () => {
  const make = (name: string) =>
    generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name }], format: 'object' });
  [office, stranger] = await Promise.all([make('Office'), make('Stranger')]);
});

async function outcome(armoredDestinationKey: string, expectedFingerprint: string): Promise<string> {
  try {
    const key = await readDestinationKey({ armoredDestinationKey, expectedFingerprint });
    return `key ${key.getFingerprint()}`;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code}: ${message}`;
  }
}

describe('the served destination key', () => {
  it('is used when it is the one chosen, the fingerprint written either way', async () => {
    const fingerprint = office.publicKey.getFingerprint();
    for (const expected of [fingerprint, formatFingerprint(fingerprint), fingerprint.toUpperCase()]) {
      expect(await outcome(office.publicKey.armor(), expected)).toBe(`key ${fingerprint}`);
    }
  });

  it('is refused, naming both keys, when the server serves another', async () => {
    const fingerprint = office.publicKey.getFingerprint();
    expect(await outcome(stranger.publicKey.armor(), fingerprint)).toBe(
      `agency_key_mismatch: The server served key ${formatFingerprint(stranger.publicKey.getFingerprint())} for destination ${formatFingerprint(fingerprint)}.`,
    );
  });

  it('is refused when it is a private key, or not a key', async () => {
    const fingerprint = office.publicKey.getFingerprint();
    expect(await outcome(office.privateKey.armor(), fingerprint)).toBe(
      'invalid_key: A public key was expected, but this is a private key.',
    );
    expect(await outcome('not a key', fingerprint)).toBe(
      'invalid_key: The destination key cannot be used for encryption.',
    );
  });

  it('is refused when it cannot encrypt (expired)', async () => {
    const { publicKey } = await generateKey({
      type: 'ecc',
      userIDs: [{ name: 'Expired office' }],
      date: new Date(Date.now() - 7200_000),
      keyExpirationTime: 3600,
      format: 'object',
    });
    expect(await outcome(publicKey.armor(), publicKey.getFingerprint())).toBe(
      'invalid_key: The destination key cannot be used for encryption.',
    );
  });
});

describe('an exported file', () => {
  it('opens with the destination key alone, byte for byte, with no name, the fixed epoch, and no compression', async () => {
    const plaintext = new Uint8Array(Buffer.from('Заявление. '.repeat(500)));
    const sealed = await encryptForDestination({ plaintext, destinationKey: office.publicKey });
    // Binary OpenPGP, not armor: PKESK then SEIPD, and only one recipient (the office's encryption subkey).
    const packets = splitPackets(sealed);
    expect(packets.map((p) => p.tag)).toEqual([1, 18]);
    const opened = await decrypt({
      message: await readMessage({ binaryMessage: sealed }),
      decryptionKeys: office.privateKey,
      format: 'binary',
    });
    expect(Buffer.from(opened.data as Uint8Array)).toEqual(Buffer.from(plaintext));
    const inner = await readMessage({ binaryMessage: sealed });
    const decrypted = await inner.decrypt([office.privateKey]);
    const literal = decrypted.packets.findPacket(enums.packet.literalData) as unknown as {
      getFilename(): string;
      date: Date;
      format: number;
    };
    expect(decrypted.packets.findPacket(enums.packet.compressedData)).toBeUndefined();
    expect(literal.getFilename()).toBe('');
    expect(literal.date.getTime()).toBe(0);
    expect(literal.format).toBe(enums.literal.binary);
    await expect(
      decrypt({ message: await readMessage({ binaryMessage: sealed }), decryptionKeys: stranger.privateKey }),
    ).rejects.toThrow();
  });
});
