import { CryptoError } from './errors';

/**
 * A walk over OpenPGP packet framing (RFC 9580 §4.2): tags and lengths only.
 * It never decompresses, decrypts or parses a body, so its cost is one pass
 * over the bytes whatever they claim to hold; callers look at the few body
 * bytes they need (a version octet, a key ID) and refuse the rest.
 */

/** Packet types (RFC 9580 §5), named in the errors a client sees. */
export const PacketTag = {
  publicKeyEncryptedSessionKey: 1,
  signature: 2,
  symmetricKeyEncryptedSessionKey: 3,
  onePassSignature: 4,
  secretKey: 5,
  publicKey: 6,
  secretSubkey: 7,
  compressedData: 8,
  symmetricallyEncryptedData: 9,
  marker: 10,
  literalData: 11,
  trust: 12,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
  symEncryptedIntegrityProtectedData: 18,
  modificationDetectionCode: 19,
  aeadEncryptedData: 20,
  padding: 21,
} as const;

const NAMES: Record<number, string> = {
  1: 'public-key encrypted session key',
  2: 'signature',
  3: 'password-encrypted session key (SKESK)',
  4: 'one-pass signature',
  5: 'secret key',
  6: 'public key',
  7: 'secret subkey',
  8: 'compressed data',
  9: 'encrypted data without integrity protection',
  10: 'marker',
  11: 'literal data (plaintext)',
  12: 'trust',
  13: 'user ID',
  14: 'public subkey',
  17: 'user attribute',
  18: 'encrypted data (SEIPD)',
  19: 'modification detection code',
  20: 'AEAD encrypted data',
  21: 'padding',
};

export const packetName = (tag: number) => NAMES[tag] ?? `unknown packet type ${tag}`;

/** Packets that RFC 9580 §4.2.1.4 lets carry partial body lengths. */
const DATA_TAGS: ReadonlySet<number> = new Set([8, 9, 11, 18, 20]);
/** RFC 9580 §4.2.1.4: the first partial length MUST be at least 512 octets. */
const MIN_FIRST_PARTIAL = 512;

export interface FramingLimits {
  /**
   * Most partial-length chunks one packet may have. gpg writes 8 KiB chunks
   * or more, so a report of a few hundred KiB has a few dozen; a chain of
   * tiny chunks is refused, not walked.
   */
  maxPartialChunks: number;
}

export interface Packet {
  tag: number;
  /** 1-based position, for errors. */
  index: number;
  /** Where the packet starts (its header) and ends in the input. */
  start: number;
  end: number;
  bodyLength: number;
  /** The body when it came in one piece; null for a partial-length body, which callers never need whole. */
  body: Uint8Array | null;
  /** The first octets of the body (the whole first chunk of a partial body): enough for a version octet. */
  head: Uint8Array;
}

const malformed = (index: number, offset: number, what: string) =>
  new CryptoError('malformed_packets', `Packet ${index} (at byte ${offset}): ${what}.`);

/** Yields each packet's framing in order; throws `malformed_packets` at the first that does not frame. */
export function* walkPackets(bytes: Uint8Array, limits: FramingLimits): Generator<Packet> {
  let offset = 0;
  for (let index = 1; offset < bytes.length; index++) {
    const start = offset;
    const ctb = bytes[offset++]!;
    if ((ctb & 0x80) === 0) throw malformed(index, start, 'not a packet header (bit 7 of the first octet is clear)');
    const available = (count: number, what: string) => {
      if (offset + count > bytes.length) throw malformed(index, start, `cut short in its ${what}`);
    };
    let tag: number;
    let length: number;
    let partial = false;
    if (ctb & 0x40) {
      tag = ctb & 0x3f;
      available(1, 'length');
      const first = bytes[offset++]!;
      if (first < 192) length = first;
      else if (first < 224) {
        available(1, 'length');
        length = ((first - 192) << 8) + bytes[offset++]! + 192;
      } else if (first === 255) {
        available(4, 'length');
        length = readUint32(bytes, offset);
        offset += 4;
      } else {
        length = 1 << (first & 0x1f);
        partial = true;
      }
    } else {
      tag = (ctb >> 2) & 0x0f;
      const lengthType = ctb & 3;
      if (lengthType === 3) {
        // Indeterminate length: the packet runs to the end of the data.
        length = bytes.length - offset;
      } else {
        const size = 1 << lengthType;
        available(size, 'length');
        length = 0;
        for (let k = 0; k < size; k++) length = length * 256 + bytes[offset++]!;
      }
    }
    if (tag === 0) throw malformed(index, start, 'packet type 0 is reserved');
    if (partial && !DATA_TAGS.has(tag)) {
      throw malformed(index, start, `a ${packetName(tag)} packet may not use partial body lengths`);
    }
    if (partial && length < MIN_FIRST_PARTIAL) {
      throw malformed(index, start, `its first partial body length is ${length} octets; at least 512 are required`);
    }
    available(length, 'body');
    const headStart = offset;
    const head = bytes.subarray(offset, offset + length);
    offset += length;
    let bodyLength = length;
    let chunks = 1;
    while (partial) {
      if (++chunks > limits.maxPartialChunks) {
        throw malformed(index, start, `more than ${limits.maxPartialChunks} partial body chunks`);
      }
      available(1, 'partial body length');
      const next = bytes[offset++]!;
      if (next < 192) length = next;
      else if (next < 224) {
        available(1, 'partial body length');
        length = ((next - 192) << 8) + bytes[offset++]! + 192;
      } else if (next === 255) {
        available(4, 'partial body length');
        length = readUint32(bytes, offset);
        offset += 4;
      } else {
        length = 1 << (next & 0x1f);
        available(length, 'body');
        offset += length;
        bodyLength += length;
        continue;
      }
      partial = false;
      available(length, 'body');
      offset += length;
      bodyLength += length;
    }
    const body = chunks === 1 ? bytes.subarray(headStart, offset) : null;
    yield { tag, index, start, end: offset, bodyLength, body, head };
  }
}

export function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}
