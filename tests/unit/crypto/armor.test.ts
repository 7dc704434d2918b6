import { armor, enums, unarmor } from 'openpgp';

import { crc24, decodeBase64, encodeBase64, readArmor, writeArmor } from '../../../crypto/src/armor';
import { seededRandom } from '../../support/openpgp-bytes';

const SEED = 41201;

describe('CRC-24 (RFC 9580 §6.1)', () => {
  it('matches the published check value and the initial value', () => {
    // CRC-24/OPENPGP: check value of "123456789" is 0x21CF02; of nothing, the initial value.
    expect(crc24(new TextEncoder().encode('123456789'))).toBe(0x21cf02);
    expect(crc24(new Uint8Array())).toBe(0xb704ce);
  });
});

describe(`base64 (seed ${SEED})`, () => {
  it('round-trips every length from 0 to 300 and agrees with Node', () => {
    const random = seededRandom(SEED);
    for (let length = 0; length <= 300; length++) {
      const bytes = random.bytes(length);
      const encoded = encodeBase64(bytes);
      expect([length, encoded]).toEqual([length, Buffer.from(bytes).toString('base64')]);
      expect([length, Buffer.from(decodeBase64(encoded)).toString('hex')]).toEqual([
        length,
        Buffer.from(bytes).toString('hex'),
      ]);
    }
  });

  it('breaks lines after every n characters, wherever in a group of three bytes the break falls', () => {
    const random = seededRandom(SEED + 1);
    for (let length = 0; length <= 200; length++) {
      const bytes = random.bytes(length);
      const plain = Buffer.from(bytes).toString('base64');
      for (const lineLength of [1, 3, 4, 5, 7, 60, 64, 76]) {
        const expected = (plain.match(new RegExp(`.{1,${lineLength}}`, 'g')) ?? []).join('\n');
        expect([length, lineLength, encodeBase64(bytes, lineLength)]).toEqual([length, lineLength, expected]);
      }
    }
  });

  it.each([
    ['a length that is not a multiple of 4', 'QUJD'.slice(0, 3), /cut short/],
    ['padding in the middle', 'QQ==QUJD', /not base64/],
    ['a character outside the alphabet', 'QU-D', /not base64/],
    ['a character outside the alphabet before the padding', 'Q-==', /not base64/],
    ['a character past ASCII (U+0080)', 'QU\u0080D', /not base64/],
    ['a character past ASCII (U+00C0)', 'QU\u00c0D', /not base64/],
    ['four U+0080 characters (their bits together are exactly 128)', '\u0080'.repeat(4), /not base64/],
    ['a character past ASCII (U+0080) before the padding', 'Q\u0080==', /not base64/],
    ['a character past ASCII (U+00C0) before the padding', 'QUJDQ\u00c0==', /not base64/],
    ['unused bits set (non-canonical)', 'QR==', /not canonical/],
    ['three padding characters', 'Q===', /not base64/],
  ])('refuses %s', (_what, text, words) => {
    expect(() => decodeBase64(text)).toThrow(expect.objectContaining({ code: 'invalid_armor' }));
    expect(() => decodeBase64(text)).toThrow(words);
  });
});

