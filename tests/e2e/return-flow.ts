import { randomBytes } from 'node:crypto';

import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

import { findCanaries } from '../support/canary';
import { captureRequests, foreignRequests, type CapturedRequest } from './capture';
import { unlockConsoleWithAgencyKey, openReportWithStory } from './console';
import { platform } from './platform';
import { fillReport } from './report-form';

/**
 * Coming back with the receipt, end to end against the real server and
 * engine: a report with a file, the reporter back in a fresh browser with
 * only the receipt, a reviewer's question, the reporter's answer with another
 * file, the reviewer reading it. The same flow runs on a desktop, at 360 px
 * and without the JIT (return.spec.ts, return.jitless.spec.ts).
 */
export interface FlowOptions {
  browser: Browser;
  /** A phone: 360 px wide, touch. */
  phone?: boolean;
}

/** axe-core finds no serious or critical violation in this state; on a phone, nothing scrolls sideways. */
export async function checkPage(page: Page, state: string, phone = false) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ state, rule: v.id, where: v.nodes.map((n) => n.target.join(' ')) }));
  expect(serious).toEqual([]);
  if (phone) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ state, overflow }).toEqual({ state, overflow: 0 });
  }
}

export async function reporterContext(browser: Browser, phone: boolean): Promise<BrowserContext> {
  return browser.newContext(
    phone
      ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-US' }
      : { locale: 'en-US' },
  );
}

/** Opens the report on the return page with the receipt, as retyped by a person (lower case, spaces). */
export async function comeBack(page: Page, receipt: string) {
  await page.goto(`${platform().baseUrl}/return/?lang=en`);
  await page.getByLabel('Receipt', { exact: true }).fill(receipt.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: 'Open my report' }).click();
  await expect(page.getByTestId('return-status')).toBeVisible({ timeout: 60_000 });
}

