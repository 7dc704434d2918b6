import path from 'node:path';

import { expect, test } from '@playwright/test';

import { captureRequests, foreignRequests } from './capture';
import { platform } from './platform';

const shots = (name: string) => path.resolve(__dirname, '..', '..', 'test-results', 'e2e', 'screens', `${name}.png`);

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the reporter page fits the screen without sideways scrolling', async ({ page }) => {
    await page.goto(`${platform().baseUrl}/?lang=kk`);
    await expect(page.getByTestId('fingerprint')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: shots('report-phone-kk'), fullPage: true });
  });
});

test('the language switch translates the page and keeps the choice only in the URL', async ({ page }) => {
  await page.goto(`${platform().baseUrl}/?lang=ru`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщить о провокации');
  await page.getByRole('button', { name: 'Қазақша' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Арандату туралы хабарлау');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  expect(new URL(page.url()).searchParams.get('lang')).toBe('kk');
  const stored = await page.evaluate(() => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
  }));
  expect(stored).toEqual({ local: 0, session: 0, cookies: '' });
});

test('the console loads nothing from another origin and keeps nothing in storage', async ({ page, context }) => {
  const requests = captureRequests(context);
  await page.goto(`${platform().baseUrl}/console/?lang=en`);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  expect(foreignRequests(requests, platform().baseUrl)).toEqual([]);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
});
