import { expect, test } from '@playwright/test';

import { platform } from './platform';

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
  await page.getByLabel('Опишите, что произошло').fill('Без JIT: сотрудник требовал деньги.');
  await page.getByLabel('Где работает сотрудник?').selectOption('customs');
  await page.getByRole('button', { name: 'Зашифровать и отправить' }).click();
  await expect(page.getByTestId('receipt')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
});
