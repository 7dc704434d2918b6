import { randomBytes } from 'node:crypto';

import { expect, test, type Browser, type Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { readKey } from 'openpgp';

import { inspectEncryptedMessage } from '../../crypto/src/inspect';
import { generateReviewerKey } from '../../crypto/src/reviewer-key';
import { captureRequests, foreignRequests } from './capture';
import { openServerDatabase } from './database';
import { chooseAgencyKeyFile, freshTotpCode, logInToConsole } from './console';
import { platform } from './platform';
import { fillReport } from './report-form';

/**
 * The reviewer's own key, end to end: their first login makes it in their
 * browser; the administrator certifies it with the agency key file in theirs;
 * a report sent afterwards is encrypted to it, and the reviewer, logging in
 * again, unlocks their own key (not the agency key file) and reads it.
 */
const NEW = { username: 'e2e.keys', password: 'keys reviewer password' };
const KEY_PASSPHRASE = 'my own passphrase, not the agency one';
const CANARY = `own-key-canary-${randomBytes(6).toString('hex')}`;
const OLD_CANARY = `before-certification-${randomBytes(6).toString('hex')}`;

/** A reporter sends a short report; returns the requests their browser made. */
async function sendReport(browser: Browser, baseUrl: string, account: string) {
  const reporter = await browser.newPage();
  const requests = captureRequests(reporter.context());
  await reporter.goto(`${baseUrl}/?lang=en`);
  await fillReport(reporter, 'en', {
    officers: [{ agency: 'police', role: 'unknown' }],
    kinds: ['bribe'],
    account,
    position: 'witness',
    writeBack: 'no',
  });
  await reporter.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(reporter.getByTestId('receipt')).toBeVisible({ timeout: 60_000 });
  await reporter.close();
  return requests;
}

test('first login makes a key, the administrator certifies it, the reviewer reads a new report with it; disabled, they are refused and no longer a recipient', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const { baseUrl, keyFile, passphrase } = platform();

  // The administrator adds the reviewer.
  await page.goto(`${baseUrl}/console/?lang=en`);
  await logInToConsole(page);
  await page.getByRole('button', { name: 'Reviewers' }).click();
  await page.getByLabel('Username').fill(NEW.username);
  await page.getByLabel('First password').fill(NEW.password);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`${NEW.username} was added`);

  // The reviewer's first login, in a browser of their own: second factor, then their own key.
  const own = await browser.newContext({ locale: 'en-US' });
  const them = await own.newPage();
  const theirRequests = captureRequests(own);
  await them.goto(`${baseUrl}/console/?lang=en`);
  await them.getByLabel('Username').fill(NEW.username);
  await them.getByLabel('Password').fill(NEW.password);
  await them.getByRole('button', { name: 'Log in' }).click();
  const secret = (await them.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await them.getByLabel('Code from the app').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) }));
  await them.getByRole('button', { name: 'Confirm and continue' }).click();
  await them.getByLabel('I have saved these codes').check();
  await them.getByRole('button', { name: 'Continue' }).click();

  await expect(them.getByRole('heading', { name: 'Make your own key' })).toBeVisible();
  await them.getByLabel('Key passphrase', { exact: true }).fill('too short');
  await them.getByLabel('Key passphrase again').fill('too short');
  await them.getByRole('button', { name: 'Make my key' }).click();
  await expect(them.getByRole('alert')).toHaveText('Choose a passphrase of at least 12 characters.');
  await them.getByLabel('Key passphrase', { exact: true }).fill(KEY_PASSPHRASE);
  await them.getByLabel('Key passphrase again').fill(KEY_PASSPHRASE);
  await them.getByRole('button', { name: 'Make my key' }).click();
  await expect(them.getByRole('heading', { name: 'Your key is ready' })).toBeVisible({ timeout: 60_000 });
  // A reviewer who is not the administrator is told to give the fingerprint to the one who certifies.
  await expect(them.getByText(/^Tell the administrator this fingerprint/)).toBeVisible();
  const fingerprint = (await them.getByTestId('fingerprint').textContent())!;
  expect(fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
  // What left the browser: the public key and the private key encrypted with the passphrase, never the passphrase.
  const upload = theirRequests.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/reviewer-key'))!;
  expect(JSON.parse(upload.body)).toEqual({
    armoredPublicKey: expect.stringContaining('BEGIN PGP PUBLIC KEY BLOCK'),
    armoredPrivateKey: expect.stringContaining('BEGIN PGP PRIVATE KEY BLOCK'),
  });
  for (const request of theirRequests) expect(request.body).not.toContain(KEY_PASSPHRASE);
  await them.getByRole('button', { name: 'Lock and log out' }).click();

  // Sent before the administrator certifies the key: encrypted to the agency key alone.
  await sendReport(browser, baseUrl, `Sent before certification: ${OLD_CANARY}`);

  // The administrator compares the fingerprint and certifies with the agency key file.
  await page.getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Reviewers' }).click();
  const row = page.locator(`tr[data-reviewer="${NEW.username}"]`);
  await expect(row).toContainText('Not certified by the current agency key');
  await expect(row.getByTestId('fingerprint')).toHaveText(fingerprint);
  await page.getByLabel('Agency private key file').setInputFiles(keyFile);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // The whole row is in view on a desktop, the reviewer's name beside the button: the table needs no sideways scroll.
  const table = page.locator('section[aria-labelledby="certify-keys-title"] .table-wrap');
  expect(await table.evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBeLessThanOrEqual(0);
  // Certifying asks once more, with the fingerprint to compare; cancelling certifies nothing.
  await row.getByRole('button', { name: `Certify the key of ${NEW.username}` }).click();
  const confirm = page.getByRole('dialog', { name: `Certify the key of ${NEW.username}?` });
  await expect(confirm.getByTestId('fingerprint')).toHaveText(fingerprint);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toContainText('Not certified by the current agency key');
  await row.getByRole('button', { name: `Certify the key of ${NEW.username}` }).click();
  await confirm.getByRole('button', { name: 'The fingerprints match: certify' }).click();
  await expect(page.getByRole('status').last()).toContainText(`The key of ${NEW.username} is certified`);
  await expect(row).toContainText('Certified');
  await page.getByRole('button', { name: 'Audit log' }).click();
  await expect(page.getByTestId('audit-log')).toContainText('reviewer-key.certify');
  await expect(page.getByTestId('audit-log')).toContainText('reviewer-key.create');

  // A reporter sends a report; their browser encrypts it to the agency key and the certified reviewer key.
  const reporterRequests = await sendReport(browser, baseUrl, `Read with my own key: ${CANARY}`);
  const served = reporterRequests.filter((r) => r.url.endsWith('/api/v1/recipient-keys'));
  expect(served.length).toBeGreaterThan(0);
  expect(foreignRequests(reporterRequests, baseUrl)).toEqual([]);

  // The reviewer logs in again and unlocks their own key with its passphrase.
  await them.getByLabel('Username').fill(NEW.username);
  await them.getByLabel('Password').fill(NEW.password);
  await them.getByRole('button', { name: 'Log in' }).click();
  await them.getByLabel('Code from the app').fill(await freshTotpCode(NEW.username, secret));
  await them.getByRole('button', { name: 'Confirm' }).click();
  await expect(them.getByRole('heading', { name: 'Unlock your key' })).toBeVisible();
  await expect(them.getByTestId('fingerprint')).toHaveText(fingerprint);
  await expect(them.getByText('Certified by the agency key')).toBeVisible();
  await them.getByLabel('Key passphrase').fill('not my passphrase');
  await them.getByRole('button', { name: 'Unlock' }).click();
  await expect(them.getByRole('alert')).toHaveText('The passphrase does not unlock this key.');
  await them.getByLabel('Key passphrase').fill(KEY_PASSPHRASE);
  await them.getByRole('button', { name: 'Unlock' }).click();

  const opened = await readEveryReport(them);
  expect(opened.some((text) => text.includes(CANARY))).toBe(true);
  expect(opened).toContain('not for this key');

  // Reports sent before the key was certified are not encrypted to it: the agency key file still reads them.
  await them.getByRole('button', { name: 'Change key' }).click();
  await chooseAgencyKeyFile(them);
  await them.getByLabel('Agency private key file').setInputFiles(keyFile);
  await them.getByLabel('Passphrase').fill(passphrase);
  await them.getByRole('button', { name: 'Unlock' }).click();
  const withAgencyKey = await readEveryReport(them);
  expect(withAgencyKey.some((text) => text.includes(OLD_CANARY))).toBe(true);
  expect(withAgencyKey.some((text) => text.includes(CANARY))).toBe(true);
  await them.getByRole('button', { name: 'Lock and log out' }).click();

  // The administrator disables the reviewer: their login is refused and their key leaves the recipient set.
  const ownKeyIds = await reviewerEncryptionKeyIds(NEW.username);
  expect(ownKeyIds).toHaveLength(1);
  await page.getByRole('button', { name: 'Reviewers' }).click();
  const card = page.getByTestId(`reviewer-${NEW.username}`);
  await card.getByRole('button', { name: 'Disable' }).click();
  await page
    .getByRole('dialog', { name: `Disable ${NEW.username}?` })
    .getByRole('button', { name: 'Disable' })
    .click();
  await expect(card).toContainText('Disabled since');
  await them.getByLabel('Username').fill(NEW.username);
  await them.getByLabel('Password').fill(NEW.password);
  await them.getByRole('button', { name: 'Log in' }).click();
  await expect(them.getByRole('alert')).toHaveText('The username or password is wrong.');
  const afterDisabling = await sendReport(browser, baseUrl, 'Sent after the reviewer was disabled.');
  const sent = afterDisabling.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/reports'))!;
  const { recipientKeyIds } = inspectEncryptedMessage({
    armoredMessage: (JSON.parse(sent.body) as { armoredReport: string }).armoredReport,
  });
  expect(recipientKeyIds).not.toContain(ownKeyIds[0]);
  expect(recipientKeyIds.length).toBeGreaterThanOrEqual(1);

  // Enabled again, so the specs that follow find the set as it was (and so does its key, still certified).
  // (Enabling is not destructive: no confirmation.)
  await card.getByRole('button', { name: 'Enable' }).click();
  await expect(card).not.toContainText('Disabled since');
  await own.close();
});

