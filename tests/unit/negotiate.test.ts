import { chooseEncoding, chooseLanguage } from '../../backend/src/http/negotiate';

describe('chooseEncoding picks the stored variant the client prefers', () => {
  it.each([
    ['br, gzip', ['br', 'gzip'], 'br'],
    ['gzip, deflate, br, zstd', ['br', 'gzip'], 'br'],
    ['gzip, deflate', ['br', 'gzip'], 'gzip'],
    ['x-gzip', ['br', 'gzip'], 'gzip'],
    ['br;q=0.5, gzip', ['br', 'gzip'], 'gzip'],
    ['gzip;q=0, br', ['br', 'gzip'], 'br'],
    ['*', ['br', 'gzip'], 'br'],
    ['*;q=0.2, br;q=0', ['br', 'gzip'], 'gzip'],
    ['BR', ['br', 'gzip'], 'br'],
    // Only what is stored: a file the build did not compress goes as it is.
    ['br', ['gzip'], null],
    ['br, gzip', [], null],
    // No header, unknown codings, identity, refusal of everything, garbage: identity.
    [undefined, ['br', 'gzip'], null],
    ['', ['br', 'gzip'], null],
    ['identity', ['br', 'gzip'], null],
    ['compress, deflate, zstd', ['br', 'gzip'], null],
    ['*;q=0', ['br', 'gzip'], null],
    ['br;q=2, gzip;q=abc', ['br', 'gzip'], null],
    [';;;,,q=1', ['br', 'gzip'], null],
  ] as const)('Accept-Encoding %p with %p stored → %p', (header, stored, expected) => {
    expect(chooseEncoding(header, stored)).toBe(expected);
  });

  it('reads at most 32 entries of a long header', () => {
    expect(chooseEncoding(`${'x, '.repeat(40)}br`, ['br'])).toBeNull();
    expect(chooseEncoding(`${'x, '.repeat(10)}br`, ['br'])).toBe('br');
  });
});

describe('chooseLanguage: ?lang=, else Accept-Language, else the fallback', () => {
  const SITE = ['kk', 'ru', 'en'];
  it.each([
    ['kk', 'en-US', 'kk'],
    ['en', undefined, 'en'],
    ['de', 'kk-KZ,kk;q=0.9', 'kk'],
    [['kk', 'en'], 'en', 'en'],
    [undefined, 'kk-KZ, ru;q=0.8', 'kk'],
    [undefined, 'ru;q=0.5, kk;q=0.9', 'kk'],
    [undefined, 'en-US,en;q=0.5', 'en'],
    [undefined, 'de-DE, fr;q=0.8', 'ru'],
    [undefined, 'kk;q=0, en;q=0.1', 'en'],
    [undefined, undefined, 'ru'],
    [undefined, '*', 'ru'],
  ] as const)('?lang=%p with Accept-Language %p → %p', (query, header, expected) => {
    expect(chooseLanguage(query, header, SITE, 'ru')).toBe(expected);
  });
});
