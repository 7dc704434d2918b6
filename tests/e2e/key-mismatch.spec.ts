import { expect, test } from '@playwright/test';

import { generateAgencyKey } from '../../crypto/src/keys';
import { captureRequests } from './capture';
import { platform } from './platform';

/**
 * A server (or whoever controls it) swaps the agency key. The page compares
 * the served key with the fingerprint it is configured with, refuses, and
 * sends nothing.
 */
test('the reporter page refuses to send when the served agency key is not the pinned one', async ({
  page,
  context,
}) => {
  const { baseUrl, fingerprint } = platform();
  const impostor = await generateAgencyKey({ agencyName: 'Impostor', passphrase: 'impostor passphrase' });
  await page.route('**/api/v1/recipient-keys', (route) =>
    route.fulfill({
      json: {
        agencyKey: { fingerprint: fingerprint.replace(/ /g, ''), armoredPublicKey: impostor.armoredPublicKey },
        reviewerKeys: [],
      },
    }),
  );
  const requests = captureRequests(context);

  await page.goto(`${baseUrl}/?lang=en`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('is not the agency key this site is configured with');
  await expect(alert).toContainText(fingerprint);
  await expect(alert).toContainText(impostor.fingerprint.toUpperCase().slice(0, 4));
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('key-mismatch.png'), fullPage: true });

  expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
});
