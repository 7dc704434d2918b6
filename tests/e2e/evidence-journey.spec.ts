import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

import { expect, test, type Request } from '@playwright/test';

import { stripMetadata } from '../../crypto/src/metadata';
import { SEGMENT_BYTES } from '../../crypto/src/segment-layout';
import { filesUnder, findCanaries } from '../support/canary';
import { GpgHome } from '../support/gpg';
import { craftedJpeg, readJpegGps } from '../support/photos';
import { captureRequests, foreignRequests } from './capture';
import { openReportWithStory, unlockConsoleWithAgencyKey } from './console';
import { openServerDatabase } from './database';
import { platform } from './platform';
import { fillReport } from './report-form';
import { comeBack, reporterContext } from './return-flow';

/**
 * Issue 8's "done means", as one flow in Chromium against the real server and
 * engine: a report with a 50 MiB file and a photo with GPS data, the upload
 * cut off (the browser goes offline, its segment uploads fail) and resumed from the first segment the
 * server had not acknowledged, the receipt saved, a reviewer's question, the
 * reporter's answer with another file, the reviewer reading it, gpg
 * decrypting segments taken from the database with the agency key, and the
 * canary scan of the database files and the server log.
 */
const tag = randomBytes(5).toString('hex');
const CANARY = `JourneyCanary-${tag}-evidence`;
const STORY = `Journey test ${tag}: the recording and the photo of the car.`;
const BIG_NAME = `recording-${tag}.bin`;
const PHOTO_NAME = `photo-${tag}.jpg`;
const REPLY_NAME = `reply-${tag}.txt`;
const canaries = {
  question: `JourneyQuestion-${tag}-қашан`,
  answer: `JourneyAnswer-${tag}-вечером`,
  reply: `JourneyReplyFile-${tag}-slip`,
};
const MIB = 1024 * 1024;
const SEGMENT_ROUTE = '**/api/v1/attachments/*/segments/*';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** 50 MiB of random bytes with the canary at the start of every MiB (13 segments of 4 MiB, the last half full). */
const bigFile = Buffer.concat(
  Array.from({ length: 50 }, () => Buffer.concat([Buffer.from(CANARY), randomBytes(MIB - CANARY.length)])),
);
const BIG_SEGMENTS = Math.ceil(bigFile.length / SEGMENT_BYTES);
/** The crafted camera JPEG (tests/support/photos.ts): Exif with a GPS position, XMP, IPTC, a comment, a trailer. */
const photo = craftedJpeg(CANARY);

/** One segment upload as the browser made it: which upload, which segment, in which phase of the connection. */
interface SegmentPut {
  upload: string;
  index: number;
  phase: 'online' | 'offline' | 'back online';
  status: number | 'failed' | 'pending';
}

