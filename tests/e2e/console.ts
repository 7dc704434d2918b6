import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from '@playwright/test';
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
