import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Browser, type Page } from '@playwright/test';

import { findCanaries } from '../support/canary';
import { GpgHome } from '../support/gpg';
import { captureRequests, foreignRequests, type CapturedRequest } from './capture';
import { openReportWithStory, unlockConsoleWithAgencyKey } from './console';
import { platform } from './platform';
import { checkPage } from './return-flow';
import { fillReport } from './report-form';

/**
 * A lawyer's access, end to end in Chromium against the real server, engine
 * and gpg: the reporter issues an access code on the return page; the lawyer
 * (on a 360 px phone) opens it, writes to the agency, uploads evidence with a
 * title and description, downloads the file's signed evidence receipt, and
 * gpg verifies it; the reviewer sees the lawyer's thread and the evidence,
 * whose plaintext SHA-256 matches after decryption and whose custody says the
 * lawyer added it; the reporter revokes the code and the lawyer is refused.
 * Nothing anyone typed or uploaded crosses the wire or rests in the clear.
 */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const phone = (browser: Browser) =>
  browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-US' });

async function comeBack(page: Page, receipt: string) {
  await page.goto(`${platform().baseUrl}/return/?lang=en`);
  await page.getByLabel('Receipt', { exact: true }).fill(receipt);
  await page.getByRole('button', { name: 'Open my report' }).click();
  await expect(page.getByTestId('return-status')).toBeVisible({ timeout: 60_000 });
}

async function openAsLawyer(page: Page, code: string) {
  await page.goto(`${platform().baseUrl}/lawyer/?lang=en`);
  await page.getByLabel('Access code', { exact: true }).fill(code.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: 'Open', exact: true }).click();
}

