import { createMessage, decrypt, encrypt, readKey, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { fromUtf8, utf8 } from './encoding';
import { CryptoError } from './errors';
import { paddedLength } from './padding';
import { GPG_COMPATIBLE, LITERAL_DATA_DATE, MAX_DECOMPRESSED_REPORT_BYTES } from './profile';

/**
 * The plaintext inside every message of a report's thread, written by the
 * reporter (on a return visit) or by a reviewer:
 * `{"envelope":"whistle412/message","v":1,"message":{…},"pad":"   "}`.
 * The message itself (`text`, and the files a reporter adds) is read by the
 * pages with their own schema (frontend/src/shared/thread-message.ts). Padded
 * to the same buckets as reports, so a stored message's length says only its bucket.
 */
export const MESSAGE_ENVELOPE = 'whistle412/message';
export const MESSAGE_ENVELOPE_VERSION = 1;
/** Largest padded plaintext; the server's limit on the armored message follows from it. */
export const MAX_MESSAGE_PLAINTEXT_BYTES = 64 * 1024;
/**
 * Largest padded plaintext of what a reporter shares with a lawyer: their
 * report (at most 192 KiB, report.ts) and their thread (about 60 KB), in the
 * same envelope. The server's limit on the armored share follows from it.
 */
export const MAX_SHARE_PLAINTEXT_BYTES = 256 * 1024;

function sealMessageEnvelope(message: unknown, maxBytes: number): Uint8Array<ArrayBuffer> {
  const bare = JSON.stringify({ envelope: MESSAGE_ENVELOPE, v: MESSAGE_ENVELOPE_VERSION, message, pad: '' });
  const length = utf8(bare).length;
  if (length > maxBytes) throw new CryptoError('report_too_large', 'The message is too long.');
  const padding = ' '.repeat(Math.min(paddedLength(length), maxBytes) - length);
  return utf8(bare.replace(/"pad":""}$/, `"pad":"${padding}"}`));
}

/** The reporter key's public half, as the server serves it with the thread. */
export async function readReporterPublicKey(armoredKey: string): Promise<PublicKey> {
  try {
    const key = await readKey({ armoredKey });
    if (key.isPrivate()) throw new Error('private');
    await key.getEncryptionKey();
    return key;
  } catch {
    throw new CryptoError('invalid_key', 'The reporter key of this report cannot be used for encryption.');
  }
}

/**
 * Encrypts one thread message to the recipient set (already checked against
 * the pinned agency fingerprint by `readRecipientKeys`) and to the report's
 * reporter key, so the reporter can read it, or reread what they wrote.
 */
export async function encryptThreadMessage({
  message,
  recipientKeys,
  reporterKey,
  maxPlaintextBytes = MAX_MESSAGE_PLAINTEXT_BYTES,
}: {
  message: unknown;
  recipientKeys: PublicKey[];
  reporterKey: PublicKey;
  /** Only a share with a lawyer may be larger than a message (MAX_SHARE_PLAINTEXT_BYTES). */
  maxPlaintextBytes?: number;
}): Promise<string> {
  const literal = await createMessage({
    binary: sealMessageEnvelope(message, maxPlaintextBytes),
    format: 'binary',
    date: LITERAL_DATA_DATE,
  });
  return encrypt({
    message: literal,
    encryptionKeys: [...recipientKeys, reporterKey],
    format: 'armored',
    config: GPG_COMPATIBLE,
  });
}

export type DecryptedThreadMessage =
  | { status: 'ok'; message: unknown }
  | { status: 'failed'; reason: 'not_for_this_key' | 'corrupted' | 'unknown_envelope' };

/** Decrypts one stored message; failure is a result, so a thread with one damaged message still shows the rest. */
export async function decryptThreadMessage({
  armoredMessage,
  decryptionKey,
}: {
  armoredMessage: string;
  decryptionKey: PrivateKey;
}): Promise<DecryptedThreadMessage> {
  let data: Uint8Array;
  try {
    const message = await readMessage({ armoredMessage });
    const recipients = message.getEncryptionKeyIDs().map((id) => id.toHex());
    const ours = decryptionKey.getKeys().map((k) => k.getKeyID().toHex());
    if (!recipients.some((id) => ours.includes(id))) return { status: 'failed', reason: 'not_for_this_key' };
    ({ data } = await decrypt({
      message,
      decryptionKeys: decryptionKey,
      format: 'binary',
      config: { maxDecompressedMessageSize: MAX_DECOMPRESSED_REPORT_BYTES },
    }));
  } catch {
    return { status: 'failed', reason: 'corrupted' };
  }
  try {
    const parsed = JSON.parse(fromUtf8(data)) as { envelope?: unknown; v?: unknown; message?: unknown };
    if (parsed.envelope === MESSAGE_ENVELOPE && parsed.v === MESSAGE_ENVELOPE_VERSION && 'message' in parsed) {
      return { status: 'ok', message: parsed.message };
    }
  } catch {
    // not ours: below
  }
  return { status: 'failed', reason: 'unknown_envelope' };
}
