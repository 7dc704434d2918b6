import {
  CROCKFORD_ALPHABET,
  fromUtf8,
  randomBytes,
  toBase64Url,
  toCrockfordBase32,
  toHex,
  utf8,
} from '../../../crypto/src/encoding';
import { seededRandom } from '../../support/openpgp-bytes';

const SEED = 41205;

/** Crockford base32 written the slow way: the bits as a string, zero-filled to a multiple of 5, read 5 at a time. */
function crockfordByBits(bytes: Uint8Array): string {
  const bits = [...bytes].map((byte) => byte.toString(2).padStart(8, '0')).join('');
  const filled = bits.padEnd(Math.ceil(bits.length / 5) * 5, '0');
  return (filled.match(/.{5}/g) ?? []).map((five) => CROCKFORD_ALPHABET[parseInt(five, 2)]).join('');
}

describe(`byte encodings (seed ${SEED})`, () => {
  it('hex, base64url and Crockford base32 agree with independent encoders for every length from 0 to 64', () => {
    const random = seededRandom(SEED);
    for (let length = 0; length <= 64; length++) {
      const bytes = random.bytes(length);
      expect([length, toHex(bytes)]).toEqual([length, Buffer.from(bytes).toString('hex')]);
      expect([length, toBase64Url(bytes)]).toEqual([length, Buffer.from(bytes).toString('base64url')]);
      expect([length, toCrockfordBase32(bytes)]).toEqual([length, crockfordByBits(bytes)]);
    }
  });

  it('base64url uses - and _ where base64 has + and /, and drops the padding', () => {
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('-_-_');
  });

  it('Crockford base32 has no I, L, O or U, and writes the last bits zero-filled', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    // 11111111 → 11111 111(00): Z, then 28 = W.
    expect(toCrockfordBase32(Uint8Array.of(0xff))).toBe('ZW');
    // Five bytes are exactly eight characters, with no filling.
    expect(toCrockfordBase32(Uint8Array.of(0, 0, 0, 0, 1))).toBe('00000001');
  });

  it('UTF-8 round-trips Kazakh and Russian text, and refuses bytes that are not UTF-8', () => {
    const text = 'Қазақстан, Следователь, 412-1';
    expect(fromUtf8(utf8(text))).toBe(text);
    expect(() => fromUtf8(Uint8Array.of(0xc3, 0x28))).toThrow(/not valid/);
  });

  it('gives fresh random bytes of the length asked', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(a).toHaveLength(32);
    expect(toHex(a)).not.toBe(toHex(b));
  });
});
