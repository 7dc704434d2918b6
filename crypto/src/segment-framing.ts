import { toHex } from './encoding';
import { CryptoError } from './errors';
import { asKeyId } from './fingerprint';
import type { KeyId } from './types';

/**
 * Reads who a binary segment (an evidence file's piece as uploaded) is
 * addressed to, from its packet framing alone (RFC 9580 §4.2): one or more
 * PKESK v3 packets, then exactly one SEIPD v1 packet, and nothing else. No
 * body is decompressed, decrypted or parsed beyond a version octet and a key
 * ID, so the cost is one pass over the headers whatever the bytes claim.
 *
 * This is the attachments feature's own thin adapter: when crypto/src/inspect.ts
 * gains its strict binary framing reader, `inspectEncryptedSegment` becomes a
 * call to it and this walker goes.
 */
export const SEGMENT_FRAMING_LIMITS = {
  /** The recipient set is the agency key plus reviewer keys: a few dozen at most. */
  maxRecipients: 64,
  /** gpg writes partial-length chunks of 8 KiB or more; 4 MiB in 1 024 chunks is 4 KiB each. */
  maxPartialChunks: 1024,
} as const;

const PKESK = 1;
const SEIPD = 18;
const ECDH = 18;
const WILDCARD_KEY_ID = '0000000000000000';
/** Version, 18-octet random prefix of AES, and the 22-octet MDC packet. */
const MIN_SEIPD_BODY = 1 + 18 + 22;

interface Header {
  tag: number;
  /** Offset of the body's first byte and the body length (for partial lengths, the whole chain's). */
  bodyStart: number;
  bodyLength: number;
  next: number;
  partial: boolean;
}

const malformed = (what: string) =>
  new CryptoError('invalid_message', `The segment is not a well-formed OpenPGP message: ${what}.`);

function readHeader(bytes: Uint8Array, at: number): Header {
  const first = bytes[at];
  if (first === undefined || (first & 0x80) === 0) throw malformed('a packet header was expected');
  if ((first & 0x40) === 0) {
    // Old format: tag in bits 5–2, length type in bits 1–0 (3 = indeterminate, refused).
    const tag = (first >> 2) & 0x0f;
    const type = first & 0x03;
    if (type === 3) throw malformed('indeterminate packet lengths are not accepted');
    const size = 1 << type;
    if (at + 1 + size > bytes.length) throw malformed('a packet header is cut short');
    let length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + bytes[at + 1 + i]!;
    const bodyStart = at + 1 + size;
    return { tag, bodyStart, bodyLength: length, next: bodyStart + length, partial: false };
  }
  const tag = first & 0x3f;
  let pos = at + 1;
  let total = 0;
  let chunks = 0;
  const bodyStart = pos;
  for (;;) {
    const o = bytes[pos];
    if (o === undefined) throw malformed('a packet length is cut short');
    if (o < 192) {
      total += o;
      pos += 1 + o;
      break;
    }
    if (o < 224) {
      const second = bytes[pos + 1];
      if (second === undefined) throw malformed('a packet length is cut short');
      const length = ((o - 192) << 8) + second + 192;
      total += length;
      pos += 2 + length;
      break;
    }
    if (o === 255) {
      if (pos + 5 > bytes.length) throw malformed('a packet length is cut short');
      const length =
        ((bytes[pos + 1]! << 24) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 8) | bytes[pos + 4]!) >>> 0;
      total += length;
      pos += 5 + length;
      break;
    }
    // A partial body length: a chunk of 2^(o & 0x1f) octets, more to follow.
    if (tag !== SEIPD) throw malformed('only encrypted data may have partial lengths');
    const length = 1 << (o & 0x1f);
    if (chunks === 0 && length < 512) throw malformed('the first partial length is under 512 octets');
    chunks += 1;
    if (chunks > SEGMENT_FRAMING_LIMITS.maxPartialChunks) throw malformed('too many partial-length chunks');
    total += length;
    pos += 1 + length;
    if (pos > bytes.length) throw malformed('a packet runs past the end');
  }
  if (pos > bytes.length) throw malformed('a packet runs past the end');
  // For a definite length, the body starts after the length octets; partial chains are never read as a body.
  const lengthOctets = chunks === 0 ? pos - total - bodyStart : 0;
  return { tag, bodyStart: bodyStart + lengthOctets, bodyLength: total, next: pos, partial: chunks > 0 };
}

/**
 * The recipients of a binary segment, after checking it is exactly PKESK v3
 * packets and one SEIPD v1 packet. CryptoError codes: `invalid_message`
 * (broken framing, hidden recipients), `not_encrypted` (any other packet),
 * `unsupported_format` (AEAD / other versions, which GnuPG 2.2 cannot read).
 */
export function inspectEncryptedSegment(bytes: Uint8Array): { recipientKeyIds: KeyId[] } {
  const recipientKeyIds: KeyId[] = [];
  let at = 0;
  let index = 0;
  let sawData = false;
  while (at < bytes.length) {
    index += 1;
    if (sawData) throw new CryptoError('not_encrypted', `Packet ${index}: nothing may follow the encrypted data.`);
    const header = readHeader(bytes, at);
    if (header.tag === PKESK) {
      const body = bytes.subarray(header.bodyStart, header.bodyStart + header.bodyLength);
      if (body[0] !== 3) {
        throw new CryptoError(
          'unsupported_format',
          `Packet ${index}: only version 3 session-key packets are accepted.`,
        );
      }
      if (body.length < 10) throw malformed('a session-key packet is too short');
      const keyId = toHex(body.subarray(1, 9));
      if (keyId === WILDCARD_KEY_ID)
        throw new CryptoError('invalid_message', 'The segment hides its recipients; name them.');
      if (body[9] !== ECDH)
        throw new CryptoError('unsupported_format', `Packet ${index}: the platform's keys use ECDH.`);
      if (recipientKeyIds.length === SEGMENT_FRAMING_LIMITS.maxRecipients) throw malformed('too many recipients');
      recipientKeyIds.push(asKeyId(keyId));
    } else if (header.tag === SEIPD) {
      if (recipientKeyIds.length === 0)
        throw new CryptoError('not_encrypted', 'No public-key session key precedes the encrypted data.');
      const version = bytes[header.partial ? header.bodyStart + 1 : header.bodyStart];
      if (version !== 1) {
        throw new CryptoError(
          'unsupported_format',
          'Only SEIPD version 1 (readable by GnuPG 2.2) is accepted, not AEAD.',
        );
      }
      if (header.bodyLength < MIN_SEIPD_BODY) throw malformed('the encrypted data is too short');
      sawData = true;
    } else {
      throw new CryptoError('not_encrypted', `Packet ${index} (type ${header.tag}) is not allowed in a segment.`);
    }
    at = header.next;
  }
  if (!sawData) throw new CryptoError('not_encrypted', 'The segment holds no encrypted data packet.');
  return { recipientKeyIds };
}
