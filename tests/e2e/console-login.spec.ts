import { expect, test } from '@playwright/test';

import { WINDOW_MS } from '../../backend/src/features/reviewers/login-guard';
import { captureRequests } from './capture';
import { freshTotpCode } from './console';
import { platform } from './platform';

/**
 * Someone who knows the reviewer's username has used up its free attempts.
 * The reviewer still logs in: the console solves the proof of work the
 * server asks for in the crypto worker, says it is checking, and sends the
 * proof with the password, and again with the code (the code counts against
 * the same username). The success clears the count for the next spec.
 */
test('after five failed attempts by someone else, the reviewer logs in through a proof of work', async ({
  page,
  context,
}) => {
  const { baseUrl, reviewer } = platform();
  // Attempts are counted per 15-minute window of the server's clock: a new window gives the free attempts
  // back, so the test starts well inside one (waiting, when the next is less than 40 s away).
  const untilNextWindow = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (untilNextWindow < 40_000) await page.waitForTimeout(untilNextWindow + 1000);
  for (let i = 0; i < 5; i++) {
    const response = await page.request.post(`${baseUrl}/api/v1/session`, {
      data: { username: reviewer.username.toUpperCase(), password: `wrong password ${i}` },
    });
    expect(response.status()).toBe(401);
  }
  const owed = await page.request.post(`${baseUrl}/api/v1/session`, {
    data: { username: reviewer.username, password: reviewer.password },
  });
  expect([owed.status(), (await owed.json()).error.code]).toEqual([429, 'proof_of_work_required']);

  // The challenge answer is held back a moment, so the checking state is on screen long enough to see.
  await page.route('**/api/v1/session/challenge', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const requests = captureRequests(context);
  await page.goto(`${baseUrl}/console/?lang=en`);
  await page.getByLabel('Username').fill(reviewer.username);
  await page.getByLabel('Password').fill(reviewer.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('status')).toContainText('There were several failed attempts for this username');
  await expect(page.getByRole('button', { name: 'Checking…' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('login-checking.png'), fullPage: true });
  await expect(page.getByRole('heading', { name: 'Second factor' })).toBeVisible();
  await page.getByLabel('Code from the app').fill(await freshTotpCode(reviewer.username, reviewer.secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock the agency key' })).toBeVisible();

  const logins = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/session'));
  expect(logins.map((r) => Object.keys(JSON.parse(r.body) as object).sort())).toEqual([
    ['password', 'username'],
    ['password', 'proofOfWork', 'username'],
  ]);
  const codes = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/session/second-factor'));
  expect(codes.map((r) => Object.keys(JSON.parse(r.body) as object).sort())).toEqual([
    ['code', 'loginToken'],
    ['code', 'loginToken', 'proofOfWork'],
  ]);
  expect(requests.filter((r) => r.url.endsWith('/api/v1/session/challenge'))).toHaveLength(2);
});
