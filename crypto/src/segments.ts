import {
  createMessage,
  decrypt,
  encrypt,
  readMessage,
  SymEncryptedIntegrityProtectedDataPacket,
  type Message,
  type PrivateKey,
  type PublicKey,
} from 'openpgp';

import { CryptoError } from './errors';
import { GPG_COMPATIBLE } from './profile';
import { release } from './release';

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
  // As `format: 'binary'` does (it writes the same object), but the message object is ours for a moment.
  const encrypted = await encrypt({ message, encryptionKeys: recipientKeys, format: 'object', config: GPG_COMPATIBLE });
  const encryptedSegment = encrypted.write() as Uint8Array;
  freeCipherOutput(encrypted, encryptedSegment);
  return encryptedSegment;
}

/**
 * Frees the symmetric cipher's output buffer once the message has been
 * written (copied) into the segment. Why: in a browser that buffer is made
 * by WebCrypto (OpenPGP.js runs AES-CFB as AES-CBC there), and a buffer the
 * browser made stays held by the browser's wrapper until a major garbage
 * collection, 4 MiB per segment (release.ts; measured: docs/benchmarks.md,
 * "files", fifth run). The field is OpenPGP.js's own (`encrypted`, not in
 * its types), so it is freed only when it is what is expected: a view at the
 * start of a buffer of its own, at most two cipher blocks longer (WebCrypto's
 * padding), not under the written segment. Otherwise it is left to the
 * collector, as before.
 */
export function freeCipherOutput(encrypted: Message<Uint8Array>, written: Uint8Array): void {
  for (const packet of encrypted.packets) {
    if (!(packet instanceof SymEncryptedIntegrityProtectedDataPacket)) continue;
    const ciphertext = (packet as { encrypted?: unknown }).encrypted;
    if (!(ciphertext instanceof Uint8Array) || ciphertext.buffer === written.buffer) continue;
    if (ciphertext.byteOffset !== 0 || ciphertext.buffer.byteLength - ciphertext.byteLength > 32) continue;
    release(ciphertext, { wholeBuffer: true });
  }
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
