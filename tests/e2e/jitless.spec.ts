import { expect, test } from '@playwright/test';

import { platform } from './platform';
import { fillReport } from './report-form';

test('with the JavaScript JIT off (Tor Browser "Safer"), a report is still encrypted and sent', async ({ page }) => {
  const { baseUrl, fingerprint } = platform();
  // V8 leaves WebAssembly out entirely without its JIT (with it, `typeof WebAssembly` is 'object'):
  // a specific sign that the flag took effect, which any other failure does not fake.
  expect(await page.evaluate(() => typeof WebAssembly)).toBe('undefined');

  await page.goto(`${baseUrl}/?lang=ru`);
  await expect(page.getByTestId('fingerprint')).toHaveText(fingerprint);
  await fillReport(page, 'ru', {
    officers: [{ agency: 'state_revenue', role: 'unknown', post: 'инспектор' }],
    kinds: ['bribe'],
    account: 'Без JIT: сотрудник требовал деньги.',
    date: '2026-03-10',
    region: 'shymkent',
    position: 'witness',
    writeBack: 'no',
  });
  await page.getByRole('button', { name: 'Зашифровать и отправить' }).click();
  await expect(page.getByTestId('receipt')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
});
