import { test } from '@playwright/test';

import { returnFlow } from './return-flow';

/** Coming back with the receipt (return-flow.ts), on a desktop and on a 360 px phone. */
test('a reporter comes back with the receipt, answers the agency’s question with a file, and the reviewer reads it', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await returnFlow({ browser });
});

test('the same at 360 px wide, every state passing axe-core without sideways scrolling', async ({ browser }) => {
  test.setTimeout(240_000);
  await returnFlow({ browser, phone: true });
});
