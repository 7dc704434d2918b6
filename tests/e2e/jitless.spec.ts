import { expect, test } from '@playwright/test';

import { addJpegMetadata, craftedJpeg } from '../support/photos';
import { platform } from './platform';
import { fillReport, type ReportAnswers } from './report-form';

const SHORT_REPORT: ReportAnswers = {
  officers: [{ agency: 'police', role: 'unknown' }],
  kinds: ['bribe'],
  account: 'Without a JIT, with a photo.',
  position: 'witness',
  writeBack: 'no',
};

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

test('with the JIT off, a photo is cleaned, encrypted, hashed and uploaded with a report', async ({ page }) => {
  const { baseUrl } = platform();
  await page.goto(`${baseUrl}/?lang=en`);
  // A small file of two segments' worth would take long without a JIT; one small segment shows the path works.
  const photo = addJpegMetadata(Buffer.from(craftedJpeg('jitless')), 'jitless-gps');
  await fillReport(page, 'en', SHORT_REPORT, async (step) => {
    if (step !== 'evidence') return;
    await page.getByLabel('Choose files').setInputFiles([{ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo }]);
    await expect(page.getByTestId('file-done')).toContainText('Hidden data removed', { timeout: 60_000 });
  });
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 60_000 });
});
