import { packetName, walkPackets } from '../../../crypto/src/packets';
import { concat, newLength, newPacket, oldPacket, partialPacket, seededRandom } from '../../support/openpgp-bytes';

const LIMITS = { maxPartialChunks: 16 };
const walk = (bytes: Uint8Array) =>
  Array.from(walkPackets(bytes, LIMITS), ({ tag, bodyLength, body, start, end }) => ({
    tag,
    bodyLength,
    body: body && Buffer.from(body).toString('hex'),
    start,
    end,
  }));
const SEED = 41202;

describe(`walkPackets: framing only (RFC 9580 §4.2) (seed ${SEED})`, () => {
  const random = seededRandom(SEED);

  it.each([0, 1, 191, 192, 8383, 8384, 70_000])('reads new-format lengths of %i octets', (length) => {
    const body = random.bytes(length);
    expect(walk(newPacket(11, body))).toEqual([
      {
        tag: 11,
        bodyLength: length,
        body: Buffer.from(body).toString('hex'),
        start: 0,
        end: newPacket(11, body).length,
      },
    ]);
  });

  it('reads old-format one-, two- and four-octet lengths and indeterminate length', () => {
    const body = random.bytes(300);
    const one = Uint8Array.of(0x84, 3, 1, 2, 3);
    const two = concat(Uint8Array.of(0x85, 1, 44), body);
    const four = oldPacket(2, body);
    const rest = oldPacket(11, body, true);
    expect(walk(concat(one, two, four, rest)).map((p) => [p.tag, p.bodyLength])).toEqual([
      [1, 3],
      [1, 300],
      [2, 300],
      [11, 300],
    ]);
  });

  it('walks a partial-length chain and reports its whole length without joining it', () => {
    const body = random.bytes(512 + 1024 + 70);
    const [packet] = Array.from(walkPackets(partialPacket(18, body, [9, 10]), LIMITS));
    expect(packet).toMatchObject({ tag: 18, bodyLength: body.length, body: null });
    expect(Buffer.from(packet!.head).equals(Buffer.from(body.subarray(0, 512)))).toBe(true);
  });

  it.each([
    ['an empty input yields no packets', new Uint8Array(), null],
    ['bit 7 clear', Uint8Array.of(0x3f, 0), /bit 7/],
    ['reserved type 0', Uint8Array.of(0xc0, 0), /reserved/],
    ['a length cut short', Uint8Array.of(0xcb, 0xff, 0, 0), /cut short in its length/],
    ['no length at all', Uint8Array.of(0xcb), /cut short in its length/],
    ['a two-octet length cut short', Uint8Array.of(0xcb, 0xc0), /cut short in its length/],
    // 224 is the first partial length octet (2^0), not a two-octet length.
    ['a partial length of one octet', Uint8Array.of(0xcb, 224, 1, 1), /first partial body length is 1 octets/],
    ['a body cut short', Uint8Array.of(0xcb, 10, 1, 2), /cut short in its body/],
    ['an old-format length cut short', Uint8Array.of(0x86, 0), /cut short in its length/],
    ['partial lengths on a non-data packet', partialPacket(2, new Uint8Array(600), [9]), /may not use partial/],
    ['a first partial chunk under 512 octets', partialPacket(11, new Uint8Array(600), [8]), /512/],
    [
      'more partial chunks than the limit',
      partialPacket(11, new Uint8Array(512 + 20), [9, ...Array(20).fill(0)]),
      /more than 16/,
    ],
    [
      'a chain with no final length',
      partialPacket(11, new Uint8Array(1024), [9, 9]).subarray(0, 1 + 2 * 513),
      /cut short in its partial body length/,
    ],
    [
      'a two-octet final length cut short',
      concat(partialPacket(11, new Uint8Array(512), [9]).subarray(0, 1 + 513), Uint8Array.of(0xc0)),
      /cut short in its partial body length/,
    ],
    [
      'a four-octet final length cut short',
      concat(partialPacket(11, new Uint8Array(512), [9]).subarray(0, 1 + 513), Uint8Array.of(0xff, 0, 0)),
      /cut short in its partial body length/,
    ],
    [
      'a partial chunk cut short',
      partialPacket(11, new Uint8Array(2048), [9, 10]).subarray(0, 1 + 513 + 100),
      /cut short in its body/,
    ],
    [
      'a final chunk cut short',
      partialPacket(11, new Uint8Array(512 + 100), [9]).subarray(0, 1 + 513 + 1 + 50),
      /cut short in its body/,
    ],
  ])('%s', (_what, bytes, error) => {
    if (error === null) expect(walk(bytes)).toEqual([]);
    else
      expect(() => walk(bytes)).toThrow(
        expect.objectContaining({ code: 'malformed_packets', message: expect.stringMatching(error) }),
      );
  });

  it.each([
    ['a one-octet final length', 100],
    ['a two-octet final length of exactly 192', 192],
    ['a four-octet final length', 9000],
  ])('walks a partial-length chain ending in %s', (_what, last) => {
    const body = random.bytes(512 + last);
    const bytes = partialPacket(18, body, [9]);
    expect(Buffer.from(bytes.subarray(1 + 513, 1 + 513 + newLength(last).length))).toEqual(
      Buffer.from(newLength(last)),
    );
    expect(walk(concat(bytes, newPacket(10, new Uint8Array(0))))).toEqual([
      { tag: 18, bodyLength: body.length, body: null, start: 0, end: bytes.length },
      { tag: 10, bodyLength: 0, body: '', start: bytes.length, end: bytes.length + 2 },
    ]);
  });

  it('takes exactly the limit of partial chunks', () => {
    const chunks = LIMITS.maxPartialChunks - 1;
    const bytes = partialPacket(11, new Uint8Array(512 * chunks + 7), Array<number>(chunks).fill(9));
    expect(walk(bytes)).toMatchObject([{ tag: 11, bodyLength: 512 * chunks + 7, end: bytes.length }]);
  });

  it('numbers packets from 1 and names the one that does not frame', () => {
    const bytes = concat(newPacket(10, new Uint8Array(0)), newPacket(10, new Uint8Array(0)), Uint8Array.of(0x3f));
    expect(Array.from(walkPackets(bytes.subarray(0, 4), LIMITS)).map((p) => p.index)).toEqual([1, 2]);
    expect(() => walk(bytes)).toThrow(/^Packet 3 \(at byte 4\): not a packet header/);
  });

  it('names packet types, known and unknown', () => {
    expect(packetName(11)).toBe('literal data (plaintext)');
    expect(packetName(18)).toBe('encrypted data (SEIPD)');
    expect(packetName(42)).toBe('unknown packet type 42');
  });

  it('costs one pass: 100 000 packets are walked lazily and a consumer can stop at the first', () => {
    const many = new Uint8Array(200_000).fill(0);
    for (let i = 0; i < many.length; i += 2) many[i] = 0xca; // marker packets of length 0
    const iterator = walkPackets(many, LIMITS);
    expect(iterator.next().value).toMatchObject({ tag: 10, index: 1 });
    expect(Array.from(walkPackets(many, LIMITS))).toHaveLength(100_000);
  });
});
