import { createHash } from 'node:crypto';

import { reportReference } from '../../frontend/src/console/reference';

/** Report ids as the server makes them (16 bytes, base64url), but fixed: the same ids on every run. */
const fixedId = (n: number) =>
  createHash('sha256').update(`report ${n}`).digest().subarray(0, 16).toString('base64url');

describe('reportReference', () => {
  it('is six Crockford base32 characters in two groups, the same for the same id', () => {
    const id = fixedId(0);
    expect(reportReference(id)).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
    expect(reportReference(id)).toBe(reportReference(id));
  });

  // 30 bits: random ids would collide in about 1 run in 2 000, so the ids are fixed (and collide in none).
  it('tells a thousand given reports apart', () => {
    const references = Array.from({ length: 1000 }, (_, n) => reportReference(fixedId(n)));
    expect(new Set(references).size).toBe(1000);
  });

  it('differs when one of the first five id characters (its 30 bits) changes', () => {
    const id = fixedId(1);
    const changed = `${id.slice(0, 4)}${id[4] === 'A' ? 'B' : 'A'}${id.slice(5)}`;
    expect(reportReference(changed)).not.toBe(reportReference(id));
  });

  it('reads ids containing the base64url characters - and _', () => {
    expect(reportReference('_-_-AAAAAAAAAAAAAAAAAA')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  });
});
