import { randomBytes } from 'node:crypto';

import { reportReference } from '../../frontend/src/console/reference';

describe('reportReference', () => {
  it('is six Crockford base32 characters in two groups, the same for the same id', () => {
    const id = randomBytes(16).toString('base64url');
    expect(reportReference(id)).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
    expect(reportReference(id)).toBe(reportReference(id));
  });

  it('tells a thousand reports apart', () => {
    const references = Array.from({ length: 1000 }, () => reportReference(randomBytes(16).toString('base64url')));
    expect(new Set(references).size).toBe(1000);
  });

  it('reads ids containing the base64url characters - and _', () => {
    expect(reportReference('_-_-AAAAAAAAAAAAAAAAAA')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  });
});
