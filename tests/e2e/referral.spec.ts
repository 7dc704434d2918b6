import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import type { ExportManifest } from '../../frontend/src/console/referral/exportPackage';
import { findCanaries } from '../support/canary';
import { gpgDestination } from '../support/destination';
import { pdfText } from '../support/pdf-text';
import { logInToConsole, unlockConsoleWithAgencyKey, openReportWithStory } from './console';
import { platform } from './platform';
import { fillReport } from './report-form';

/**
 * The Article 412-1 referral end to end, in Chromium against the real server
 * and engine: an administrator registers a gpg-made destination key; a
 * reviewer builds a referral in Kazakh from a report with an evidence file,
 * downloads and previews the PDF (its text read back, Kazakh letters and
 * all), saves it encrypted, and exports it; gpg opens the package with the
 * destination's secret key and every hash matches. Nothing typed is at rest.
 */
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(5).toString('hex');
const STORY = `Referral test ${tag}: the investigator asked for money.`;
const ADDRESSEE = `REFCANARY-${tag} Алматы қаласының прокуратурасы: ә ғ қ ң ө ұ ү һ і`;
const NUMBER = `412-${tag.slice(0, 4)}`;
const EVIDENCE_NAME = `хат-${tag}.txt`;
const evidence = Buffer.from(`Хат ${tag}: «ақшаны әкел», — деді тергеуші.\n`.repeat(50));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let destination: ReturnType<typeof gpgDestination>;

test.beforeAll(() => {
  destination = gpgDestination(`Прокуратура ${tag} <office-${tag}@example.kz>`);
});
test.afterAll(() => destination.home.remove());

test('a reporter sends a report with an evidence file', async ({ page }) => {
  await page.goto(`${platform().baseUrl}/?lang=en`);
  await fillReport(
    page,
    'en',
    {
      officers: [{ agency: 'police', role: 'investigator', unit: 'Тергеу бөлімі' }],
      kinds: ['bribe'],
      account: STORY,
      position: 'suspect',
      writeBack: 'no',
    },
    async (step) => {
      if (step !== 'evidence') return;
      await page
        .getByLabel('Choose files')
        .setInputFiles([{ name: EVIDENCE_NAME, mimeType: 'text/plain', buffer: evidence }]);
      await expect(page.getByTestId('file-item').getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
    },
  );
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 30_000 });
});

test('an administrator registers a destination key and sees its fingerprint; removing one asks first', async ({
  page,
}) => {
  await page.goto(`${platform().baseUrl}/console/?lang=en`);
  await logInToConsole(page);
  await page.getByRole('button', { name: 'Destination keys' }).click();
  await expect(page.getByRole('heading', { name: 'Destination keys', level: 1 })).toBeVisible();
  await page.getByLabel('Receiving body').fill(`Prosecutor's office ${tag}`);
  await page.getByLabel('Public key file (optional)').setInputFiles({
    name: 'office.asc',
    mimeType: 'text/plain',
    buffer: Buffer.from(destination.armoredPublicKey),
  });
  await expect(page.getByLabel('Armored public key')).toHaveValue(/BEGIN PGP PUBLIC KEY BLOCK/);
  await page.getByRole('button', { name: 'Register' }).click();
  const grouped = destination.fingerprint.toUpperCase().match(/.{4}/g)!;
  const row = page.getByTestId('destination-key').filter({ hasText: `Prosecutor's office ${tag}` });
  await expect(row).toContainText(grouped.slice(0, 2).join(' '));
  await expect(row).toContainText(`office-${tag}@example.kz`);
  // The table (fingerprint and all) fits the page at 1280 px: nothing sticks out of the card, no sideways scroll.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const table = page.getByTestId('destination-keys').locator('.table-wrap');
  expect(await table.evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBeLessThanOrEqual(0);

  // Removing a key (a second one, registered by mistake) asks first and says what follows; cancelling keeps it.
  const spare = gpgDestination(`Spare office ${tag} <spare-${tag}@example.kz>`);
  try {
    await page.getByLabel('Receiving body').fill(`Spare office ${tag}`);
    await page.getByLabel('Armored public key').fill(spare.armoredPublicKey);
    await page.getByRole('button', { name: 'Register' }).click();
    const spareRow = page.getByTestId('destination-key').filter({ hasText: `Spare office ${tag}` });
    await spareRow.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: `Remove the key of Spare office ${tag}?` });
    await expect(dialog).toContainText(`Nobody can export a referral to Spare office ${tag} any more.`);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(spareRow).toHaveCount(1);
    await spareRow.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(spareRow).toHaveCount(0);
    await expect(row).toHaveCount(1);
  } finally {
    spare.home.remove();
  }
});