test('a reporter gives a lawyer an access code; the lawyer adds evidence with a receipt gpg verifies; the reviewer sees it; the revoked code opens nothing', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const tag = randomBytes(5).toString('hex');
  const story = `Lawyer test ${tag}: the officer planted evidence.`;
  const canaries = {
    label: `LabelCanary-${tag}-адвокат`,
    message: `LawyerMessageCanary-${tag}-Қорғаушы`,
    title: `EvidenceTitleCanary-${tag}`,
    description: `EvidenceDescriptionCanary-${tag}-описание`,
    file: `LawyerFileCanary-${tag}-bytes`,
    answer: `AgencyToLawyerCanary-${tag}`,
    reporterThread: `ReporterThreadCanary-${tag}-шарт`,
  };
  const evidence = {
    name: `statement-${tag}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`${canaries.file}\n`.repeat(80)),
  };
  const { baseUrl, dataDir, serverLog } = platform();
  const requests: CapturedRequest[] = [];

  // 1. A report; the receipt is all the reporter keeps.
  const sending = await browser.newContext({ locale: 'en-US' });
  requests.push(...captureRequests(sending));
  const send = await sending.newPage();
  await send.goto(`${baseUrl}/?lang=en`);
  await fillReport(send, 'en', {
    officers: [{ agency: 'police', role: 'operative' }],
    kinds: ['planted_evidence'],
    account: story,
    position: 'suspect',
    writeBack: 'yes',
  });
  await send.getByRole('button', { name: 'Encrypt and send' }).click();
  const receipt = (await send.getByTestId('receipt').textContent({ timeout: 60_000 }))!;
  await sending.close();

  // 2. The reporter comes back, writes in their own thread, and issues an access code, named for themselves only,
  //    ticking the box that shares their thread with the lawyer; the code is shown once.
  const visiting = await browser.newContext({ locale: 'en-US' });
  requests.push(...captureRequests(visiting));
  const visit = await visiting.newPage();
  await comeBack(visit, receipt);
  // Their own report, read-only: encrypted to the receipt's key too, decrypted here.
  await visit.getByTestId('own-report').getByText('Show what you sent').click();
  await expect(visit.getByTestId('own-report-details').getByText(story)).toBeVisible();
  await visit.getByLabel('Your message').fill(`My lawyer will write. ${canaries.reporterThread}`);
  await visit.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(visit.getByText('Sent. The agency will see it')).toBeVisible({ timeout: 60_000 });
  const codes = visit.getByTestId('access-codes');
  await expect(codes.getByText('You have not issued any access codes.')).toBeVisible();
  await codes.getByLabel('A name for the new code, seen only by you').fill(canaries.label);
  await codes.getByLabel('Also share my messages with the agency with this lawyer').check();
  await codes.getByRole('button', { name: 'Create an access code' }).click();
  const accessCode = (await codes.getByTestId('access-code').textContent({ timeout: 60_000 }))!;
  expect(accessCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  expect(accessCode).not.toBe(receipt);
  await expect(codes.getByTestId('access-code-item')).toContainText(canaries.label);
  await expect(codes.getByTestId('access-code-state')).toHaveText('Opens the report');
  await expect(codes.getByTestId('access-code-share')).toContainText(
    'You shared what you ticked then with this lawyer',
    {
      timeout: 60_000,
    },
  );
  await checkPage(visit, 'return-code-issued');
  await visiting.close();

  // 3. The lawyer, on a phone: a wrong code gets the calm uniform answer, the right one opens the status and an
  //    empty thread (not the client's report or thread).
  const lawyering = await phone(browser);
  const lawyerRequests = captureRequests(lawyering);
  const lawyer = await lawyering.newPage();
  await lawyer.goto(`${baseUrl}/lawyer/?lang=en`);
  await checkPage(lawyer, 'lawyer-start', true);
  await openAsLawyer(lawyer, '0000-0000-0000-0000');
  const refusal = lawyer.getByText('Nothing opens with this access code.', { exact: false });
  await expect(refusal).toBeVisible({ timeout: 60_000 });
  await checkPage(lawyer, 'lawyer-wrong-code', true);
  await openAsLawyer(lawyer, accessCode);
  await expect(lawyer.getByTestId('lawyer-status')).toContainText('Received', { timeout: 60_000 });
  await expect(lawyer.getByText('No messages yet.')).toBeVisible();
  await expect(lawyer.getByText(story)).toHaveCount(0);
  // The client's own thread shows only because they shared it, decrypted here with the lawyer key.
  await expect(lawyer.getByTestId('lawyer-shared-thread')).toContainText(canaries.reporterThread);
  await expect(lawyer.getByTestId('lawyer-shared-report')).toHaveCount(0);
  await checkPage(lawyer, 'lawyer-open', true);

  // 4. A message with a file, its title and description; the thread shows the file's signed receipt.
  await lawyer.getByLabel('Your message').fill(`I represent the reporter. ${canaries.message}`);
  await lawyer.getByLabel('Choose files').setInputFiles([evidence]);
  await expect(lawyer.getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
  await lawyer.getByLabel(`Title of “${evidence.name}”`).fill(canaries.title);
  await lawyer.getByLabel(`Description of “${evidence.name}”`).fill(canaries.description);
  await checkPage(lawyer, 'lawyer-writing', true);
  await lawyer.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(lawyer.getByText('Sent. The agency will see it')).toBeVisible({ timeout: 60_000 });
  const item = lawyer.getByTestId('lawyer-evidence');
  await expect(item).toContainText(canaries.title);
  await expect(item.getByTestId('lawyer-evidence-sha256')).toHaveText(sha256(evidence.buffer));
  const signed = item.getByTestId('evidence-receipt');
  await expect(signed).toHaveAttribute('data-verified', 'true');
  await checkPage(lawyer, 'lawyer-sent', true);
  const downloads: { name: string; path: string }[] = [];
  for (const name of ['Download the receipt (.json)', 'Download its signature (.asc)']) {
    const downloading = lawyer.waitForEvent('download');
    await signed.getByRole('button', { name }).click();
    const download = await downloading;
    downloads.push({ name: download.suggestedFilename(), path: (await download.path())! });
  }
  const put = lawyerRequests.find((r) => r.method === 'PUT')!;
  const fileId = new URL(put.url).pathname.split('/')[4]!;
  const signedReceipt = JSON.parse(readFileSync(downloads[0]!.path, 'utf8')) as {
    file: string;
    addedBy: string;
    report: string | null;
    ciphertext: { sha256: string };
  };
  expect(signedReceipt).toMatchObject({ file: fileId, addedBy: 'lawyer', report: expect.stringMatching(/^\S{22}$/) });

  // 5. What a court does with what the lawyer downloaded: gpg verifies it against the platform key.
  const gpg = new GpgHome('unused');
  try {
    const key = (await (await lawyer.request.get(`${baseUrl}/api/v1/platform-key`)).json()) as {
      armoredPublicKey: string;
    };
    gpg.importKey(key.armoredPublicKey);
    const jsonFile = path.join(gpg.dir, downloads[0]!.name);
    const ascFile = path.join(gpg.dir, downloads[1]!.name);
    copyFileSync(downloads[0]!.path, jsonFile);
    copyFileSync(downloads[1]!.path, ascFile);
    const good = gpg.run(['--status-fd', '1', '--verify', ascFile, jsonFile]);
    expect(good.stdout.toString('utf8')).toContain('[GNUPG:] GOODSIG');
    expect(good.status).toBe(0);
  } finally {
    gpg.remove();
  }
  await lawyering.close();
  requests.push(...lawyerRequests);

  // 6. The reviewer: the lawyer's thread apart from the reporter's, the evidence with its title, a plaintext hash
  //    that matches once decrypted, and custody naming the lawyer; the reviewer answers the lawyer.
  const consoleContext = await browser.newContext({ locale: 'en-US' });
  const reviewer = await consoleContext.newPage();
  await reviewer.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
      suggestedName,
    }: {
      suggestedName: string;
    }) => (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  });
  await unlockConsoleWithAgencyKey(reviewer);
  await openReportWithStory(reviewer, story);
  // The reporter's thread and the lawyer's are apart.
  const reporterThread = reviewer.getByTestId('console-thread');
  await expect(reporterThread.getByTestId('thread-text')).toHaveText(
    `My lawyer will write. ${canaries.reporterThread}`,
  );
  const lawyerThread = reviewer.getByTestId('console-lawyer-thread');
  await expect(lawyerThread).toHaveCount(1);
  await expect(lawyerThread).toContainText(canaries.message);
  await expect(lawyerThread.getByTestId('console-lawyer-evidence-note')).toContainText(canaries.title);
  const file = lawyerThread.getByTestId('attachment');
  await expect(file.getByTestId('attachment-sha256')).toHaveText(sha256(evidence.buffer));
  const custody = file.getByTestId('custody');
  await expect(custody.getByTestId('custody-added-by')).toHaveText('the reporter’s lawyer');
  await expect(custody.getByTestId('evidence-receipt')).toHaveAttribute('data-verified', 'true');
  await expect(custody.getByTestId('evidence-receipt-sha256')).toHaveText(signedReceipt.ciphertext.sha256);
  await file.getByRole('button', { name: 'Save decrypted' }).click();
  await expect(file.getByTestId('attachment-saved')).toBeVisible({ timeout: 60_000 });
  await expect(custody.getByTestId('custody-plaintext-check')).toHaveAttribute('data-result', 'true');
  await lawyerThread.getByLabel('Write to this lawyer').fill(`Received, thank you. ${canaries.answer}`);
  await lawyerThread.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(lawyerThread.getByTestId('thread-text')).toHaveText([
    `I represent the reporter. ${canaries.message}`,
    `Received, thank you. ${canaries.answer}`,
  ]);
  await consoleContext.close();

  // 7. The reporter comes back and shares their report instead of their thread; the lawyer sees the report (and no
  //    longer the thread); the reporter stops sharing, and the lawyer sees nothing of theirs.
  const revoking = await browser.newContext({ locale: 'en-US' });
  requests.push(...captureRequests(revoking));
  const back = await revoking.newPage();
  await comeBack(back, receipt);
  await back.getByTestId('own-report').getByText('Show what you sent').click();
  await expect(back.getByTestId('own-report-details').getByText(story)).toBeVisible();
  const listed = back.getByTestId('access-code-item');
  await expect(listed).toContainText(canaries.label);
  const sharing = listed.getByTestId('access-code-share');
  await sharing.getByLabel('My report').check();
  await sharing.getByRole('button', { name: 'Share what is ticked instead' }).click();
  await expect(sharing.getByLabel('My report')).toBeEnabled({ timeout: 60_000 });
  await checkPage(back, 'return-share-report');
  const lawyerAgain = async () => {
    const context = await phone(browser);
    requests.push(...captureRequests(context));
    const page = await context.newPage();
    await openAsLawyer(page, accessCode);
    await expect(page.getByTestId('lawyer-status')).toContainText('Received', { timeout: 60_000 });
    return { context, page };
  };
  const withReport = await lawyerAgain();
  const sharedReport = withReport.page.getByTestId('lawyer-shared-report');
  await expect(sharedReport).toContainText(story);
  await expect(sharedReport).toContainText('Planted or staged evidence');
  await expect(withReport.page.getByTestId('lawyer-shared-thread')).toHaveCount(0);
  await checkPage(withReport.page, 'lawyer-shared-report', true);
  await withReport.context.close();
  await sharing.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(sharing).toContainText('Nothing of yours is shared with this lawyer.', { timeout: 60_000 });
  const unshared = await lawyerAgain();
  await expect(unshared.page.getByTestId('lawyer-shared')).toHaveCount(0);
  await expect(unshared.page.getByText(story)).toHaveCount(0);
  await unshared.context.close();

  // 8. The reporter revokes the code, after confirming; the lawyer is refused with the wrong code's answer.
  await listed.getByRole('button', { name: 'Revoke' }).click();
  await expect(listed.getByText(`Revoke the code “${canaries.label}”?`)).toBeVisible();
  await checkPage(back, 'return-revoke-confirm');
  await listed.getByRole('button', { name: 'Yes, revoke the code' }).click();
  await expect(listed.getByTestId('access-code-state')).toContainText('Revoked', { timeout: 60_000 });
  // The reporter's own thread holds nothing of the lawyer's.
  await expect(back.getByTestId('thread').getByTestId('thread-message')).toHaveCount(1);
  await expect(back.getByTestId('thread')).not.toContainText(canaries.message);
  await revoking.close();

  const refused = await phone(browser);
  requests.push(...captureRequests(refused));
  const again = await refused.newPage();
  await openAsLawyer(again, accessCode);
  await expect(again.getByText('Nothing opens with this access code.', { exact: false })).toBeVisible({
    timeout: 60_000,
  });
  await expect(again.getByTestId('lawyer-status')).toHaveCount(0);
  await refused.close();

  // 9. Nothing typed or uploaded by the reporter or the lawyer (the report's own story included, shared or not)
  //    crossed the wire in the clear or rests on the server; the reporter's and the lawyer's pages asked nothing of
  //    another origin.
  const typed = [...Object.values(canaries), story];
  for (const request of requests) for (const canary of typed) expect(request.body).not.toContain(canary);
  expect(foreignRequests(requests, baseUrl)).toEqual([]);
  expect(findCanaries(typed, dataDir, [serverLog])).toEqual([]);
});