test('a 50 MiB file and a GPS photo survive a dropped connection; receipt, question, answer with a file; gpg reads a stored segment; nothing at rest', async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const { baseUrl, dataDir, serverLog, keyFile, passphrase } = platform();
  // Playwright takes at most 50 MiB of buffers per call: the big file goes from disk, as a reporter's would.
  const bigPath = testInfo.outputPath(BIG_NAME);
  writeFileSync(bigPath, bigFile);
  // Paths and buffers cannot be mixed in one choice: the photo goes from disk too.
  const photoPath = testInfo.outputPath(PHOTO_NAME);
  writeFileSync(photoPath, photo);
  expect(bigFile.length).toBe(50 * MIB);
  expect(BIG_SEGMENTS).toBe(13);
  expect(readJpegGps(photo)).not.toBeNull();

  // 1. The report, with the two files. The connection drops once four segments of the big file are acknowledged.
  const sending = await reporterContext(browser, false);
  const requests = captureRequests(sending);
  const uploads: { id: string; uploadToken: string }[] = [];
  sending.on('response', async (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/attachments')
      uploads.push((await response.json()) as { id: string; uploadToken: string });
  });
  const puts = new Map<Request, SegmentPut>();
  let phase: SegmentPut['phase'] = 'online';
  let offline: Promise<void> | null = null;
  const segmentPut = /^\/api\/v1\/attachments\/([^/]+)\/segments\/(\d+)$/;
  sending.on('request', (request) => {
    const match = segmentPut.exec(new URL(request.url()).pathname);
    if (request.method() !== 'PUT' || !match) return;
    puts.set(request, { upload: match[1]!, index: Number(match[2]), phase, status: 'pending' });
  });
  sending.on('requestfailed', (request) => {
    const put = puts.get(request);
    if (put) put.status = 'failed';
  });
  sending.on('requestfinished', async (request) => {
    const put = puts.get(request);
    if (!put) return;
    put.status = (await request.response())?.status() ?? 'failed';
    const acknowledged = [...puts.values()].filter((p) => p.upload === put.upload && p.status === 200).length;
    if (!offline && put.index < BIG_SEGMENTS && acknowledged === 4 && put.upload === [...puts.values()][0]!.upload) {
      // Playwright's offline emulation reaches the page and its workers but not the worker that the crypto
      // worker starts to send segments (frontend/src/files/segment-io.ts): its uploads are cut off as well.
      // Requests made before both are in place count as online ones (one may be cut off in flight).
      offline = (async () => {
        await sending.route(SEGMENT_ROUTE, (route) => route.abort('internetdisconnected'));
        await sending.setOffline(true);
        phase = 'offline';
      })();
    }
  });
  const putsOf = (upload: string) => [...puts.values()].filter((p) => p.upload === upload);
  const progressOf = async (upload: { id: string; uploadToken: string }) =>
    (await (
      await fetch(`${baseUrl}/api/v1/attachments/${upload.id}`, {
        headers: { Authorization: `Bearer ${upload.uploadToken}` },
      })
    ).json()) as { received: number; segmentCount: number; sent: boolean };

  const send = await sending.newPage();
  await send.goto(`${baseUrl}/?lang=en`);
  let resumedFrom = -1;
  await fillReport(
    send,
    'en',
    {
      officers: [{ agency: 'police', role: 'operative' }],
      kinds: ['bribe'],
      account: STORY,
      position: 'witness',
      writeBack: 'yes',
    },
    async (step) => {
      if (step !== 'evidence') return;
      await send.getByLabel('Choose files').setInputFiles([bigPath, photoPath]);
      const items = send.getByTestId('file-item');
      await expect(items).toHaveCount(2);
      await expect(items.nth(1).getByLabel(/Remove hidden data from this photo/)).toBeChecked();

      // Offline: the page says so and waits; the server holds what it acknowledged, and no more arrives.
      await expect(items.nth(0)).toContainText('Connection lost', { timeout: 120_000 });
      await offline;
      const big = uploads[0]!;
      resumedFrom = (await progressOf(big)).received;
      expect(resumedFrom).toBeGreaterThanOrEqual(4);
      expect(resumedFrom).toBeLessThan(BIG_SEGMENTS);
      phase = 'back online';
      await sending.unroute(SEGMENT_ROUTE);
      await sending.setOffline(false);

      await expect(items.nth(0).getByTestId('file-done')).toBeVisible({ timeout: 180_000 });
      await expect(items.nth(1).getByTestId('file-done')).toContainText('Hidden data removed', { timeout: 60_000 });

      // Resumed from the first segment the server had not acknowledged: while offline a send may be tried and
      // fail, but nothing the server had acknowledged was sent again, and back online the uploads start at the
      // server's `received` and go on in order.
      const bigPuts = putsOf(big.id);
      const whileOffline = bigPuts.filter((p) => p.phase === 'offline');
      expect(whileOffline.filter((p) => p.status !== 'failed' || p.index < resumedFrom)).toEqual([]);
      expect(bigPuts.filter((p) => p.phase === 'back online').map((p) => p.index)).toEqual(
        Array.from({ length: BIG_SEGMENTS - resumedFrom }, (_, i) => resumedFrom + i),
      );
      // Before the drop, in order and each once; the one in flight when it dropped may have been stored or not.
      // And it may not be seen at all: the fourth acknowledgement ends the sender worker (SENDS_PER_SENDER), so
      // the fifth upload is a fresh worker's first request, which can leave before Playwright has attached to
      // that worker (seen in a run under load: stored, never reported).
      const online = bigPuts.filter((p) => p.phase === 'online');
      expect(online.map((p) => p.index)).toEqual(Array.from({ length: online.length }, (_, i) => i));
      expect([resumedFrom - 1, resumedFrom, resumedFrom + 1]).toContain(online.length);
      expect(online.slice(0, 4).map((p) => p.status)).toEqual([200, 200, 200, 200]);
      expect(await progressOf(big)).toMatchObject({ segmentCount: BIG_SEGMENTS, received: BIG_SEGMENTS, sent: false });
    },
  );
  await send.getByRole('button', { name: 'Encrypt and send' }).click();
  const receipt = (await send.getByTestId('receipt').textContent({ timeout: 120_000 }))!;
  expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  // 2. The receipt saved as a text file, and the person says so before the page lets it go.
  const downloading = send.waitForEvent('download');
  await send.getByRole('button', { name: 'Download as a text file' }).click();
  const savedReceipt = readFileSync((await (await downloading).path())!, 'utf8');
  expect(savedReceipt).toContain(receipt);
  await send.getByLabel(/^I have saved the receipt/).check();
  await send.getByRole('button', { name: 'Hide the receipt' }).click();
  await expect(send.getByTestId('receipt')).toHaveCount(0);
  const [bigUpload, photoUpload] = uploads;
  expect(await progressOf(bigUpload!)).toMatchObject({ received: BIG_SEGMENTS, sent: true });
  await sending.close();

  // 3. A reviewer opens the report (both files listed, as the encrypted report describes them) and asks a question.
  const consoleContext = await browser.newContext({ locale: 'en-US' });
  const reviewer = await consoleContext.newPage();
  await unlockConsoleWithAgencyKey(reviewer);
  await openReportWithStory(reviewer, STORY);
  const files = reviewer.getByTestId('attachment');
  await expect(files).toHaveCount(2);
  await expect(files.nth(0).getByTestId('attachment-name')).toHaveText(BIG_NAME);
  await expect(files.nth(0).getByTestId('attachment-sha256')).toHaveText(sha256(bigFile));
  await expect(files.nth(1).getByTestId('attachment-name')).toHaveText(PHOTO_NAME);
  await expect(files.nth(1).getByTestId('attachment-sha256')).toHaveText(
    sha256(Buffer.from(stripMetadata('jpeg', photo))),
  );
  const consoleThread = reviewer.getByTestId('console-thread');
  await consoleThread.getByLabel('Write to the reporter').fill(`When was the photo taken? ${canaries.question}`);
  await consoleThread.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(consoleThread.getByTestId('thread-text')).toHaveText(`When was the photo taken? ${canaries.question}`);

  // 4. The reporter comes back from another browser with the receipt they saved, and answers with another file.
  const answering = await reporterContext(browser, false);
  const answerRequests = captureRequests(answering);
  const answer = await answering.newPage();
  await comeBack(answer, /[0-9A-Z]{4}(-[0-9A-Z]{4}){3}/.exec(savedReceipt)![0]);
  const thread = answer.getByTestId('thread');
  await expect(thread).toContainText(canaries.question);
  await answer.getByLabel('Your message').fill(`In the evening. ${canaries.answer}`);
  await answer
    .getByLabel('Choose files')
    .setInputFiles([
      { name: REPLY_NAME, mimeType: 'text/plain', buffer: Buffer.from(`${canaries.reply}\n`.repeat(99)) },
    ]);
  await expect(answer.getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
  await answer.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(answer.getByText('Sent. The agency will see it')).toBeVisible({ timeout: 60_000 });
  await expect(thread.locator('li')).toHaveCount(2);
  await answering.close();

  // 5. The reviewer reads the answer and sees its file.
  await reviewer.getByRole('button', { name: 'Back' }).click();
  await openReportWithStory(reviewer, STORY);
  await expect(consoleThread.getByTestId('thread-text')).toHaveText([
    `When was the photo taken? ${canaries.question}`,
    `In the evening. ${canaries.answer}`,
  ]);
  await expect(consoleThread.getByTestId('attachment-name')).toHaveText(REPLY_NAME);
  await consoleContext.close();

  // 6. gpg, with the agency key, decrypts segments taken from the database: the first one sent after the
  //    resume is that slice of the file, and the photo's has no GPS position left (nor any canary).
  const gpg = new GpgHome(passphrase);
  const { db, close } = await openServerDatabase();
  try {
    gpg.importKey(readFileSync(keyFile, 'utf8'));
    const stored = async (id: string) => {
      const doc = await db.collection<{ _id: string; data: { buffer: Uint8Array } }>('attachment_segments').findOne({
        _id: id,
      });
      return Buffer.from(doc!.data.buffer);
    };
    const segment = await stored(`${bigUpload!.id}:${resumedFrom}`);
    expect(segment.includes(Buffer.from(CANARY))).toBe(false);
    const decrypted = gpg.decrypt(segment);
    expect(decrypted.status, decrypted.stderr).toBe(0);
    const start = resumedFrom * SEGMENT_BYTES;
    expect(sha256(decrypted.stdout)).toBe(sha256(bigFile.subarray(start, start + SEGMENT_BYTES)));

    const photoPlain = gpg.decrypt(await stored(`${photoUpload!.id}:0`));
    expect(photoPlain.status, photoPlain.stderr).toBe(0);
    expect(readJpegGps(photoPlain.stdout)).toBeNull();
    expect(photoPlain.stdout.includes(Buffer.from(CANARY))).toBe(false);
    expect(sha256(photoPlain.stdout)).toBe(sha256(Buffer.from(stripMetadata('jpeg', photo))));

    // 7. Nothing typed or attached is at rest in the clear: the database files (where the segments are
    //    stored: there is no other blob storage) and the server's log hold no canary, file name or text.
    const secrets = [CANARY, BIG_NAME, PHOTO_NAME, REPLY_NAME, ...Object.values(canaries)];
    expect(findCanaries(secrets, dataDir, [serverLog])).toEqual([]);
    // The scan reads where the segments are: a piece of the stored ciphertext is found there (as the engine
    // writes binary: base64, here of 48 bytes at an offset divisible by three).
    const piece = Buffer.from(segment.subarray(3000, 3048).toString('base64'));
    expect(filesUnder(dataDir).some((file) => readFileSync(file).includes(piece))).toBe(true);
  } finally {
    await close();
    gpg.remove();
    rmSync(bigPath, { force: true });
    rmSync(photoPath, { force: true });
  }
  for (const request of [...requests, ...answerRequests])
    for (const secret of [CANARY, ...Object.values(canaries)]) expect(request.body).not.toContain(secret);
  expect(foreignRequests([...requests, ...answerRequests], baseUrl)).toEqual([]);
});
