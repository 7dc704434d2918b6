import { asKeyId, formatFingerprint, parseFingerprint, sameFingerprint } from '../../../crypto/src/fingerprint';

const FINGERPRINT = '0123456789abcdef0123456789abcdef01234567';
const PRINTED = '0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567';

describe('fingerprints as people write them', () => {
  it.each([
    ['lower case', FINGERPRINT],
    ['upper case in groups of four', PRINTED],
    ['with colons', FINGERPRINT.replace(/(..)(?=.)/g, '$1:')],
    ['with tabs, new lines and blanks around', `\t${PRINTED.replace(' ', '\n')} `],
  ])('reads one written %s', (_how, text) => {
    expect(parseFingerprint(text)).toBe(FINGERPRINT);
  });

  it.each([
    ['one digit short', FINGERPRINT.slice(1)],
    ['one digit too many', `${FINGERPRINT}0`],
    ['a letter that is not hex', `g${FINGERPRINT.slice(1)}`],
    ['dashes between groups', PRINTED.replace(/ /g, '-')],
    ['text around it', `key ${FINGERPRINT}`],
    ['nothing', ''],
  ])('refuses one with %s', (_how, text) => {
    expect(parseFingerprint(text)).toBeNull();
  });

  it('prints groups of four in upper case, whatever form it was given in', () => {
    expect(formatFingerprint(FINGERPRINT)).toBe(PRINTED);
    expect(formatFingerprint(PRINTED.toLowerCase())).toBe(PRINTED);
    expect(formatFingerprint('abcdef')).toBe('ABCD EF');
  });

  it('compares two written forms of one fingerprint, and no two invalid ones', () => {
    expect(sameFingerprint(FINGERPRINT, PRINTED)).toBe(true);
    expect(sameFingerprint(PRINTED, `${FINGERPRINT.slice(0, -1)}8`)).toBe(false);
    expect(sameFingerprint('not one', 'not one')).toBe(false);
    expect(sameFingerprint(FINGERPRINT, 'not one')).toBe(false);
  });

  it('reads a key ID in lower case', () => {
    expect(asKeyId('0123ABCD0123ABCD')).toBe('0123abcd0123abcd');
  });
});