/** The encryption subkey ids of a reviewer's stored key, as the server recorded them. */
async function reviewerEncryptionKeyIds(username: string): Promise<string[]> {
  const { db, close } = await openServerDatabase();
  try {
    const stored = await db.collection('reviewer_keys').findOne({ _id: username as never });
    return (stored?.encryptionKeyIds as string[] | undefined) ?? [];
  } finally {
    await close();
  }
}

test('a key the server inserts into the recipient set itself is served, and the browser never encrypts to it', async ({
  browser,
  page,
}) => {
  const { baseUrl, fingerprint } = platform();
  const forged = await generateReviewerKey({ passphrase: 'held by the intruder' });
  const forgedKeyId = (await (await readKey({ armoredKey: forged.armoredPublicKey })).getEncryptionKey())
    .getKeyID()
    .toHex();
  const { db, close } = await openServerDatabase();
  const now = new Date();
  // An intruder with database access: an account and a key "certified", without the agency key file.
  await db.collection('reviewers').insertOne({
    _id: 'e2e.ghost' as never,
    passwordHash: 'none',
    roles: ['reviewer'],
    createdAt: now,
    disabledAt: null,
    secondFactor: null,
  });
  await db.collection('reviewer_keys').insertOne({
    _id: 'e2e.ghost' as never,
    fingerprint: forged.fingerprint,
    armoredPublicKey: forged.armoredPublicKey,
    armoredPrivateKey: forged.armoredPrivateKey,
    encryptionKeyIds: [forgedKeyId],
    createdAt: now,
    certification: {
      armoredCertifiedKey: forged.armoredPublicKey,
      agencyFingerprint: fingerprint.replace(/ /g, '').toLowerCase(),
      certifiedBy: 'intruder',
      certifiedAt: now,
    },
  });
  try {
    const served = await (await page.request.get(`${baseUrl}/api/v1/recipient-keys`)).json();
    const servedFingerprints = (served.reviewerKeys as { fingerprint: string }[]).map((k) => k.fingerprint);
    expect(servedFingerprints).toContain(forged.fingerprint);
    expect(servedFingerprints.length).toBeGreaterThanOrEqual(2);

    const requests = await sendReport(browser, baseUrl, 'Sent while the set holds a forged key.');
    const post = requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/reports'))!;
    const { recipientKeyIds } = inspectEncryptedMessage({
      armoredMessage: (JSON.parse(post.body) as { armoredReport: string }).armoredReport,
    });
    // The agency key, the certified reviewer key(s) and the submission's own reporter key; never the forged one.
    expect(recipientKeyIds).not.toContain(forgedKeyId);
    expect(recipientKeyIds).toHaveLength(servedFingerprints.length + 1);
  } finally {
    await db.collection('reviewer_keys').deleteOne({ _id: 'e2e.ghost' as never });
    await db.collection('reviewers').deleteOne({ _id: 'e2e.ghost' as never });
    await close();
  }
});

/** Opens each report in the inbox; its account, or 'not for this key'. */
async function readEveryReport(page: Page): Promise<string[]> {
  const rows = page.getByTestId('inbox').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const texts: string[] = [];
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await rows.nth(i).getByRole('button', { name: 'Open' }).click();
    const detail = page.getByTestId('report-detail');
    const failed = detail.getByText('This report is not encrypted to the unlocked key.');
    const story = detail.getByTestId('account').or(detail.getByTestId('what-happened'));
    await expect(failed.or(story)).toBeVisible();
    texts.push((await failed.isVisible()) ? 'not for this key' : (await story.textContent())!);
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByTestId('inbox')).toBeVisible();
  }
  return texts;
}
