import { createMessage, decrypt, encrypt, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { GPG_COMPATIBLE } from './profile';

/** A reviewer's internal note, in characters: a few pages. */
export const MAX_NOTE_CHARS = 20_000;

/** No specific time in the literal data (RFC 9580 §5.9): the server records when a note was added. */
const NOTE_LITERAL_DATE = new Date(0);

/**
 * A reviewer's internal note, encrypted to the recipient set (the agency key
 * and the reviewer keys, as `readRecipientKeys` gives them; never a
 * reporter's key), armored for the server's strict reader.
 */
export async function encryptNote({ text, recipientKeys }: { text: string; recipientKeys: PublicKey[] }) {
  if (text.trim() === '') throw new CryptoError('empty_note', 'A note needs some text.');
  if (text.length > MAX_NOTE_CHARS) {
    throw new CryptoError('note_too_large', `A note holds at most ${MAX_NOTE_CHARS} characters.`);
  }
  const message = await createMessage({ text, format: 'utf8', date: NOTE_LITERAL_DATE });
  return encrypt({ message, encryptionKeys: recipientKeys, format: 'armored', config: GPG_COMPATIBLE });
}

export type DecryptedNote = { status: 'ok'; text: string } | { status: 'failed' };

/** A note read with an unlocked key; one that cannot be read is a state, not an exception. */
export async function decryptNote({
  armoredNote,
  decryptionKey,
}: {
  armoredNote: string;
  decryptionKey: PrivateKey;
}): Promise<DecryptedNote> {
  try {
    const message = await readMessage({ armoredMessage: armoredNote });
    const { data } = await decrypt({
      message,
      decryptionKeys: decryptionKey,
      format: 'utf8',
      config: { maxDecompressedMessageSize: MAX_NOTE_CHARS * 4 },
    });
    return { status: 'ok', text: data };
  } catch {
    return { status: 'failed' };
  }
}
