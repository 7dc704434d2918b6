import { createMessage, decrypt, encrypt, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { fromUtf8, utf8 } from './encoding';
import { CryptoError } from './errors';
import { paddedLength } from './padding';
import { GPG_COMPATIBLE, LITERAL_DATA_DATE, MAX_DECOMPRESSED_REPORT_BYTES } from './profile';

/**
 * The plaintext inside a stored referral (the reviewer's document before it
 * is rendered): `{"envelope":"whistle412/referral","v":1,"referral":{…},"pad":"  "}`.
 * Its schema lives with the console that writes and reads it
 * (frontend/src/console/referral/referral-model.ts).
 */
export const REFERRAL_ENVELOPE = 'whistle412/referral';
export const REFERRAL_ENVELOPE_VERSION = 1;
/** A referral is text: facts, an evidence list of up to 100 files; it fits comfortably. */
export const MAX_REFERRAL_PLAINTEXT_BYTES = 192 * 1024;

export type DecryptedReferral =
  | { status: 'ok'; referral: unknown }
  | { status: 'failed'; reason: 'not_for_this_key' | 'corrupted' | 'unknown_envelope' };

function seal(referral: unknown): Uint8Array {
  const bare = JSON.stringify({ envelope: REFERRAL_ENVELOPE, v: REFERRAL_ENVELOPE_VERSION, referral, pad: '' });
  const length = utf8(bare).length;
  if (length > MAX_REFERRAL_PLAINTEXT_BYTES) throw new CryptoError('report_too_large', 'The referral is too long.');
  const padding = ' '.repeat(Math.min(paddedLength(length), MAX_REFERRAL_PLAINTEXT_BYTES) - length);
  return utf8(bare.replace(/"pad":""}$/, `"pad":"${padding}"}`));
}

/** Encrypts a referral to the recipient set (the same keys reports are encrypted to), padded like a report. */
export async function encryptReferral({ referral, recipientKeys }: { referral: unknown; recipientKeys: PublicKey[] }) {
  const message = await createMessage({ binary: seal(referral), format: 'binary', date: LITERAL_DATA_DATE });
  const armoredReferral = await encrypt({
    message,
    encryptionKeys: recipientKeys,
    format: 'armored',
    config: GPG_COMPATIBLE,
  });
  return { armoredReferral, envelopeVersion: REFERRAL_ENVELOPE_VERSION };
}

/** Decrypts a stored referral; failure is a result the console shows, never an exception. */
export async function decryptReferral({
  armoredReferral,
  decryptionKey,
}: {
  armoredReferral: string;
  decryptionKey: PrivateKey;
}): Promise<DecryptedReferral> {
  let text: string;
  try {
    const message = await readMessage({ armoredMessage: armoredReferral });
    const recipients = message.getEncryptionKeyIDs().map((id) => id.toHex());
    const ours = decryptionKey.getKeys().map((k) => k.getKeyID().toHex());
    if (!recipients.some((id) => ours.includes(id))) return { status: 'failed', reason: 'not_for_this_key' };
    const { data } = await decrypt({
      message,
      decryptionKeys: decryptionKey,
      format: 'binary',
      config: { maxDecompressedMessageSize: MAX_DECOMPRESSED_REPORT_BYTES },
    });
    text = fromUtf8(data);
  } catch {
    return { status: 'failed', reason: 'corrupted' };
  }
  try {
    const parsed = JSON.parse(text) as { envelope?: unknown; v?: unknown; referral?: unknown };
    if (parsed.envelope === REFERRAL_ENVELOPE && parsed.v === REFERRAL_ENVELOPE_VERSION && 'referral' in parsed) {
      return { status: 'ok', referral: parsed.referral };
    }
  } catch {
    // below
  }
  return { status: 'failed', reason: 'unknown_envelope' };
}
