import { armor, enums, unarmor } from 'openpgp';

/**
 * Byte-level OpenPGP building blocks for tests that craft what no library
 * would write. Written here, apart from crypto/src, so the fixtures do not
 * depend on the reader they test; armor comes from OpenPGP.js.
 */

export const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** `count` copies of one packet, end to end. */
export function repeat(packet: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(packet.length * count);
  for (let i = 0; i < count; i++) out.set(packet, i * packet.length);
  return out;
}

/** A new-format length (RFC 9580 §4.2.1): one, two or five octets, the shortest that fits. */
export function newLength(length: number): Uint8Array {
  if (length < 192) return Uint8Array.of(length);
  if (length < 8384) return Uint8Array.of(((length - 192) >> 8) + 192, (length - 192) & 255);
  return Uint8Array.of(255, (length >>> 24) & 255, (length >>> 16) & 255, (length >>> 8) & 255, length & 255);
}

export const newPacket = (tag: number, body: Uint8Array): Uint8Array =>
  concat(Uint8Array.of(0xc0 | tag), newLength(body.length), body);

/** An old-format packet (tags 0–15) with a four-octet length, or indeterminate length when asked. */
export function oldPacket(tag: number, body: Uint8Array, indeterminate = false): Uint8Array {
  if (indeterminate) return concat(Uint8Array.of(0x80 | (tag << 2) | 3), body);
  const length = body.length;
  return concat(
    Uint8Array.of(
      0x80 | (tag << 2) | 2,
      (length >>> 24) & 255,
      (length >>> 16) & 255,
      (length >>> 8) & 255,
      length & 255,
    ),
    body,
  );
}

/**
 * A packet with partial body lengths: `chunkPowers` are the exponents of the
 * partial chunks (2^p octets each); what is left of the body ends the chain
 * with a normal length.
 */
export function partialPacket(tag: number, body: Uint8Array, chunkPowers: number[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0xc0 | tag)];
  let offset = 0;
  for (const power of chunkPowers) {
    parts.push(Uint8Array.of(224 + power), body.subarray(offset, offset + (1 << power)));
    offset += 1 << power;
  }
  parts.push(newLength(body.length - offset), body.subarray(offset));
  // Buffer.concat, not a spread: a chain may have 100 000 chunks.
  return new Uint8Array(Buffer.concat(parts));
}

export interface SplitPacket {
  tag: number;
  body: Uint8Array;
  /** The whole packet as it was written. */
  raw: Uint8Array;
}

/** Splits what OpenPGP.js and gpg write (either header format, no partial lengths) into packets. */
export function splitPackets(bytes: Uint8Array): SplitPacket[] {
  const out: SplitPacket[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const ctb = bytes[offset++]!;
    let tag: number;
    let length: number;
    if (ctb & 0x40) {
      tag = ctb & 0x3f;
      const first = bytes[offset++]!;
      if (first < 192) length = first;
      else if (first < 224) length = ((first - 192) << 8) + bytes[offset++]! + 192;
      else if (first === 255) {
        length = Buffer.from(bytes.subarray(offset, offset + 4)).readUInt32BE();
        offset += 4;
      } else throw new Error('splitPackets: partial lengths are not expected in fixtures');
    } else {
      tag = (ctb >> 2) & 15;
      const size = 1 << (ctb & 3);
      length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + bytes[offset++]!;
    }
    out.push({ tag, body: bytes.subarray(offset, offset + length), raw: bytes.subarray(start, offset + length) });
    offset += length;
  }
  return out;
}

export type BlockType = 'message' | 'publicKey' | 'privateKey';

/** Armored by OpenPGP.js, with the CRC-24 line (which OpenPGP.js otherwise leaves out), as gpg writes it. */
export const armorBlock = (type: BlockType, bytes: Uint8Array): string =>
  armor(enums.armor[type], bytes, undefined, undefined, undefined, true);

export async function unarmorBlock(armored: string): Promise<Uint8Array> {
  return (await unarmor(armored)).data as Uint8Array;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing hostile input can be made again from its seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    bytes: (length: number) => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
  };
}
export type SeededRandom = ReturnType<typeof seededRandom>;

/** Readable text that must never be stored: what a hidden-plaintext attack would smuggle. */
export const CANARY = 'CANARY Ivan Petrov, Almaty, +7 700 000 0000. Следователь требовал деньги. ';

/** `length` octets of the canary text, repeated. */
export function canaryBytes(length: number): Uint8Array {
  const unit = Buffer.from(CANARY, 'utf8');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = unit[i % unit.length]!;
  return out;
}
