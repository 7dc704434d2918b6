import { createMessage, encrypt, enums, readKey, readMessage } from 'openpgp';

import { generateAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';
import { decryptNote, encryptNote, MAX_NOTE_CHARS } from '../../../crypto/src/notes';
import { reportTimes } from '../../support/packet-times';

const PASSPHRASE = 'agency passphrase for unit tests';

/** Two recipients (the agency and a reviewer, say), each with its unlocked private half. */
async function recipients() {
  const made = await Promise.all(
    ['Agency', 'Reviewer'].map((name) => generateAgencyKey({ agencyName: name, passphrase: PASSPHRASE })),
  );
  const publicKeys = await Promise.all(made.map((k) => readKey({ armoredKey: k.armoredPublicKey })));
  const privateKeys = await Promise.all(
    made.map((k) => unlockPrivateKey({ armoredPrivateKey: k.armoredPrivateKey, passphrase: PASSPHRASE })),
  );
  return { publicKeys, privateKeys };
}

/** A note written outside the product (zlib-compressed, which the product never writes) to one key. */
async function compressedNote(text: string, armoredPublicKey: string) {
  return encrypt({
    message: await createMessage({ text }),
    encryptionKeys: await readKey({ armoredKey: armoredPublicKey }),
    config: { preferredCompressionAlgorithm: enums.compression.zlib },
  });
}

describe('encryptNote / decryptNote', () => {
  it('round-trips to every recipient, in gpg-readable form (SEIPD v1), dated at the epoch', async () => {
    const { publicKeys, privateKeys } = await recipients();
    const text = 'Позвонить адвокату. Қосымша тексеру керек.';
    const armoredNote = await encryptNote({ text, recipientKeys: publicKeys });
    expect(armoredNote.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    const message = await readMessage({ armoredMessage: armoredNote });
    const seipd = message.packets.filterByTag(enums.packet.symEncryptedIntegrityProtectedData);
    expect((seipd[0] as unknown as { version: number }).version).toBe(1);
    for (const decryptionKey of privateKeys) {
      expect(await decryptNote({ armoredNote, decryptionKey })).toEqual({ status: 'ok', text });
      expect(await reportTimes(armoredNote, decryptionKey)).toEqual([{ where: 'literal data (depth 0)', seconds: 0 }]);
    }
  });

  it.each([
    ['empty', ''],
    ['only white space', ' \n\t '],
  ])('refuses a note that is %s', async (_what, text) => {
    const { publicKeys } = await recipients();
    await expect(encryptNote({ text, recipientKeys: publicKeys })).rejects.toMatchObject({ code: 'empty_note' });
  });

  it('takes exactly MAX_NOTE_CHARS characters and refuses one more, saying the limit', async () => {
    const { publicKeys, privateKeys } = await recipients();
    const longest = 'ж'.repeat(MAX_NOTE_CHARS);
    const armoredNote = await encryptNote({ text: longest, recipientKeys: publicKeys });
    expect(await decryptNote({ armoredNote, decryptionKey: privateKeys[0]! })).toEqual({ status: 'ok', text: longest });
    await expect(encryptNote({ text: `${longest}x`, recipientKeys: publicKeys })).rejects.toMatchObject({
      code: 'note_too_large',
      message: `A note holds at most ${MAX_NOTE_CHARS} characters.`,
    });
  });

  it('reads a compressed note of the largest size, and fails one that inflates past four bytes a character', async () => {
    const agency = await generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE });
    const decryptionKey = await unlockPrivateKey({
      armoredPrivateKey: agency.armoredPrivateKey,
      passphrase: PASSPHRASE,
    });
    // Three UTF-8 bytes for each UTF-16 unit (`text.length` counts those): the most bytes a note can hold.
    const largest = '€'.repeat(MAX_NOTE_CHARS);
    expect(
      await decryptNote({ armoredNote: await compressedNote(largest, agency.armoredPublicKey), decryptionKey }),
    ).toEqual({ status: 'ok', text: largest });
    const bomb = await compressedNote('a'.repeat(MAX_NOTE_CHARS * 4 + 1), agency.armoredPublicKey);
    expect(await decryptNote({ armoredNote: bomb, decryptionKey })).toEqual({ status: 'failed' });
  });

  it('gives a state, not an exception, for a note it cannot read', async () => {
    const { publicKeys, privateKeys } = await recipients();
    const stranger = await generateAgencyKey({ agencyName: 'Stranger', passphrase: PASSPHRASE });
    const strangerKey = await unlockPrivateKey({
      armoredPrivateKey: stranger.armoredPrivateKey,
      passphrase: PASSPHRASE,
    });
    const armoredNote = await encryptNote({ text: 'x', recipientKeys: publicKeys });
    expect(await decryptNote({ armoredNote, decryptionKey: strangerKey })).toEqual({ status: 'failed' });
    expect(await decryptNote({ armoredNote: 'not a message', decryptionKey: privateKeys[0]! })).toEqual({
      status: 'failed',
    });
  });
});
