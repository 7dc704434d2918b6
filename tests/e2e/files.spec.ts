import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { stripMetadata } from '../../crypto/src/metadata';
import { findCanaries } from '../support/canary';
import { addJpegMetadata, readJpegGps } from '../support/photos';
import { captureRequests, foreignRequests } from './capture';
import { unlockConsoleWithAgencyKey, openReportWithStory } from './console';
import { platform } from './platform';
import { fillReport } from './report-form';

/**
 * Evidence files end to end, in Chromium against the real server and engine:
 * a report with a file of several segments and a photo with GPS data, the
 * upload cut off and resumed, then a reviewer lists the files, saves both
 * (file-system access and the streamed download) and the hashes match.
 */
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(5).toString('hex');
const CANARY = `FILECANARY-${tag}-evidence`;
const STORY = `Files test ${tag}: the officer's voice is on the recording.`;
const SEGMENT = 4 * 1024 * 1024;
/** Two full segments and a bit: the canary written into every MiB of it. */
const bigFile = Buffer.concat(
  Array.from({ length: 9 }, () => Buffer.concat([Buffer.from(CANARY), randomBytes(1024 * 1024 - CANARY.length)])),
);
const BIG_NAME = `recording-${tag}.bin`;
const PHOTO_NAME = `photo-${tag}.jpg`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let photo: Buffer;

/** A real JPEG from Chromium's own encoder, with Exif (GPS), XMP, IPTC and a comment added as a camera would. */
async function makePhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    // Larger than any screen: the console's preview has to scale it.
    const canvas = new OffscreenCanvas(1600, 1200);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#c33';
    g.fillRect(0, 0, 1600, 1200);
    g.fillStyle = '#fff';
    g.fillRect(200, 200, 600, 400);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  });
  return addJpegMetadata(Buffer.from(base64, 'base64'), CANARY);
}

test('a reporter attaches a file of several segments and a photo; the upload is cut off, resumes, and the report is sent', async ({
  page,
  context,
}) => {
  const { baseUrl } = platform();
  const requests = captureRequests(context);
  await page.goto(`${baseUrl}/?lang=en`);
  photo = await makePhoto(page);
  expect(readJpegGps(photo)).not.toBeNull();

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

      // The second segment's upload fails twice (a dropped connection), then the network comes back.
      let cut = 0;
      await page.route('**/api/v1/attachments/*/segments/1', async (route) => {
        if (cut < 2) {
          cut += 1;
          await route.abort('connectionreset');
        } else await route.continue();
      });
      await page.getByLabel('Choose files').setInputFiles([
        { name: BIG_NAME, mimeType: 'application/octet-stream', buffer: bigFile },
        { name: PHOTO_NAME, mimeType: 'image/jpeg', buffer: photo },
      ]);
      const items = page.getByTestId('file-item');
      await expect(items).toHaveCount(2);
      await expect(items.nth(0)).toContainText('may contain hidden data');
      await expect(items.nth(1).getByLabel(/Remove hidden data from this photo/)).toBeChecked();
      await expect(items.nth(0)).toContainText('Connection lost');

      await expect(items.nth(0).getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
      await expect(items.nth(1).getByTestId('file-done')).toContainText('Hidden data removed');
      await page.unroute('**/api/v1/attachments/*/segments/1');
      expect(cut).toBe(2);

      // A file added by mistake and removed with the keyboard: the focus goes back to the picker, not to the page.
      // Its upload is refused first: Retry, with the keyboard, leaves the focus on the file's Cancel button.
      await page.route('**/api/v1/attachments/*/segments/*', (route) =>
        route.fulfill({ status: 400, json: { error: { code: 'invalid_segment', message: 'refused' } } }),
      );
      await page
        .getByLabel('Choose files')
        .setInputFiles([{ name: 'mistake.txt', mimeType: 'text/plain', buffer: Buffer.from('x') }]);
      await expect(items).toHaveCount(3);
      await page.getByRole('button', { name: 'Try again' }).focus();
      await page.unroute('**/api/v1/attachments/*/segments/*');
      await page.keyboard.press('Enter');
      const removeMistake = page.getByRole('button', { name: /^(Remove|Cancel uploading) mistake\.txt$/ });
      await expect(removeMistake).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(items).toHaveCount(2);
      await expect(page.getByLabel('Choose files')).toBeFocused();

      // Resumed from the first segment the server had not acknowledged: segment 0 went once, segment 1 three times.
      const puts = requests.filter((r) => r.method === 'PUT').map((r) => new URL(r.url).pathname);
      const bigUpload = puts[0]!.split('/')[4]!;
      const sent = puts.filter((p) => p.includes(bigUpload)).map((p) => Number(p.split('/').pop()));
      expect(sent).toEqual([0, 1, 1, 1, 2]);
    },
  );
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 30_000 });

  const post = requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/reports'))!;
  const body = JSON.parse(post.body) as { attachments: { id: string; uploadToken: string }[] };
  expect(body.attachments).toHaveLength(2);
  for (const request of requests) {
    expect(request.body).not.toContain(CANARY);
    expect(request.body).not.toContain(BIG_NAME);
    expect(request.body).not.toContain(PHOTO_NAME);
  }
  expect(foreignRequests(requests, baseUrl)).toEqual([]);
});

