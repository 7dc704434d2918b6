import { expect, test } from '@playwright/test';

import { platform } from './platform';
import { fillReport } from './report-form';

test('with the JavaScript JIT off (Tor Browser "Safer"), a report is still encrypted and sent', async ({ page }) => {
  const { baseUrl, fingerprint } = platform();
  const jitless = await page.evaluate(() => {
    try {
      // WebAssembly is unavailable without the JIT: a cheap check that the flag took effect.
      return typeof WebAssembly === 'undefined' || !WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    } catch {
      return true;
    }
  });
  expect(jitless).toBe(true);

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
