import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { filesUnder, findCanaries } from '../support/canary';
import { GpgHome } from '../support/gpg';
import { captureRequests, foreignRequests } from './capture';
import { platform } from './platform';

/**
 * The spine of the product, in Chromium against the real server and engine:
 * a citizen reports, a gpg user reports through the API, a reviewer reads
 * both, and nothing anyone typed is left in the clear on the server.
 */
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(5).toString('hex');
const CANARIES = {
  ascii: `CANARY-${tag}-bribe`,
  russian: `Канарейка-${tag}-взятка`,
  kazakh: `Әңгіме-${tag}-парақор`,
  /** Written only into an evidence file the reporter attaches: the scan covers file contents too. */
  file: `FileCanary-${tag}-recording`,
};
const GPG_TEXT = `Sent with gpg ${tag}: the inspector asked for money.`;
const GPG_PLAIN_TEXT = `Typed by hand ${tag}: инспектор требовал деньги.`;
const shots = (name: string) => path.resolve(__dirname, '..', '..', 'test-results', 'e2e', 'screens', `${name}.png`);

test('a reporter checks the agency key, sends an encrypted report and gets a receipt', async ({ page, context }) => {
  const { baseUrl, fingerprint } = platform();
  const requests = captureRequests(context);

  await page.goto(`${baseUrl}/?lang=en`);
  await expect(page.getByTestId('fingerprint')).toHaveText(fingerprint);
  await page.screenshot({ path: shots('report-form'), fullPage: true });

  const story = `${CANARIES.ascii}\n${CANARIES.russian}\n${CANARIES.kazakh}`;
  await page.getByLabel('Describe what happened').fill(story);
  await page.getByLabel('Where does the officer work?').selectOption('police');
  await page.getByLabel('When did it happen?').fill('2026-11-02');
  await page.getByLabel('Where did it happen?').selectOption('karaganda');
  await page.getByLabel('Choose files').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`${CANARIES.file}\n`.repeat(1000)),
  });
  await expect(page.getByTestId('file-done')).toBeVisible();
  await page.getByRole('button', { name: 'Encrypt and send' }).click();

  const receipt = page.getByTestId('receipt');
  await expect(receipt).toHaveText(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  await expect(page.getByRole('heading', { name: 'Your report was received' })).toBeFocused();
  await page.screenshot({ path: shots('report-receipt'), fullPage: true });

  const posts = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/reports'));
  expect(posts).toHaveLength(1);
  const sent = JSON.parse(posts[0]!.body) as Record<string, unknown>;
  expect(Object.keys(sent).sort()).toEqual([
    'armoredReport',
    'attachments',
    'envelopeVersion',
    'receiptLookup',
    'reporterKey',
  ]);
  // The file is bound by its upload id and token; its name, size and hash are inside the encrypted report.
  expect(sent.attachments).toEqual([{ id: expect.any(String), uploadToken: expect.any(String) }]);
  expect(sent.armoredReport).toMatch(/^-----BEGIN PGP MESSAGE-----/);
  const receiptText = (await receipt.textContent())!;
  for (const secret of [...Object.values(CANARIES), receiptText, receiptText.replace(/-/g, '')]) {
    for (const request of requests) expect(request.body).not.toContain(secret);
  }
  expect(foreignRequests(requests, baseUrl)).toEqual([]);

  await page.getByRole('button', { name: 'I have written it down' }).click();
  await expect(receipt).toHaveCount(0);
});

test('reports encrypted by gpg to the published fingerprint are accepted through the API', async ({ request }) => {
  const { baseUrl, keyFile, passphrase, fingerprint } = platform();
  const gpg = new GpgHome(passphrase);
  try {
    gpg.importKey(readFileSync(keyFile, 'utf8'));
    const report = { whatHappened: GPG_TEXT, agency: 'prosecutor', date: null, region: 'astana' };
    const envelope = JSON.stringify({ envelope: 'whistle412/report', v: 1, report, pad: '' });
    for (const plaintext of [envelope, GPG_PLAIN_TEXT]) {
      const armoredReport = gpg.encrypt(plaintext, [fingerprint.replace(/ /g, '')]);
      const response = await request.post(`${baseUrl}/api/v1/reports`, {
        data: { envelopeVersion: 1, armoredReport, receiptLookup: randomBytes(32).toString('hex') },
      });
      expect(response.status()).toBe(201);
    }
  } finally {
    gpg.remove();
  }
});