test('a reviewer sees the files from inside the report, saves both, and each hash matches', async ({ page }) => {
  // The save dialog cannot be driven by Playwright: the picker hands back a file in the origin-private file
  // system instead, a real FileSystemFileHandle whose createWritable() is the API the console writes through.
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
      suggestedName,
    }: {
      suggestedName: string;
    }) => (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  });
  await unlockConsoleWithAgencyKey(page);
  await openReportWithStory(page, STORY);
  const files = page.getByTestId('attachment');
  await expect(files).toHaveCount(2);
  await expect(files.nth(0).getByTestId('attachment-name')).toHaveText(BIG_NAME);
  await expect(files.nth(0).getByTestId('attachment-sha256')).toHaveText(sha256(bigFile));
  await expect(files.nth(1).getByTestId('attachment-name')).toHaveText(PHOTO_NAME);
  const cleaned = Buffer.from(stripMetadata('jpeg', photo));
  await expect(files.nth(1).getByTestId('attachment-sha256')).toHaveText(sha256(cleaned));
  await expect(files.nth(1).getByTestId('attachment-metadata')).toContainText(
    'hidden data (location, camera, time) was removed',
  );
  // The descriptor says which of the three it was: not a photo is not "the original kept".
  await expect(files.nth(0).getByTestId('attachment-metadata')).toContainText('Not a photo: sent as it was');

  await files.nth(0).getByRole('button', { name: 'Save decrypted' }).click();
  await expect(files.nth(0).getByTestId('attachment-saved')).toBeVisible({ timeout: 60_000 });
  const savedHash = await page.evaluate(async (name) => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }, BIG_NAME);
  expect(savedHash).toBe(sha256(bigFile));

  // The photo (1 600 × 1 200) is shown whole, scaled to the page, not one corner of it at full size.
  await files.nth(1).getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible();
  await expect(preview).toHaveJSProperty('naturalWidth', 1600);
  const shown = (await preview.boundingBox())!;
  const item = (await files.nth(1).boundingBox())!;
  expect(shown.width).toBeLessThanOrEqual(item.width);
  expect(shown.width / shown.height).toBeCloseTo(4 / 3, 1);
});

test('without file-system access the file is streamed to a download; the GPS tag is gone from the photo', async ({
  page,
}) => {
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await unlockConsoleWithAgencyKey(page);
  await openReportWithStory(page, STORY);
  const photoRow = page.getByTestId('attachment').nth(1);
  const downloading = page.waitForEvent('download');
  await photoRow.getByRole('button', { name: 'Save decrypted' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(PHOTO_NAME);
  const saved = readFileSync((await download.path())!);
  await expect(photoRow.getByTestId('attachment-saved')).toBeVisible();
  expect(readJpegGps(saved)).toBeNull();
  expect(saved.includes(CANARY)).toBe(false);
  expect(sha256(saved)).toBe(sha256(Buffer.from(stripMetadata('jpeg', photo))));

  const bigRow = page.getByTestId('attachment').nth(0);
  const again = page.waitForEvent('download');
  await bigRow.getByRole('button', { name: 'Save decrypted' }).click();
  const big = readFileSync((await (await again).path())!);
  expect(sha256(big)).toBe(sha256(bigFile));
  expect(big.length).toBeGreaterThan(2 * SEGMENT);
});

test('nothing of the files is at rest: no canary in the database files or the server log', () => {
  const { dataDir, serverLog } = platform();
  expect(findCanaries([CANARY, BIG_NAME, PHOTO_NAME], dataDir, [serverLog])).toEqual([]);
  // The scan would see it: the canary is in the files the reporter chose.
  expect(bigFile.includes(CANARY)).toBe(true);
});
