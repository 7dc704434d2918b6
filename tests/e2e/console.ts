import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect, type Page } from '@playwright/test';
import { realTimeTotpCode } from '../support/second-factor';
import { platform } from './platform';

/**
 * The TOTP steps each reviewer used, kept beside the state file: the server
 * refuses a code of a step it has seen (no replay), so a second login within
 * the same 30 seconds uses the next step's code, or waits for it.
 */
function usedSteps(): Record<string, number> {
  const file = path.join(platform().workDir, 'totp-steps.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
}

/** A code the server has not seen from this reviewer, waiting for the next step if it must. */
export async function freshTotpCode(username: string, secret: string): Promise<string> {
  const used = usedSteps();
  // Unknown to the file: the enrollment in global setup, whose step was its moment's (null counts it as now).
  const { code, step } = await realTimeTotpCode(secret, used[username] ?? null);
  writeFileSync(path.join(platform().workDir, 'totp-steps.json'), JSON.stringify({ ...used, [username]: step }));
  return code;
}

/**
 * Logs in through the console's forms in any language (by the fields' ids):
 * the password, then a fresh code from the authenticator.
 */
export async function logInToConsole(
  page: Page,
  { username, password, secret }: { username: string; password: string; secret: string } = platform().reviewer,
): Promise<void> {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('#second-factor-code').waitFor();
  await page.locator('#second-factor-code').fill(await freshTotpCode(username, secret));
  await page.locator('form button[type=submit]').click();
}

/**
 * A reviewer without a key of their own is offered to make one after the
 * second factor; specs that read reports with the agency key file choose it.
 */
export async function chooseAgencyKeyFile(page: Page): Promise<void> {
  await page.getByTestId('use-agency-key-file').click();
}

/** Logs in and unlocks the console with the agency key file (not a key of the reviewer's own): the inbox shows. */
export async function unlockConsoleWithAgencyKey(page: Page, reviewer = platform().reviewer): Promise<void> {
  const { baseUrl, keyFile, passphrase } = platform();
  await page.goto(`${baseUrl}/console/?lang=en`);
  await logInToConsole(page, reviewer);
  await chooseAgencyKeyFile(page);
  await page.getByLabel('Agency private key file').setInputFiles(keyFile);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
}

/**
 * Reports of one hour are listed in no particular order, and other specs' reports (v1, plain text from gpg) share
 * the inbox: opens each until the one that holds `story`.
 */
export async function openReportWithStory(page: Page, story: string): Promise<void> {
  const rows = page.getByTestId('inbox').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await rows.nth(i).getByRole('button', { name: 'Open' }).click();
    // The triage panel shows once the report is decrypted (or marked unreadable), whatever its format.
    await expect(page.getByTestId('triage')).toBeVisible();
    if ((await page.getByTestId('report-detail').textContent())?.includes(story)) return;
    await page.getByRole('button', { name: 'Back' }).click();
  }
  throw new Error(`no report in the inbox holds "${story}"`);
}
