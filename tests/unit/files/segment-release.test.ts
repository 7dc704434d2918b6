import { randomBytes } from 'node:crypto';

import { createMessage, decrypt, decryptKey, encrypt, readKey, readMessage, readPrivateKey } from 'openpgp';

import { generateAgencyKey, type GeneratedKey } from '../../../crypto/src/keys';
import { GPG_COMPATIBLE } from '../../../crypto/src/profile';
import { encryptSegment, freeCipherOutput, SEGMENT_BYTES } from '../../../crypto/src/segments';
import { GpgHome } from '../../support/gpg';

/**
 * encryptSegment frees OpenPGP.js's cipher output once the message is
 * written (crypto/src/segments.ts, freeCipherOutput). Node 20 has no way to
 * free a buffer early (release.ts does nothing here), so these tests give
 * ArrayBuffer a `transfer` that really detaches (structuredClone moves the
 * bytes out), and record what was freed: the segment must still decrypt,
 * with OpenPGP.js and with gpg, after its cipher buffer is gone.
 */
const PASSPHRASE = 'agency passphrase for segment release tests';
let agency: GeneratedKey;
let gpg: GpgHome;
const freed: ArrayBuffer[] = [];

beforeAll(async () => {
  agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
  gpg = new GpgHome(PASSPHRASE);
  gpg.importKey(agency.armoredPrivateKey);
  Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
    configurable: true,
    value(this: ArrayBuffer, length: number) {
      structuredClone(this, { transfer: [this] });
      freed.push(this);
      return new ArrayBuffer(length);
    },
  });
});

afterAll(() => {
  delete (ArrayBuffer.prototype as { transfer?: unknown }).transfer;
  gpg.remove();
});

beforeEach(() => {
  freed.length = 0;
});

const decryptWithOpenPgp = async (encryptedSegment: Uint8Array) => {
  const decryptionKey = await decryptKey({
    privateKey: await readPrivateKey({ armoredKey: agency.armoredPrivateKey }),
    passphrase: PASSPHRASE,
  });
  const { data } = await decrypt({
    message: await readMessage({ binaryMessage: encryptedSegment }),
    decryptionKeys: decryptionKey,
    format: 'binary',
  });
  return Buffer.from(data);
};

it.each([
  ['a full segment', SEGMENT_BYTES],
  ['a short last segment', 12_345],
  ['an empty file', 0],
])(
  '%s: the cipher output is freed after writing, and the segment still decrypts with OpenPGP.js and gpg',
  async (_, size) => {
    const plaintext = randomBytes(size);
    const recipientKeys = [await readKey({ armoredKey: agency.armoredPublicKey })];
    const encryptedSegment = await encryptSegment({ plaintext: new Uint8Array(plaintext), recipientKeys });

    // One buffer freed, about the size of the encrypted data, and not the segment's.
    expect(freed).toHaveLength(1);
    expect(freed[0]!.byteLength).toBe(0);
    expect(encryptedSegment.buffer.byteLength).toBeGreaterThan(size);

    expect((await decryptWithOpenPgp(encryptedSegment)).equals(plaintext)).toBe(true);
    const byGpg = gpg.decrypt(Buffer.from(encryptedSegment));
    expect(byGpg.status).toBe(0);
    expect(byGpg.stdout.equals(plaintext)).toBe(true);
  },
);

it('frees nothing that is not a cipher buffer of its own: a view into a larger buffer, or the written bytes', async () => {
  const recipientKeys = [await readKey({ armoredKey: agency.armoredPublicKey })];
  const message = await createMessage({ binary: new Uint8Array(64), format: 'binary', date: new Date(0) });
  const encrypted = await encrypt({ message, encryptionKeys: recipientKeys, format: 'object', config: GPG_COMPATIBLE });
  const seipd = encrypted.packets[encrypted.packets.length - 1] as unknown as { encrypted: Uint8Array };
  const written = encrypted.write() as Uint8Array;

  // A view into a pool (as Node's small Buffers are): left alone.
  const pool = new Uint8Array(8192);
  pool.set(seipd.encrypted);
  seipd.encrypted = pool.subarray(0, seipd.encrypted.length);
  freeCipherOutput(encrypted, written);
  // The written bytes themselves: left alone.
  seipd.encrypted = written;
  freeCipherOutput(encrypted, written);

  expect(freed).toHaveLength(0);
  expect(pool.byteLength).toBe(8192);
  expect((await decryptWithOpenPgp(written)).equals(Buffer.alloc(64))).toBe(true);
});
