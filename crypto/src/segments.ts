import { createMessage, decrypt, encrypt, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { formatFingerprint, sameFingerprint } from './fingerprint';
import { readAgencyKey } from './keys';
import { GPG_COMPATIBLE } from './profile';

/**
 * Evidence files travel as segments: the file's plaintext is cut into
 * SEGMENT_BYTES pieces and each piece is one complete OpenPGP message
 * (PKESK packets + one SEIPDv1 packet), so `gpg --decrypt` opens any segment
 * and the plaintexts of segments 0, 1, 2… concatenated are the file.
 *
 * Why 4 MiB:
 * - memory: OpenPGP.js encrypts and, for SEIPDv1, decrypts a message whole
 *   (buffer mode; its stream mode runs at 1.4 MB/s without a JIT), holding a
 *   few copies of it; 4 MiB keeps the uploader's bounded pipeline (at most
 *   MAX_SEGMENTS_IN_FLIGHT of them, see the frontend) within a few tens of MiB,
 *   on a phone too;
 * - speed: at 15–28 MB/s (OpenPGP.js buffer mode in Chromium, DESIGN.md) one
 *   segment takes 150–300 ms, long enough that per-message costs (the
 *   session-key encryption, a worker round trip, an HTTP request and one
 *   database insert) stay a few per cent;
 * - resuming: a dropped connection costs at most one segment's upload again
 *   (about 20 s over a slow Tor circuit at 200 KB/s);
 * - storage: one segment is one document read by `_id`; 4 MiB (5.6 MB as
 *   FerretDB's base64 JSON) stays far below the 16 MiB document limit;
 * - Proton Drive uploads 4 MiB blocks for the same reasons.
 */
export const SEGMENT_BYTES = 4 * 1024 * 1024;

/** The largest evidence file: 2 GiB of plaintext, so at most 512 segments. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_SEGMENTS = MAX_FILE_BYTES / SEGMENT_BYTES;

/**
 * The literal-data date inside every segment: the fixed epoch, which RFC 9580
 * §5.9 allows as "no specific time", so a segment does not say when the
 * reporter encrypted it. The file name field is left empty too: the name
 * travels only inside the encrypted report.
 */
const SEGMENT_LITERAL_DATE = new Date(0);

/** How many segments a plaintext of `size` bytes has; an empty file is one empty segment. */
export function segmentCount(size: number): number {
  return Math.max(1, Math.ceil(size / SEGMENT_BYTES));
}

/** The plaintext byte range [start, end) of segment `index`. */
export function segmentRange(index: number, size: number): { start: number; end: number } {
  const start = index * SEGMENT_BYTES;
  return { start, end: Math.min(size, start + SEGMENT_BYTES) };
}

export interface RecipientOptions {
  /** The agency public key as the server served it. */
  armoredAgencyKey: string;
  /** The fingerprint this page was configured with, published out of band. */
  pinnedAgencyFingerprint: string;
}

/**
 * The keys segments are encrypted to. Today the agency key alone, checked
 * against the pinned fingerprint as for reports; agency-certified reviewer
 * keys join this list once their certifications can be checked here.
 */
export async function readRecipientKeys({
  armoredAgencyKey,
  pinnedAgencyFingerprint,
}: RecipientOptions): Promise<PublicKey[]> {
  const agency = await readAgencyKey({ armoredKey: armoredAgencyKey });
  if (!sameFingerprint(agency.fingerprint, pinnedAgencyFingerprint)) {
    throw new CryptoError(
      'agency_key_mismatch',
      `The server offered key ${formatFingerprint(agency.fingerprint)}, but the agency published ${formatFingerprint(pinnedAgencyFingerprint)}.`,
    );
  }
  return [agency.key];
}

/** One segment of plaintext as a binary OpenPGP message to every recipient (the gpg-readable profile, no compression). */
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
    throw new CryptoError('invalid_message', 'This segment could not be decrypted: it is damaged or not for this key.');
  }
  if (data.length > SEGMENT_BYTES) {
    throw new CryptoError('segment_too_large', 'This segment holds more than a segment of plaintext.');
  }
  return data;
}
