import zlib from 'node:zlib';

import { hostileArmor } from './hostile-armor';
import {
  armorBlock,
  canaryBytes,
  CANARY,
  concat,
  newPacket,
  oldPacket,
  partialPacket,
  repeat,
  splitPackets,
  type SeededRandom,
} from './openpgp-bytes';

/**
 * Hostile reports: every way we know to make the server inflate, walk or
 * store more than ciphertext. Each case says which error code the strict
 * reader must give; all of them must get a 4xx and write nothing.
 */
export interface HostileMessage {
  name: string;
  armoredReport: string;
  /** The code (or any of the codes) the reader must answer with. */
  code: string | string[];
  /** What the error message must name. */
  names?: RegExp;
}

/** Binary octets that stay under the API's 300 000 armored characters (OpenPGP.js writes 60 per 45 octets). */
export const MAX_MESSAGE_OCTETS = 218_000;

export const ANY_REFUSAL = [
  'invalid_armor',
  'armor_checksum_mismatch',
  'malformed_packets',
  'unsupported_format',
  'not_encrypted',
  'hidden_recipients',
  'too_many_recipients',
];

/** Tags RFC 9580 defines, the private/experimental ones, and two unassigned. */
export const EVERY_TAG = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 40, 60, 61, 62, 63];

const ZIP = 1;
const ZLIB = 2;

async function deflate(parts: Uint8Array[], repeatZeros: number, algorithm: number): Promise<Uint8Array> {
  const stream = algorithm === ZIP ? zlib.createDeflateRaw({ level: 9 }) : zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => stream.on('end', resolve));
  for (const part of parts) stream.write(part);
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < repeatZeros; i++) stream.write(zeros);
  stream.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

/** A literal data packet header claiming `length` octets of binary data (the data itself follows). */
function literalHeader(length: number): Uint8Array {
  const fields = Uint8Array.of(0x62, 0, 0, 0, 0, 0); // 'b', no file name, date 0
  const total = fields.length + length;
  return concat(Uint8Array.of(0xcb, 255, total >>> 24, (total >>> 16) & 255, (total >>> 8) & 255, total & 255), fields);
}

/** A compressed packet that inflates to a 200 MiB literal packet of zeros: about 200 KB on the wire. */
async function flatBomb(): Promise<Uint8Array> {
  const mib = 200;
  const compressed = await deflate([literalHeader(mib << 20)], mib, ZIP);
  return newPacket(8, concat(Uint8Array.of(ZIP), compressed));
}

/** Compressed packets inside compressed packets: a few hundred octets that inflate to 64 MiB in three layers. */
async function nestedBomb(): Promise<Uint8Array> {
  let packet = newPacket(8, concat(Uint8Array.of(ZIP), await deflate([literalHeader(64 << 20)], 64, ZIP)));
  for (let layer = 0; layer < 2; layer++) {
    packet = newPacket(8, concat(Uint8Array.of(ZLIB), await deflate([packet], 0, ZLIB)));
  }
  return packet;
}

let bombs: Promise<{ flat: Uint8Array; nested: Uint8Array }> | null = null;
const makeBombs = () =>
  (bombs ??= Promise.all([flatBomb(), nestedBomb()]).then(([flat, nested]) => ({ flat, nested })));

/** What the reader must say about a packet of type `tag` put before, between or after a valid message's packets. */
function expectedFor(tag: number, position: 'before' | 'between' | 'after', body: Uint8Array): string {
  if (position === 'after') return 'not_encrypted';
  if (tag === 9 || tag === 20) return 'unsupported_format';
  if (tag === 1) return body[0] === 3 ? 'malformed_packets' : 'unsupported_format';
  if (tag === 18) return position === 'before' ? 'not_encrypted' : 'unsupported_format';
  return 'not_encrypted';
}

