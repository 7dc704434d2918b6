import { readFileSync } from 'node:fs';

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { PNG } from 'pngjs';
import decodeQR from 'qr/decode.js';

import { captureRequests, foreignRequests } from './capture';
import { logInToConsole } from './console';
import { platform } from './platform';

/**
 * The administrator adds a reviewer in the console; the reviewer's first
 * login enrolls an authenticator from the QR code the console draws (read
 * back from the pixels on screen) and shows the recovery codes once; the
 * administrator sees them active, disables them after a confirmation, and
 * finds each step in the audit log.
 */
const NEW = { username: 'e2e.second', password: 'second reviewer password' };

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('an administrator adds a reviewer, who enrolls a second factor; disabling them is confirmed and audited', async ({
  page,
  browser,
}) => {
  const { baseUrl } = platform();
  const requests = captureRequests(page.context());
  await page.goto(`${baseUrl}/console/?lang=en`);
  await logInToConsole(page);
  await page.getByRole('button', { name: 'Reviewers' }).click();
  await expect(page.getByRole('heading', { name: 'Reviewers', level: 1 })).toBeVisible();
  await page.getByLabel('Username').fill(NEW.username);
  await page.getByLabel('First password').fill(NEW.password);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`${NEW.username} was added`);
  const card = page.getByTestId(`reviewer-${NEW.username}`);
  await expect(card).toContainText('Not set up yet');
  await expectAccessible(page);

  // The new reviewer, in a browser of their own, on a phone.
  const phone = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
  });
  const them = await phone.newPage();
  await them.goto(`${baseUrl}/console/?lang=en`);
  await them.getByLabel('Username').fill(NEW.username);
  await them.getByLabel('Password').fill(NEW.password);
  await them.getByRole('button', { name: 'Log in' }).click();
  await expect(them.getByRole('heading', { name: 'Set up the second factor' })).toBeVisible();
  await them.screenshot({ path: test.info().outputPath('enroll-phone.png'), fullPage: true });
  // What an authenticator app's camera would read: the QR code's pixels as the browser drew them.
  const shot = PNG.sync.read(await them.getByTestId('qr-code').screenshot());
  const uri = decodeQR({ width: shot.width, height: shot.height, data: shot.data });
  const secret = new URL(uri).searchParams.get('secret')!;
  expect(uri).toBe(`otpauth://totp/Whistle412:${NEW.username}?secret=${secret}&issuer=Whistle412`);
  await expect(them.getByTestId('totp-secret')).toHaveText(secret.replace(/(.{4})(?=.)/g, '$1 '));
  expect(await them.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(them);

  await them.getByLabel('Code from the app').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) }));
  await them.getByRole('button', { name: 'Confirm and continue' }).click();
  const codes = them.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  // Shown once, so legible on a phone and on a desktop: no code runs into the next column's numbers ("10.").
  for (const width of [360, 1280]) {
    await them.setViewportSize({ width, height: 800 });
    const room = await them.getByTestId('recovery-codes').evaluate((list) => {
      const boxes = Array.from(list.querySelectorAll('code')).map((code) => code.getBoundingClientRect());
      const firstColumn = Math.min(...boxes.map((box) => box.left));
      const later = boxes.filter((box) => box.left > firstColumn + 1);
      if (later.length === 0) return Infinity;
      const marker = document.createElement('span');
      marker.textContent = '10. ';
      list.querySelector('li')!.append(marker);
      const markerWidth = marker.getBoundingClientRect().width;
      marker.remove();
      const firstRight = Math.max(...boxes.filter((box) => box.left <= firstColumn + 1).map((box) => box.right));
      return Math.min(...later.map((box) => box.left)) - firstRight - markerWidth;
    });
    expect(room).toBeGreaterThanOrEqual(0);
  }
  await them.setViewportSize({ width: 360, height: 740 });
  const continueButton = them.getByRole('button', { name: 'Continue' });
  await expect(continueButton).toBeDisabled();
  await them.getByLabel('I have saved these codes').check();
  await continueButton.click();
  // After the second factor, the first login makes the reviewer's own key (tests/e2e/reviewer-keys.spec.ts).
  await expect(them.getByRole('heading', { name: 'Make your own key' })).toBeVisible();

  // The administrator sees them active, and disables them only after confirming.
  await page.getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Reviewers' }).click();
  await expect(card).toContainText('1 active session');
  await expect(card).toContainText('Set up');
  await card.getByRole('button', { name: 'Disable' }).click();
  const dialog = page.getByRole('dialog', { name: `Disable ${NEW.username}?` });
  await expect(dialog).toBeVisible();
  // It says what follows, the reporters' side too.
  await expect(dialog).toContainText('Reports and messages sent from now on are no longer encrypted to their key.');
  // The safe choice has the focus, and Escape cancels.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(card).toContainText('Active');
  await card.getByRole('button', { name: 'Disable' }).click();
  await dialog.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('status')).toContainText(`${NEW.username} is disabled; sessions ended: 1.`);
  await expect(card).toContainText('Disabled since');

  // Their session has ended: the next request sends them back to log in.
  await them.getByRole('button', { name: 'Lock and log out' }).click();
  await them.getByLabel('Username').fill(NEW.username);
  await them.getByLabel('Password').fill(NEW.password);
  await them.getByRole('button', { name: 'Log in' }).click();
  await expect(them.getByRole('alert')).toHaveText('The username or password is wrong.');
  await phone.close();

  // Each step is in the audit log, newest first, and the filter narrows it.
  await page.getByRole('button', { name: 'Audit log' }).click();
  const log = page.getByTestId('audit-log');
  await expect(log).toContainText('reviewer.disable');
  await expect(log).toContainText('second-factor.enroll');
  await expect(log).toContainText('reviewer.add');
  // Number, time and who stay on one line in every row, long fingerprints and ids beside them (they were broken
  // a character or two per line at 1280 px).
  const linesOfFirstCells = await log.locator('tbody tr').evaluateAll((rows) =>
    rows.flatMap((row) =>
      Array.from(row.querySelectorAll('td'))
        .slice(0, 3)
        .map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
        }),
    ),
  );
  expect(new Set(linesOfFirstCells)).toEqual(new Set([1]));
  expect(await page.locator('.table-wrap').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBeLessThanOrEqual(
    0,
  );
  // On a phone the page keeps its width: the head's hash (to be kept elsewhere) wraps instead of running off.
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const head = (await page.getByTestId('audit-head').boundingBox())!;
  expect(head.x + head.width).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByLabel('Action').selectOption('reviewer.disable');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(log.locator('tbody tr')).toHaveCount(1);
  await expect(log.locator('tbody tr')).toContainText(NEW.username);
  // Named in words, its code beside them.
  await expect(log.locator('tbody tr td').nth(3)).toHaveText('Reviewer disabledreviewer.disable');
  await page.screenshot({ path: test.info().outputPath('audit-log.png'), fullPage: true });
  await expectAccessible(page);
  expect(foreignRequests(requests, baseUrl)).toEqual([]);
  // The server wrote the audit log's head to its log at start, an anchor kept outside the database.
  expect(readFileSync(platform().serverLog, 'utf8')).toMatch(/"auditHead":"\d+:[0-9a-f]{64}"/);
});
