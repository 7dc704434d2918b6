import { expect, test } from '@playwright/test';

import { platform } from './platform';

/**
 * Tor Browser's "Safest" level turns JavaScript off. The page cannot encrypt then, so it must not be blank: a
 * `<noscript>` notice in the URL's language says why and how to allow JavaScript for this site only. The page's
 * `lang` is set by the server from the URL, since no script runs to set it (issue 6 §7).
 */
test.use({ javaScriptEnabled: false });

const TITLES = {
  ru: 'Этой странице нужен JavaScript',
  kk: 'Бұл бетке JavaScript қажет',
  en: 'This page needs JavaScript',
} as const;

for (const [lang, title] of Object.entries(TITLES)) {
  for (const path of ['/', '/console/']) {
    test(`with JavaScript off, ${path}?lang=${lang} says in ${lang} why it needs JavaScript`, async ({ page }) => {
      await page.goto(`${platform().baseUrl}${path}?lang=${lang}`);
      // A notice that is there but hidden would help nobody: it must be seen.
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await expect(page.locator('.noscript').getByText('NoScript')).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // And no script ran: the app would have filled its root (which is how this test knows JavaScript was off).
      await expect(page.locator('#root')).toBeEmpty();
    });
  }
}