export async function hostileMessages(baseArmored: Uint8Array, random: SeededRandom): Promise<HostileMessage[]> {
  const [pkesk, seipd] = splitPackets(baseArmored);
  if (!pkesk || pkesk.tag !== 1 || !seipd || seipd.tag !== 18) throw new Error('setup: base is not PKESK + SEIPD');
  const P = pkesk.raw;
  const S = seipd.raw;
  const B = concat(P, S);
  const room = MAX_MESSAGE_OCTETS - B.length - 16;
  const msg = (...parts: Uint8Array[]) => armorBlock('message', concat(...parts));
  const armoredBase = msg(B);
  const { flat, nested } = await makeBombs();
  const cases: HostileMessage[] = [];
  const add = (name: string, armoredReport: string, code: string | string[], names?: RegExp) =>
    cases.push({ name, armoredReport, code, ...(names ? { names } : {}) });

  // Compression bombs: refused at the compressed packet's tag, never inflated.
  add('a flat compression bomb (200 MiB of zeros) alone', msg(flat), 'not_encrypted', /compressed/);
  add('a flat compression bomb in place of the encrypted data', msg(P, flat), 'not_encrypted', /compressed/);
  add('a flat compression bomb between session key and encrypted data', msg(P, flat, S), 'not_encrypted');
  add('a flat compression bomb after the encrypted data', msg(P, S, flat), 'not_encrypted', /follow/);
  add('a nested compression bomb (three layers, zlib in zip) alone', msg(nested), 'not_encrypted', /compressed/);
  add('a nested compression bomb between session key and encrypted data', msg(P, nested, S), 'not_encrypted');
  add(
    'a compression bomb framed with partial lengths',
    msg(P, partialPacket(8, flat.subarray(6, 6 + 300 * 512), Array(299).fill(9)), S),
    'not_encrypted',
  );

  // Thousands of packets.
  add('2 000 session key packets', msg(repeat(P, 2000), S), 'too_many_recipients');
  add(
    '40 000 marker packets',
    msg(repeat(newPacket(10, Uint8Array.of(0x50, 0x47, 0x50)), 40_000), B),
    'not_encrypted',
    /marker/,
  );
  add(
    '60 000 empty literal packets',
    msg(P, repeat(newPacket(11, new Uint8Array()), 60_000), S),
    'not_encrypted',
    /literal/,
  );
  add(
    '50 000 padding packets after the encrypted data',
    msg(B, repeat(newPacket(21, new Uint8Array()), 50_000)),
    'not_encrypted',
  );
  add(
    '100 000 empty packets of a private type',
    msg(repeat(newPacket(60, new Uint8Array()), 100_000)),
    'not_encrypted',
    /type 60/,
  );

  // Partial-length chains.
  const seipdBody = seipd.body;
  const longBody = concat(seipdBody, canaryBytes(120_000));
  add(
    'encrypted data in 100 000 one-octet partial chunks',
    msg(P, partialPacket(18, longBody.subarray(0, 100_600), [9, ...Array<number>(100_000).fill(0)])),
    'malformed_packets',
    /partial/,
  );
  add(
    'a partial-length chain that never ends',
    msg(P, partialPacket(18, longBody, [9, 9, 9]).subarray(0, 3 * 513 + 1)),
    'malformed_packets',
  );
  add(
    'a first partial chunk shorter than 512 octets',
    msg(P, partialPacket(18, longBody.subarray(0, 2000), [8, 8])),
    'malformed_packets',
    /512/,
  );
  add(
    'partial lengths on a session key packet',
    msg(partialPacket(1, concat(pkesk.body, canaryBytes(1024 - pkesk.body.length)), [9]), S),
    'malformed_packets',
    /partial/,
  );
  add(
    'a literal packet in 5 000 partial chunks',
    msg(P, partialPacket(11, canaryBytes(512 + 5000), [9, ...Array<number>(5000).fill(0)]), S),
    'malformed_packets',
  );
  add(
    'a literal packet in 100 well-formed partial chunks',
    msg(P, partialPacket(11, canaryBytes(100 * 512 + 7), Array<number>(100).fill(9)), S),
    'not_encrypted',
    /literal/,
  );

  // Maximum-size and plaintext-carrying packets of every type, at every position.
  for (const tag of EVERY_TAG) {
    const big = canaryBytes(room);
    const framed = tag < 16 && tag % 2 === 1 ? oldPacket(tag, big) : newPacket(tag, big);
    add(
      `a maximum-size packet of type ${tag} (${big.length} octets)`,
      msg(P, framed, S),
      expectedFor(tag, 'between', big),
    );
    const small = canaryBytes(CANARY.length + random.int(0, 40));
    for (const position of ['before', 'between', 'after'] as const) {
      const hidden = newPacket(tag, small);
      const parts = position === 'before' ? [hidden, P, S] : position === 'between' ? [P, hidden, S] : [P, S, hidden];
      add(
        `plaintext hidden in a packet of type ${tag} ${position} the message's packets`,
        msg(...parts),
        expectedFor(tag, position, small),
      );
    }
  }
  add(
    'plaintext appended inside the session key packet',
    msg(newPacket(1, concat(pkesk.body, canaryBytes(200))), S),
    'malformed_packets',
    /unexpected octets/,
  );

  // Truncations (re-armored with a correct checksum, so the packet walk sees them).
  const cuts = [1, 2, P.length - 1, P.length + 1, P.length + 2, B.length - 1, random.int(3, B.length - 2)];
  for (const cut of cuts) {
    if (cut === P.length) continue;
    add(
      `the packets cut after ${cut} of ${B.length} octets`,
      msg(B.subarray(0, cut)),
      'malformed_packets',
      /cut short/,
    );
  }
  add(
    'the armor cut in the middle (no END line)',
    armoredBase.slice(0, Math.floor(armoredBase.length / 2)),
    'invalid_armor',
  );

  // A message whose last packet is not encrypted data (issue 6 §8), and other orders.
  add(
    'a message whose last packet is not encrypted data (a session key after it)',
    msg(P, S, P),
    'not_encrypted',
    /follow/,
  );
  add('session keys and no encrypted data', msg(P, P), 'not_encrypted', /does not end with an encrypted data packet/);
  add('encrypted data before its session key', msg(S, P), 'not_encrypted', /no public-key encrypted session key/);
  add('encrypted data alone', msg(S), 'not_encrypted');
  add('a session key alone', msg(P), 'not_encrypted');
  add('two encrypted data packets', msg(P, S, S), 'not_encrypted', /follow/);
  const skesk = newPacket(3, Uint8Array.of(4, 9, 3, 8, ...random.bytes(8), 0x60, ...random.bytes(32)));
  add('a password-encrypted session key alone', msg(skesk, S), 'not_encrypted', /password/);
  add('a password-encrypted session key beside a public-key one', msg(P, skesk, S), 'not_encrypted', /password/);

  // Wrong versions and formats the platform does not accept.
  const withByte = (packet: Uint8Array, bodyOffset: number, value: number) => {
    const copy = packet.slice();
    copy[bodyOffset] = value;
    return copy;
  };
  const pkeskBodyAt = P.length - pkesk.body.length;
  const seipdBodyAt = S.length - seipd.body.length;
  for (const version of [0, 2, 6, 255]) {
    add(
      `a session key packet of version ${version}`,
      msg(withByte(P, pkeskBodyAt, version), S),
      'unsupported_format',
      /version/,
    );
  }
  for (const version of [0, 2, 3, 255]) {
    add(
      `encrypted data of version ${version}${version === 2 ? ' (AEAD, SEIPDv2)' : ''}`,
      msg(P, withByte(S, seipdBodyAt, version)),
      'unsupported_format',
      version === 2 ? /AEAD/ : /version/,
    );
  }
  add('an AEAD encrypted data packet (type 20)', msg(P, newPacket(20, seipd.body)), 'unsupported_format');
  add(
    'encrypted data without integrity protection (type 9)',
    msg(P, newPacket(9, seipd.body.subarray(1))),
    'unsupported_format',
  );
  add('a session key for an RSA key', msg(withByte(P, pkeskBodyAt + 9, 1), S), 'unsupported_format', /algorithm 1/);
  const wildcard = P.slice();
  wildcard.fill(0, pkeskBodyAt + 1, pkeskBodyAt + 9);
  add('hidden recipients (a wildcard key ID, gpg --throw-keyids)', msg(wildcard, S), 'hidden_recipients');

  // Framing that is not OpenPGP.
  add('a packet of reserved type 0', msg(newPacket(0, canaryBytes(20)), B), 'malformed_packets', /reserved/);
  add('an octet that is not a packet header', msg(Uint8Array.of(0x3f), B), 'malformed_packets', /bit 7/);
  add(
    'a length of 4 GiB',
    msg(P, Uint8Array.of(0xd2, 255, 255, 255, 255, 255), seipd.body),
    'malformed_packets',
    /cut short/,
  );
  add('a two-octet length cut short', msg(P, Uint8Array.of(0xd2, 200)), 'malformed_packets');
  add(
    'an indeterminate-length literal packet after the encrypted data',
    msg(B, oldPacket(11, canaryBytes(500), true)),
    'not_encrypted',
  );
  add(
    'an indeterminate-length literal packet swallowing the encrypted data',
    msg(P, oldPacket(11, S, true)),
    'not_encrypted',
    /literal/,
  );

  cases.push(...hostileArmor(armoredBase, B));

  // Random packet soup and random octets, from the seed.
  for (let i = 0; i < 5; i++) {
    const soup: Uint8Array[] = [];
    for (let n = random.int(1, 30); n > 0; n--)
      soup.push(newPacket(random.int(1, 63), random.bytes(random.int(0, 300))));
    add(`random packet soup #${i + 1}`, msg(...soup), ANY_REFUSAL);
  }
  for (let i = 0; i < 3; i++) add(`random octets #${i + 1}`, msg(random.bytes(random.int(1, 5000))), ANY_REFUSAL);
  return cases;
}