export async function returnFlow({ browser, phone = false }: FlowOptions) {
  const tag = randomBytes(5).toString('hex');
  const story = `Return test ${tag}: the officer asked for money.`;
  const canaries = {
    question: `QuestionCanary-${tag}-когда`,
    answer: `AnswerCanary-${tag}-Қашан`,
    file: `ReplyFileCanary-${tag}-receipt`,
  };
  const firstFile = { name: `first-${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`first file ${tag}`) };
  const replyFile = {
    name: `reply-${tag}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`${canaries.file}\n`.repeat(50)),
  };
  const { baseUrl, dataDir, serverLog } = platform();
  const reporterRequests: CapturedRequest[] = [];

  // 1. A report with a file; the receipt is all the reporter keeps.
  const sending = await reporterContext(browser, phone);
  reporterRequests.push(...captureRequests(sending));
  const send = await sending.newPage();
  await send.goto(`${baseUrl}/?lang=en`);
  await fillReport(
    send,
    'en',
    {
      officers: [{ agency: 'police', role: 'operative' }],
      kinds: ['bribe'],
      account: story,
      position: 'witness',
      writeBack: 'yes',
    },
    async (step) => {
      if (step !== 'evidence') return;
      await send.getByLabel('Choose files').setInputFiles([firstFile]);
      await expect(send.getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
    },
  );
  await send.getByRole('button', { name: 'Encrypt and send' }).click();
  const receipt = (await send.getByTestId('receipt').textContent({ timeout: 60_000 }))!;
  expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await sending.close();

  // 2. Back from another browser, with only the receipt: a wrong one gets the calm uniform error, the right one
  //    opens the report, received, with nothing waiting.
  const visiting = await reporterContext(browser, phone);
  const visitRequests = captureRequests(visiting);
  const visit = await visiting.newPage();
  await visit.goto(`${baseUrl}/return/?lang=en`);
  await checkPage(visit, 'return-start', phone);
  await visit.getByLabel('Receipt', { exact: true }).fill('0000-0000-0000-0000');
  await visit.getByRole('button', { name: 'Open my report' }).click();
  await expect(visit.getByText('No report opens with this receipt.', { exact: false })).toBeVisible({
    timeout: 60_000,
  });
  // The receipt field takes the focus back (it was disabled while the page worked), to be corrected at once.
  await expect(visit.getByLabel('Receipt', { exact: true })).toBeFocused();
  // The way to a new report keeps the language the person chose.
  await expect(visit.getByRole('link', { name: 'Send a new report' })).toHaveAttribute('href', '/?lang=en');
  await checkPage(visit, 'return-wrong-receipt', phone);
  await comeBack(visit, receipt);
  await expect(visit.getByTestId('return-status')).toContainText('Received');
  // Their own report, read-only, decrypted here with the receipt's key (it is encrypted to it too).
  await visit.getByTestId('own-report').getByText('Show what you sent').click();
  await expect(visit.getByTestId('own-report-details').getByText(story)).toBeVisible();
  await expect(visit.getByText('No messages yet.')).toBeVisible();
  await checkPage(visit, 'return-open-empty', phone);
  // The receipt and what it opened live in the page's memory only: not in the URL, storage or cookies.
  const compact = receipt.replace(/-/g, '');
  expect(visit.url()).not.toContain(compact.slice(0, 8));
  expect(
    await visit.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
      databases: (await indexedDB.databases()).length,
    })),
  ).toEqual({ local: 0, session: 0, cookies: '', databases: 0 });
  await visiting.close();
  reporterRequests.push(...visitRequests);

  // 3. A reviewer asks a question under the report.
  const consoleContext = await browser.newContext({ locale: 'en-US' });
  const reviewer = await consoleContext.newPage();
  await unlockConsoleWithAgencyKey(reviewer);
  await openReportWithStory(reviewer, story);
  const consoleThread = reviewer.getByTestId('console-thread');
  await expect(consoleThread.getByText('No messages yet.')).toBeVisible();
  await consoleThread.getByLabel('Write to the reporter').fill(`When did it happen? ${canaries.question}`);
  await consoleThread.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(consoleThread.getByTestId('thread-text')).toHaveText(`When did it happen? ${canaries.question}`);

  // 4. The reporter comes back, reads the question (decrypted in their browser) and answers with another file.
  const answering = await reporterContext(browser, phone);
  const answerRequests = captureRequests(answering);
  const answer = await answering.newPage();
  await comeBack(answer, receipt);
  const thread = answer.getByTestId('thread');
  await expect(thread).toContainText('The agency');
  await expect(thread).toContainText(canaries.question);
  // Sending nothing: the box to write in takes the focus (it may be screens above the button), saying why.
  const replyBox = answer.getByLabel('Your message');
  const sendReply = answer.getByRole('button', { name: 'Encrypt and send' });
  await sendReply.click();
  await expect(replyBox).toBeFocused();
  await expect(replyBox).toHaveAccessibleDescription(/Write a message or add a file before sending\./);
  await expect(replyBox).toBeInViewport();
  await replyBox.fill(`Yesterday evening. ${canaries.answer}`);
  // Sending while the file still uploads: why not is said beside the button, and takes the focus.
  let hold = true;
  await answering.route('**/api/v1/attachments/*/segments/*', async (route) => {
    while (hold) await new Promise((resolve) => setTimeout(resolve, 100));
    await route.continue();
  });
  await answer.getByLabel('Choose files').setInputFiles([replyFile]);
  await sendReply.click();
  const problem = answer.getByTestId('reply-problem');
  await expect(problem).toContainText('Some files are still being uploaded.');
  await expect(problem).toBeFocused();
  await expect(problem).toBeInViewport();
  hold = false;
  await expect(answer.getByTestId('file-done')).toBeVisible({ timeout: 60_000 });
  await answering.unroute('**/api/v1/attachments/*/segments/*');
  await checkPage(answer, 'return-writing', phone);
  await sendReply.click();
  // The outcome is shown where the person is looking, not left above a form that has just emptied.
  const outcome = answer.getByTestId('reply-outcome');
  await expect(outcome).toContainText('Sent. The agency will see it', { timeout: 60_000 });
  await expect(outcome).toBeFocused();
  await expect(outcome).toBeInViewport();
  await expect(thread.locator('li')).toHaveCount(2);
  await expect(thread.locator('li').nth(1)).toContainText(canaries.answer);
  await expect(thread.locator('li').nth(1)).toContainText(replyFile.name);
  await checkPage(answer, 'return-sent', phone);
  await answering.close();
  reporterRequests.push(...answerRequests);

  // 5. The inbox flags the unread reply (and filters on it); the reviewer reads the answer and its file.
  await reviewer.getByRole('button', { name: 'Back' }).click();
  await reviewer.getByLabel('Unread replies').check();
  await expect(reviewer.getByTestId('unread-replies').first()).toBeVisible();
  await openReportWithStory(reviewer, story);
  await expect(consoleThread.getByTestId('thread-text')).toHaveText([
    `When did it happen? ${canaries.question}`,
    `Yesterday evening. ${canaries.answer}`,
  ]);
  await expect(consoleThread.getByTestId('attachment-name')).toHaveText(replyFile.name);
  // Reading it cleared the flag: the report has left the unread filter.
  await reviewer.getByRole('button', { name: 'Back' }).click();
  await reviewer.getByLabel('Unread replies').check();
  await expect(reviewer.getByTestId('inbox').locator('tbody tr')).toHaveCount(0);
  await consoleContext.close();

  // 6. Nothing the reporter or the reviewer typed or attached crossed the wire or rests on the server in the clear,
  //    and the reporter's pages asked nothing of another origin.
  const typed = [...Object.values(canaries), story];
  for (const request of reporterRequests) for (const canary of typed) expect(request.body).not.toContain(canary);
  expect(foreignRequests(reporterRequests, baseUrl)).toEqual([]);
  expect(findCanaries(typed, dataDir, [serverLog])).toEqual([]);
}
