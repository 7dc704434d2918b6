import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { GpgHome } from '../support/gpg';
import { captureRequests } from './capture';
import { unlockConsoleWithAgencyKey, openReportWithStory } from './console';
import { platform } from './platform';
import { fillReport } from './report-form';

/**
 * Evidence receipts end to end, in Chromium against the real server: the
 * reporter uploads a file, sees its receipt checked against the published
 * platform key and downloads it; gpg verifies the downloaded pair; a reviewer
 * sees the file's custody (the receipt, the plaintext check after saving,
 * and their own opening and export).
 */
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(5).toString('hex');
const STORY = `Receipts test ${tag}: the payment slip is attached.`;
const FILE_NAME = `slip-${tag}.txt`;
const content = Buffer.from(`Payment slip ${tag}\n${randomBytes(2000).toString('base64')}\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let fileId = '';

test('the reporter sees a signed evidence receipt for an uploaded file, downloads it, and gpg verifies it', async ({
  page,
  context,
}) => {
  const { baseUrl } = platform();
  const requests = captureRequests(context);
  await page.goto(`${baseUrl}/?lang=en`);
  const downloads: { name: string; path: string }[] = [];
  await fillReport(
    page,
    'en',
    {
      officers: [{ agency: 'police', role: 'operative' }],
      kinds: ['bribe'],
      account: STORY,
      position: 'witness',
      writeBack: 'no',
    },
    async (step) => {
      if (step !== 'evidence') return;
      await page
        .getByLabel('Choose files')
        .setInputFiles([{ name: FILE_NAME, mimeType: 'text/plain', buffer: content }]);
      const item = page.getByTestId('file-item');
      await expect(item.getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
      const receipt = item.getByTestId('evidence-receipt');
      await expect(receipt).toHaveAttribute('data-verified', 'true');
      const config = (await (await page.request.get(`${baseUrl}/api/v1/config`)).json()) as {
        platformFingerprint: string;
      };
      const grouped = config.platformFingerprint.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
      await expect(receipt.getByTestId('evidence-receipt-status')).toContainText(grouped);
      await expect(receipt.getByTestId('evidence-receipt-hour')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:00 UTC$/);

      for (const name of ['Download the receipt (.json)', 'Download its signature (.asc)']) {
        const downloading = page.waitForEvent('download');
        await receipt.getByRole('button', { name }).click();
        const download = await downloading;
        downloads.push({ name: download.suggestedFilename(), path: (await download.path())! });
      }
    },
  );
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 30_000 });

  const put = requests.find((r) => r.method === 'PUT')!;
  fileId = new URL(put.url).pathname.split('/')[4]!;
  expect(downloads.map((d) => d.name)).toEqual([
    `evidence-receipt-${fileId}.json`,
    `evidence-receipt-${fileId}.json.asc`,
  ]);
  const json = readFileSync(downloads[0]!.path, 'utf8');
  expect(JSON.parse(json)).toMatchObject({ file: fileId, addedBy: 'reporter', report: null });

  // Once sent, the receipt page lists the receipt signed again, now naming the report.
  const sent = page.getByTestId('evidence-receipts').getByTestId('evidence-receipt-item');
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText(FILE_NAME);
  await expect(sent.getByTestId('evidence-receipt')).toHaveAttribute('data-verified', 'true');
  const downloading = page.waitForEvent('download');
  await sent.getByRole('button', { name: 'Download the receipt (.json)' }).click();
  const final = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8')) as { report: string | null };
  expect(final.report).toMatch(/^[A-Za-z0-9_-]{22}$/);

  // What a court does: gpg, the platform's public key, and the two files as downloaded.
  const gpg = new GpgHome('unused');
  try {
    const key = (await (await page.request.get(`${baseUrl}/api/v1/platform-key`)).json()) as {
      armoredPublicKey: string;
    };
    gpg.importKey(key.armoredPublicKey);
    const dir = gpg.dir;
    const jsonFile = path.join(dir, downloads[0]!.name);
    const ascFile = path.join(dir, downloads[1]!.name);
    copyFileSync(downloads[0]!.path, jsonFile);
    copyFileSync(downloads[1]!.path, ascFile);
    const good = gpg.run(['--status-fd', '1', '--verify', ascFile, jsonFile]);
    expect(good.stdout.toString('utf8')).toContain('[GNUPG:] GOODSIG');
    expect(good.status).toBe(0);
  } finally {
    gpg.remove();
  }
});

test('the console shows the file’s custody: receipt, plaintext check after saving, and who opened and exported it', async ({
  page,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
      suggestedName,
    }: {
      suggestedName: string;
    }) => (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  });
  const { baseUrl, reviewer } = platform();
  await unlockConsoleWithAgencyKey(page, reviewer);
  await openReportWithStory(page, STORY);

  const file = page.getByTestId('attachment');
  await expect(file).toHaveCount(1);
  await expect(file.getByTestId('attachment-sha256')).toHaveText(sha256(content));
  const custody = file.getByTestId('custody');
  await expect(custody.getByTestId('custody-added-by')).toHaveText('the reporter');
  const receipt = custody.getByTestId('evidence-receipt');
  await expect(receipt).toHaveAttribute('data-verified', 'true');
  await expect(custody.getByTestId('custody-plaintext-check')).toHaveAttribute('data-result', 'unchecked');
  await expect(custody.getByText('Nobody has opened or exported this file yet.')).toBeVisible();

  await file.getByRole('button', { name: 'Save decrypted' }).click();
  await expect(file.getByTestId('attachment-saved')).toBeVisible({ timeout: 60_000 });
  await expect(custody.getByTestId('custody-plaintext-check')).toHaveAttribute('data-result', 'true');
  await expect(custody.getByTestId('custody-plaintext-check')).toContainText('Matches');
  await file.getByRole('button', { name: 'Preview' }).click();
  await expect(
    file.getByText('Only images (JPEG, PNG, WebP, GIF) can be previewed: save the file to open it.'),
  ).toBeVisible();

  const events = custody.getByTestId('custody-events').locator('li');
  await expect(events).toHaveCount(2);
  await expect(events.nth(0)).toHaveAttribute('data-action', 'attachment.open');
  await expect(events.nth(1)).toHaveAttribute('data-action', 'attachment.export');
  await expect(events.nth(1)).toContainText(`${reviewer.username}: exported`);

  // The receipt the console shows names the report and the ciphertext the server holds.
  const served = (await (await page.request.get(`${baseUrl}/api/v1/evidence-receipts/${fileId}`)).json()) as {
    receipt: string;
  };
  const parsed = JSON.parse(served.receipt) as { report: string | null; ciphertext: { sha256: string } };
  expect(parsed.report).toMatch(/^[A-Za-z0-9_-]{22}$/);
  await expect(receipt.getByTestId('evidence-receipt-sha256')).toHaveText(parsed.ciphertext.sha256);
});
