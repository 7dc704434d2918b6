import { expect, test } from '@playwright/test';

import { returnFlow } from './return-flow';

/** Coming back with the receipt with the JavaScript JIT off (Tor Browser "Safer"): project chromium-jitless. */
test('without the JIT, a reporter comes back with the receipt, answers with a file, and the reviewer reads it', async ({
  browser,
  page,
}) => {
  test.setTimeout(300_000);
  // V8 leaves WebAssembly out without its JIT: the sign that the flag took effect.
  expect(await page.evaluate(() => typeof WebAssembly)).toBe('undefined');
  await returnFlow({ browser });
});