describe('readArmor / writeArmor', () => {
  const bytes = seededRandom(SEED + 1).bytes(1000);

  it('reads what OpenPGP.js writes, with and without the checksum, and writes what OpenPGP.js reads', async () => {
    for (const checksum of [true, false]) {
      const armored = armor(enums.armor.message, bytes, undefined, undefined, undefined, checksum);
      expect(Buffer.from(readArmor(armored, 'MESSAGE')).equals(Buffer.from(bytes))).toBe(true);
    }
    const written = writeArmor('MESSAGE', bytes);
    expect(written).toMatch(
      /^-----BEGIN PGP MESSAGE-----\n\n[A-Za-z0-9+/=\n]+\n=[A-Za-z0-9+/]{4}\n-----END PGP MESSAGE-----\n$/,
    );
    const { data } = await unarmor(written);
    expect(Buffer.from(data as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
  });

  it('accepts CRLF line ends, trailing blanks, white space around the block, and Version/Comment headers, and drops them', () => {
    const armored = writeArmor('MESSAGE', bytes)
      .replace('\n\n', '\nVersion: GnuPG v2\nComment: https://example.org\n\n')
      .split('\n')
      .join(' \r\n');
    const read = readArmor(`\r\n  \n${armored}\n\n`, 'MESSAGE');
    expect(writeArmor('MESSAGE', read)).toBe(writeArmor('MESSAGE', bytes));
  });

  it('accepts trailing tabs and runs of blanks, lines of exactly 76 characters, an empty Comment and 8 headers', () => {
    const blanks = writeArmor('MESSAGE', bytes).split('\n').join(' \t \t\n');
    expect(writeArmor('MESSAGE', readArmor(blanks, 'MESSAGE'))).toBe(writeArmor('MESSAGE', bytes));
    const long = `-----BEGIN PGP MESSAGE-----\n\n${encodeBase64(bytes, 76)}\n-----END PGP MESSAGE-----\n`;
    expect(long).toMatch(/\n[A-Za-z0-9+/]{76}\n/);
    expect(Buffer.from(readArmor(long, 'MESSAGE')).equals(Buffer.from(bytes))).toBe(true);
    // gpg's `comment ""` writes "Comment: ", which is "Comment:" once trailing blanks are dropped.
    const headers = writeArmor('MESSAGE', bytes).replace('\n\n', `\n${'Comment: \n'.repeat(8)}\n`);
    expect(writeArmor('MESSAGE', readArmor(headers, 'MESSAGE'))).toBe(writeArmor('MESSAGE', bytes));
  });

  it('verifies the checksum where present', () => {
    const armored = writeArmor('MESSAGE', bytes);
    const crc = /\n(=[A-Za-z0-9+/]{4})\n/.exec(armored)![1]!;
    const other = `=${encodeBase64(Uint8Array.of(1, 2, 3))}`;
    const altered = armored.replace(crc, crc === other ? '=AAAA' : other);
    expect(() => readArmor(altered, 'MESSAGE')).toThrow(expect.objectContaining({ code: 'armor_checksum_mismatch' }));
    expect(() => readArmor(altered, 'MESSAGE')).toThrow(/altered or damaged/);
  });

  it.each([
    ['a block of another type', (a: string) => a.replace(/MESSAGE/g, 'PUBLIC KEY BLOCK'), /not PGP PUBLIC KEY BLOCK/],
    ['text before', (a: string) => `hello\n${a}`, /nothing before/],
    ['text after', (a: string) => `${a}hello\n`, /nothing after/],
    ['a second block', (a: string) => a + a, /nothing after/],
    ['an unknown header', (a: string) => a.replace('\n\n', '\nX-Name: Ivan\n\n'), /X-Name/],
    ['a Hash header', (a: string) => a.replace('\n\n', '\nHash: SHA256\n\n'), /Hash/],
    ['no blank line', (a: string) => a.replace('\n\n', '\n'), /blank line/],
    [
      'no END line',
      (a: string) => a.replace('\n-----END PGP MESSAGE-----\n', ''),
      /has no -----END PGP MESSAGE----- line/,
    ],
    ['a BEGIN line alone', () => '-----BEGIN PGP MESSAGE-----', /has no -----END PGP MESSAGE----- line/],
    [
      'an END line cut short (no checksum line)',
      (a: string) => a.replace(/\n=.{4}\n/, '\n').replace('-----END PGP MESSAGE-----\n', '-----END PGP MESSAGE\n'),
      /Expected -----END PGP MESSAGE----- on line 24\./,
    ],
    ['text after the checksum line', (a: string) => a.replace(/(\n=.{4}\n)/, '$1AAAA\n'), /on line 25\./],
    [
      'text glued before the BEGIN line',
      (a: string) => `x${a.replace(/MESSAGE/g, 'PUBLIC KEY BLOCK')}`,
      /nothing before/,
    ],
    [
      'text glued after the BEGIN line',
      (a: string) => a.replace('-----BEGIN PGP MESSAGE-----', '-----BEGIN PGP PUBLIC KEY BLOCK-----x'),
      /nothing before/,
    ],
    ['a header without a letter first', (a: string) => a.replace('\n\n', '\n!Comment: x\n\n'), /blank line/],
    ['nine header lines', (a: string) => a.replace('\n\n', `\n${'Comment: x\n'.repeat(9)}\n`), /more than 8 header/],
    ['a carriage return inside a line', (a: string) => a.replace('\n\n', '\n\nQ\rU'), /carriage return/],
    ['no data', () => '-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----\n', /holds no data/],
    ['a checksum line too long', (a: string) => a.replace(/\n=(.{4})\n/, '\n=$1A\n'), /checksum line is malformed/],
    ['a checksum line with two =', (a: string) => a.replace(/\n=(.{4})\n/, '\n==$1\n'), /checksum line is malformed/],
    ['a NUL octet', (a: string) => a.replace('\n\n', '\n\n\u0000'), /code 0/],
    ['a DEL character', (a: string) => `${a}\u007f`, /code 127/],
    ['an empty line inside the data', (a: string) => a.replace(/\n(.{64})\n/, '\n$1\n\n'), /line/],
    ['a line of 77 characters', (a: string) => a.replace(/\n(.{64})\n(.{13})/, '\n$1$2\n'), /76 .*line 3 does not/],
    ['a malformed checksum line', (a: string) => a.replace(/\n=[A-Za-z0-9+/]{4}\n/, '\n=AB\n'), /checksum/],
    ['nothing at all', () => '   \n', /empty/],
  ])('refuses %s', (_what, edit, words) => {
    const armored = edit(writeArmor('MESSAGE', bytes));
    expect(() => readArmor(armored, 'MESSAGE')).toThrow(expect.objectContaining({ code: 'invalid_armor' }));
    expect(() => readArmor(armored, 'MESSAGE')).toThrow(words);
  });
});