test('a reviewer builds a referral in Kazakh, downloads and previews its PDF, saves it and exports it; gpg opens the package', async ({
  page,
}) => {
  // The save dialog cannot be driven by Playwright: the picker hands back a file in the origin-private file
  // system instead, a real FileSystemFileHandle whose createWritable() is the API the console writes through.
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
      suggestedName,
    }: {
      suggestedName: string;
    }) => (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await unlockConsoleWithAgencyKey(page);
  await openReportWithStory(page, STORY);

  await page.getByRole('button', { name: 'New referral' }).click();
  const builder = page.getByTestId('referral-builder');
  await builder.getByLabel('Language of the document').selectOption('kk');
  // Prefilled from the report, in Kazakh.
  await expect(builder.getByLabel('The facts', { exact: false })).toHaveValue(new RegExp(STORY.slice(0, 20)));
  await expect(builder.getByLabel('Confidentiality marking')).toHaveValue(/Құпия/);
  await expect(builder.getByTestId('referral-evidence')).toContainText(EVIDENCE_NAME);
  await expect(builder.getByTestId('referral-evidence')).toContainText(sha256(evidence));
  await builder.getByLabel('Addressee (receiving body)').fill(ADDRESSEE);
  await builder.getByLabel('Outgoing number').fill(NUMBER);
  await builder.getByLabel('Outgoing date').fill('2026-11-26');
  await builder.getByLabel('Article 366 (receiving a bribe)').check();
  await builder.getByLabel('Signatory (name and post)').fill('Шолпан Қасымова');
  // pdf-lib is fetched only now, by the console.
  expect(requests.filter((p) => /referral-pdf-|\.ttf$/.test(p))).toEqual([]);

  const downloading = page.waitForEvent('download');
  await builder.getByRole('button', { name: 'Download PDF' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`referral-${NUMBER}-2026-11-26.pdf`);
  const pdf = readFileSync((await download.path())!);
  const text = pdfText(pdf).replace(/\s+/g, '');
  expect(text).toContain(ADDRESSEE.replace(/\s+/g, ''));
  expect(text).toContain(`Шығыс№${NUMBER},26.11.2026`);
  expect(text).toContain('412-1,366');
  expect(text).toContain(sha256(evidence));
  expect(text).toContain(EVIDENCE_NAME);
  expect(requests.filter((p) => /referral-pdf-/.test(p))).toHaveLength(1);

  await builder.getByRole('button', { name: 'Preview PDF' }).click();
  await expect(builder.getByTestId('referral-preview')).toHaveAttribute('src', /^blob:/);

  await builder.getByRole('button', { name: 'Encrypt and save' }).click();
  await expect(page.getByText('The referral was encrypted and saved.')).toBeVisible();
  const stored = page.getByTestId('referral');
  await expect(stored).toHaveCount(1);
  await expect(stored.getByTestId('referral-number')).toContainText(NUMBER);

  await stored.getByRole('button', { name: 'Export for the receiving body…' }).click();
  await stored.getByLabel('Receiving body').selectOption({ label: `Prosecutor's office ${tag}` });
  await stored.getByRole('button', { name: 'Encrypt and download the package' }).click();
  await expect(stored.getByTestId('referral-export-outcome')).toHaveText('The package was saved (1 evidence file).', {
    timeout: 60_000,
  });
  const tarName = `referral-${NUMBER}-2026-11-26.tar`;
  const base64 = await page.evaluate(async (name) => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }, tarName);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'w412-e2e-export-'));
  try {
    const archive = Buffer.from(base64, 'base64');
    expect(archive.includes(Buffer.from(`REFCANARY-${tag}`))).toBe(false);
    writeFileSync(path.join(dir, 'export.tar'), archive);
    execFileSync('tar', ['-xf', path.join(dir, 'export.tar'), '-C', dir]);
    const open = (entry: string) => {
      const result = destination.home.run([
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        '--decrypt',
        path.join(dir, entry),
      ]);
      expect(result.status).toBe(0);
      return result.stdout;
    };
    const manifest = JSON.parse(open('manifest.json.gpg').toString('utf8')) as ExportManifest;
    expect(manifest.evidence.map((e) => [e.name, e.size, e.sha256])).toEqual([
      [EVIDENCE_NAME, evidence.length, sha256(evidence)],
    ]);
    const exportedPdf = open('referral.pdf.gpg');
    expect(sha256(exportedPdf)).toBe(manifest.referral.sha256);
    expect(pdfText(exportedPdf).replace(/\s+/g, '')).toContain(ADDRESSEE.replace(/\s+/g, ''));
    const file = Buffer.concat(manifest.evidence[0]!.entries.map(open));
    expect(sha256(file)).toBe(manifest.evidence[0]!.sha256);
    expect(file.equals(evidence)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing of the referral is at rest: no canary in the database files or the server log', () => {
  const { dataDir, serverLog } = platform();
  expect(findCanaries([`REFCANARY-${tag}`, EVIDENCE_NAME, NUMBER], dataDir, [serverLog])).toEqual([]);
});
