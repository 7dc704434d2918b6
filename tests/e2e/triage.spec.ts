import { randomBytes } from 'node:crypto';

import { expect, test, type Browser, type Page } from '@playwright/test';

import { unlockConsoleWithAgencyKey, openReportWithStory } from './console';
import { platform } from './platform';
import { fillReport } from './report-form';

/**
 * Triage end to end in Chromium against the real server and engine: a
 * reviewer changes a report's status with a reason, assigns it, labels it and
 * sees each change in its history; the inbox filters find it; a second
 * reviewer's stale change is refused and the console says so; closing it
 * moves it to the archive; the dashboard counts it.
 */
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(4).toString('hex');
const STORY = `Triage test ${tag}: the investigator offered to close the case for money.`;
const LABEL = `t${tag}`;

const triage = (page: Page) => page.getByTestId('triage');
const filters = (page: Page) => page.locator('form.filters');

async function secondReviewer(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await unlockConsoleWithAgencyKey(page);
  return page;
}

test('a reviewer triages a report: status with a reason, assignee, label, history and audit log; the inbox filters find it', async ({
  page,
  browser,
}) => {
  const { baseUrl, reviewer } = platform();
  await page.goto(`${baseUrl}/?lang=en`);
  await fillReport(page, 'en', {
    officers: [{ agency: 'police', role: 'investigator' }],
    kinds: ['bribe'],
    account: STORY,
    position: 'suspect',
    writeBack: 'no',
  });
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 30_000 });

  await unlockConsoleWithAgencyKey(page);
  await openReportWithStory(page, STORY);
  const reportId = (await page.getByTestId('report-id').textContent())!;
  await expect(triage(page).getByTestId('triage-status')).toHaveText('New');
  await expect(triage(page)).toContainText('No changes yet.');

  // A status change needs a reason: the form will not send without one.
  await triage(page).locator('select[name=status]').selectOption('in_review');
  await triage(page).getByRole('button', { name: 'Change status' }).click();
  expect(
    await triage(page)
      .locator('textarea[name=reason]')
      .evaluate((el: HTMLTextAreaElement) => el.validity.valueMissing),
  ).toBe(true);
  await expect(triage(page).getByTestId('history')).toHaveCount(0);
  await triage(page).locator('textarea[name=reason]').fill('credible: the investigator is named');
  await triage(page).getByRole('button', { name: 'Change status' }).click();
  await expect(triage(page).getByTestId('triage-status')).toHaveText('In review — credible: the investigator is named');
  // The report states its status once, in the triage panel: no second line above it still saying "New".
  await expect(page.getByTestId('report-detail').locator('dd').filter({ hasText: /^New$/ })).toHaveCount(0);

  // A username that is no reviewer's: refused in the console's own words (never the server's), nothing changes.
  await triage(page).locator('input[name=assignee]').fill(`nobody-${tag}`);
  await triage(page).getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(triage(page).getByRole('alert')).toHaveText(
    'There is no enabled reviewer with this username: check the spelling, or assign it to yourself.',
  );
  await triage(page).getByRole('button', { name: 'Assign to me' }).click();
  await expect(triage(page).getByTestId('triage-assignee')).toHaveText(reviewer.username);

  await triage(page).locator('input[name=labels]').fill(`${LABEL}, money`);
  await triage(page).getByRole('button', { name: 'Save labels' }).click();
  await expect(triage(page).getByTestId('triage-labels')).toHaveText(`money, ${LABEL}`);

  // An internal note: encrypted in this browser, read back with the unlocked key.
  const notes = page.getByTestId('notes');
  await expect(notes).toContainText('No notes yet.');
  await notes.locator('textarea[name=note]').fill(`Проверить номер дела ${tag}`);
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.getByTestId('note-list').locator('li')).toHaveCount(1);
  await expect(notes.getByTestId('note-list')).toContainText(`${reviewer.username}: Проверить номер дела ${tag}`);

  const history = triage(page).getByTestId('history').locator('li');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText(`${reviewer.username}: Status: In review; Reason: credible`);
  await expect(history.nth(1)).toContainText(`Assignee: ${reviewer.username}`);
  await expect(history.nth(2)).toContainText(`Labels: money, ${LABEL}`);

  // The inbox: its label alone finds it; with status and assignee too; not among the overdue.
  await page.getByRole('button', { name: 'Back' }).click();
  await filters(page).locator('input[name=label]').fill(LABEL);
  const rows = page.getByTestId('inbox').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-report', reportId);
  await filters(page).locator('select[name=status]').selectOption('in_review');
  await filters(page).locator('select[name=assignee]').selectOption({ label: 'Assigned to me' });
  await expect(rows).toHaveCount(1);
  await filters(page).locator('select[name=status]').selectOption('awaiting_reporter');
  await expect(page.getByText('No reports yet.')).toBeVisible();
  await filters(page).locator('select[name=status]').selectOption('');
  await filters(page).getByLabel('Overdue').check();
  await expect(page.getByText('No reports yet.')).toBeVisible();
  await filters(page).getByLabel('Overdue').uncheck();
  await expect(rows).toHaveCount(1);
  // Both check boxes are boxes, not text-field-sized squares (a label that wraps once stretched one).
  for (const name of ['Overdue', 'Unread replies']) {
    const box = (await filters(page).getByLabel(name).boundingBox())!;
    expect(box.width).toBeLessThan(32);
    expect(box.height).toBeLessThan(32);
  }

  // Two reviewers on the same version: the second one's change is refused, and the console says so.
  const other = await secondReviewer(browser);
  await filters(other).locator('input[name=label]').fill(LABEL);
  // The filtered list replaces the whole inbox when it arrives: open the row only once it is ours.
  const otherRows = other.getByTestId('inbox').locator('tbody tr');
  await expect(otherRows).toHaveCount(1);
  await expect(otherRows.first()).toHaveAttribute('data-report', reportId);
  await otherRows.first().getByRole('button', { name: 'Open' }).click();
  await expect(triage(other).getByTestId('triage-labels')).toHaveText(`money, ${LABEL}`);
  await rows.first().getByRole('button', { name: 'Open' }).click();
  await triage(page).locator('select[name=priority]').selectOption('high');
  await expect(triage(page).getByTestId('history').locator('li')).toHaveCount(4);
  await triage(other).locator('select[name=priority]').selectOption('urgent');
  await expect(triage(other).getByTestId('triage-conflict')).toBeVisible();
  await triage(other).getByRole('button', { name: 'Reload' }).click();
  await expect(triage(other).getByTestId('history').locator('li')).toHaveCount(4);
  await triage(other).locator('select[name=priority]').selectOption('urgent');
  await expect(triage(other).getByTestId('history').locator('li')).toHaveCount(5);
  await other.context().close();

  // Closing moves it to the archive, where the same filter still finds it.
  await page.getByRole('button', { name: 'Back' }).click();
  await filters(page).locator('input[name=label]').fill(LABEL);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-report', reportId);
  await rows.first().getByRole('button', { name: 'Open' }).click();
  // Closing as a duplicate takes the other report's full id: the short reference the inbox shows is refused in
  // the browser, and the field says which id it wants.
  await triage(page).locator('select[name=status]').selectOption('closed_duplicate');
  const original = triage(page).getByLabel('Duplicate of (report id)');
  await original.fill('7KQ-M9X');
  await triage(page).locator('textarea[name=reason]').fill('same officer, same day');
  await triage(page).getByRole('button', { name: 'Change status' }).click();
  expect(await original.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(true);
  await expect(triage(page)).toContainText('Paste the full id shown beside its reference at the top of that report');
  await expect(triage(page).getByTestId('history').locator('li')).toHaveCount(5);
  await triage(page).locator('select[name=status]').selectOption('closed_unfounded');
  await triage(page).locator('textarea[name=reason]').fill('no inducement described');
  await triage(page).getByRole('button', { name: 'Change status' }).click();
  await expect(triage(page).getByTestId('triage-status')).toHaveText('Closed as unfounded — no inducement described');
  await page.getByRole('button', { name: 'Back' }).click();
  await filters(page).locator('input[name=label]').fill(LABEL);
  await expect(page.getByText('No reports yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Archive (closed and referred)' }).click();
  await filters(page).locator('input[name=label]').fill(LABEL);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-report', reportId);

  // The dashboard counts from the workflow fields.
  await page.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('dashboard-total')).not.toHaveText('0');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let data = '';
    csv.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    csv.on('end', () => resolve(data));
  });
  expect(text.split('\r\n')[0]).toBe('figure,key,count');
  expect(text).toMatch(/\r\nstatus,closed_unfounded,[1-9]\d*\r\n/);

  // Every change is in the audit log too, under this report, with who made it.
  await page.getByRole('button', { name: 'Audit log' }).click();
  await page.getByLabel('Action').selectOption('report.change');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  // The filtered page replaces the unfiltered one when it arrives: wait for it before counting.
  await expect(page.getByTestId('audit-log').locator('tbody tr').filter({ hasNotText: 'report.change' })).toHaveCount(
    0,
  );
  const changes = page.getByTestId('audit-log').locator('tbody tr', { hasText: reportId });
  await expect(changes).toHaveCount(6);
  await expect(changes.first()).toContainText(reviewer.username);
});
