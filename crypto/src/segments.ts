import { createMessage, decrypt, encrypt, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { GPG_COMPATIBLE } from './profile';

export { MAX_FILE_BYTES, MAX_SEGMENTS, SEGMENT_BYTES, segmentCount, segmentRange } from './segment-layout';
import { SEGMENT_BYTES } from './segment-layout';

/**
 * The literal-data date inside every segment: the fixed epoch, which RFC 9580
 * §5.9 allows as "no specific time", so a segment does not say when the
 * reporter encrypted it. The file name field is left empty too: the name
 * travels only inside the encrypted report.
 */
const SEGMENT_LITERAL_DATE = new Date(0);

/**
 * One segment of plaintext as a binary OpenPGP message to every recipient
 * (the gpg-readable profile, no compression).
 *
 * No decrypt-after-encrypt check (Proton Drive's verifier): the reporter's
 * browser holds none of the recipients' private keys, so it could only
 * re-decrypt with the session key, which doubles the CPU per segment on the
 * reporter's phone or in Tor Browser without a JIT. A segment damaged on its
 * way is caught anyway: each carries an MDC, and the console checks the whole
 * file's SHA-256 from inside the report after decrypting and shows a mismatch.
 */
export async function encryptSegment({
  plaintext,
  recipientKeys,
}: {
  plaintext: Uint8Array;
  recipientKeys: PublicKey[];
}): Promise<Uint8Array> {
  if (plaintext.length > SEGMENT_BYTES) {
    throw new CryptoError('segment_too_large', `A segment holds at most ${SEGMENT_BYTES} bytes.`);
  }
  const message = await createMessage({ binary: plaintext, format: 'binary', date: SEGMENT_LITERAL_DATE });
  return encrypt({ message, encryptionKeys: recipientKeys, format: 'binary', config: GPG_COMPATIBLE });
}

/**
 * Decrypts one stored segment. A segment that does not decrypt, or holds more
 * than a segment's worth of plaintext (after any decompression: a segment
 * from outside the product could be compressed), is refused with a CryptoError.
 */
export async function decryptSegment({
  encryptedSegment,
  decryptionKey,
}: {
  encryptedSegment: Uint8Array;
  decryptionKey: PrivateKey;
}): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    const message = await readMessage({ binaryMessage: encryptedSegment });
    const result = await decrypt({
      message,
      decryptionKeys: decryptionKey,
      format: 'binary',
      config: { maxDecompressedMessageSize: SEGMENT_BYTES },
    });
    data = result.data;
  } catch {
    throw new CryptoError('undecryptable', 'This segment could not be decrypted: it is damaged or not for this key.');
  }
  if (data.length > SEGMENT_BYTES) {
    throw new CryptoError('segment_too_large', 'This segment holds more than a segment of plaintext.');
  }
  return data;
}
