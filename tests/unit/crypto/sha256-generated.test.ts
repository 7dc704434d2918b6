import { readFileSync } from 'node:fs';

import { generateSha256Rounds, GENERATED_PATH } from '../../../tools/gen-sha256';

// Its own file, apart from the digests' suite: a mutation run of sha256-rounds.ts rewrites the file this test reads,
// so the run gives it no place among the suites it picks (stryker.config.mjs); the digests check the rounds there.
it('the committed SHA-256 rounds are what tools/gen-sha256.ts writes', () => {
  expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generateSha256Rounds());
});