test('a reviewer logs in, unlocks the agency key in the browser and reads every report', async ({ page, context }) => {
  const { baseUrl, keyFile, passphrase, reviewer, fingerprint } = platform();
  const requests = captureRequests(context);

  await page.goto(`${baseUrl}/console/?lang=en`);
  await page.getByLabel('Username').fill(reviewer.username);
  await page.getByLabel('Password').fill(reviewer.password);
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page.getByRole('heading', { name: 'Unlock the agency key' })).toBeVisible();
  await expect(page.getByTestId('fingerprint')).toHaveText(fingerprint);
  await page.getByLabel('Agency private key file').setInputFiles(keyFile);
  await page.getByLabel('Passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('The passphrase does not unlock this key.');
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();

  const rows = page.getByTestId('inbox').locator('tbody tr');
  await expect(rows.nth(1)).toBeVisible();
  await expect(rows.first()).toContainText('New');
  await page.screenshot({ path: shots('console-inbox'), fullPage: true });

  const texts: string[] = [];
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await rows.nth(i).getByRole('button', { name: 'Open' }).click();
    const detail = page.getByTestId('report-detail');
    await expect(detail.getByTestId('what-happened')).toBeVisible();
    texts.push((await detail.getByTestId('what-happened').textContent())!);
    if (texts.at(-1)!.includes(CANARIES.ascii)) {
      await expect(detail).toContainText('Police (Ministry of Internal Affairs)');
      await expect(detail).toContainText('Karaganda Region');
      await expect(detail).toContainText('02/11/2026');
      await expect(detail.getByTestId('attachment-name')).toHaveText('notes.txt');
      await page.screenshot({ path: shots('console-report'), fullPage: true });
    }
    if (texts.at(-1)!.includes(GPG_PLAIN_TEXT)) {
      await expect(detail.getByRole('status')).toContainText('plain text, not sent through the form');
    }
    // Alternate the on-page Back link and the browser's Back button: both return to the inbox.
    if (i % 2 === 0) await page.getByRole('button', { name: 'Back' }).click();
    else await page.goBack();
    await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  }
  expect(texts.join('\n')).toContain(`${CANARIES.ascii}\n${CANARIES.russian}\n${CANARIES.kazakh}`);
  expect(texts.join('\n')).toContain(GPG_TEXT);
  expect(texts.join('\n')).toContain(GPG_PLAIN_TEXT);

  const sentBodies = requests.map((r) => r.body).join('\n');
  expect(sentBodies).not.toContain('PRIVATE KEY');
  expect(sentBodies).not.toContain(passphrase);
  expect(foreignRequests(requests, baseUrl)).toEqual([]);

  await page.getByRole('button', { name: 'Lock and log out' }).click();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
});

test.describe('on a phone, in Kazakh', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the console inbox fits the screen and writes dates the Kazakh way', async ({ page }) => {
    const { baseUrl, keyFile, passphrase, reviewer } = platform();
    await page.goto(`${baseUrl}/console/?lang=kk`);
    await page.getByLabel('Пайдаланушы аты').fill(reviewer.username);
    await page.getByLabel('Құпиясөз', { exact: true }).fill(reviewer.password);
    await page.getByRole('button', { name: 'Кіру' }).click();
    await page.getByLabel('Ведомствоның жабық кілт файлы').setInputFiles(keyFile);
    await page.getByLabel('Кілттің құпиясөзі').fill(passphrase);
    await page.getByRole('button', { name: 'Ашу' }).click();
    const firstRow = page.getByTestId('inbox').locator('tbody tr').first();
    await expect(firstRow).toContainText(/\d\d\.\d\d\.\d{4}/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: shots('console-inbox-phone-kk'), fullPage: true });
  });
});

test('nothing the reporter typed is at rest: the database files and the server log hold no canary', () => {
  const { dataDir, serverLog } = platform();
  const files = filesUnder(dataDir);
  expect(files.some((f) => f.endsWith('.sqlite') || f.includes(`${path.sep}mongod${path.sep}`))).toBe(true);
  expect(readFileSync(serverLog, 'utf8')).toContain('POST /api/v1/reports');

  expect(findCanaries(Object.values(CANARIES), dataDir, [serverLog])).toEqual([]);

  // The scan looks at the right bytes: the stored ciphertext is there, and a canary would be found.
  const holdsCiphertext = files.some((f) => readFileSync(f).includes('BEGIN PGP MESSAGE'));
  expect(holdsCiphertext).toBe(true);
  expect(findCanaries(['Press Ctrl-C to stop'], dataDir, [serverLog])).not.toEqual([]);
});
