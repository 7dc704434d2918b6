import { randomBytes } from 'node:crypto';

import { expect, test, type Locator, type Page } from '@playwright/test';

import { captureRequests } from './capture';
import { platform } from './platform';
import { fillReport, words } from './report-form';

/**
 * The report form as a person meets it: with the keyboard alone, with
 * mistakes to fix, at the edge of a day in Almaty, and with everything typed
 * kept off the device (no storage, no cookies, nothing in the URL) and a
 * question before anything unsent is thrown away.
 */
const tag = randomBytes(4).toString('hex');
const en = words('en');

/** Presses Tab (or Shift+Tab) until `target` has the focus: how a keyboard user gets anywhere. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab did not reach ${target.toString()} in ${max} presses`);
}

const stepHeading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name });

test('a keyboard alone fills in every step, fixes what the form asks for, reviews, sends and hides the receipt', async ({
  page,
}) => {
  await page.goto(`${platform().baseUrl}/?lang=en`);
  await expect(page.getByTestId('fingerprint')).toBeVisible();
  const agency = page.getByLabel(/^Where does the officer work\?/);

  // From the top of the page: the language buttons, the way back to a sent report, then "Start the report",
  // which takes the focus past the safety notes and the key to the form's first step.
  await page.keyboard.press('Tab');
  await tabTo(page, page.getByRole('button', { name: 'Start the report' }), { max: 6 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-title')).toBeFocused();
  await page.keyboard.press('Tab');
  await tabTo(page, agency, { max: 3 });

  // "Continue" with nothing answered: the summary takes the focus and lists both required answers.
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');
  const summary = page.getByRole('alert').filter({ hasText: 'There are 2 problems on this step' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([
    'Choose where officer 1 works (or “Other or unknown”).',
    'Choose the role of officer 1 (or “I don’t know”).',
  ]);
  await expect(stepHeading(page, 'Who did it')).toBeVisible();

  // Each link takes the focus to its field, whose own error says the same beside it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(agency).toBeFocused();
  await expect(agency).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(agency).toHaveValue('police');
  await expect(agency).not.toHaveAttribute('aria-invalid');
  await expect(page.getByRole('alert')).toContainText('There is 1 problem on this step');

  const role = page.getByRole('group', { name: /^What was the officer’s role\?/ });
  await tabTo(page, role.getByLabel('Operative (operational-search work)'));
  await page.keyboard.press('ArrowDown');
  await expect(role.getByLabel('Investigator (pre-trial investigation)')).toBeChecked();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A second officer: its block appears, its first question takes the focus, and it can go again.
  await tabTo(page, page.getByRole('button', { name: 'Add another officer' }));
  await page.keyboard.press('Enter');
  const second = page.getByRole('region', { name: 'Officer 2', exact: true });
  await expect(second.getByLabel(/^Where does the officer work\?/)).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: '2 officers in this report' })).toBeAttached();
  await tabTo(page, page.getByRole('button', { name: 'Remove officer 2' }));
  await page.keyboard.press('Enter');
  await expect(second).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Officer 1' })).toBeFocused();

  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading(page, 'What they did')).toBeFocused();

  await tabTo(page, page.getByLabel('Offered a bribe, or asked for one'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByLabel(/^What was said or done\?/));
  await page.keyboard.type(`Keyboard ${tag}: инспектор сказал «плати». Ол ақша сұрады.`);
  await expect(page.getByText(/^\d+ of 20,000 characters$/)).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');

  // The optional steps go on at once.
  for (const name of ['What followed', 'When and where', 'Witnesses and evidence']) {
    await expect(stepHeading(page, name)).toBeFocused();
    await tabTo(page, page.getByRole('button', { name: 'Continue' }));
    await page.keyboard.press('Enter');
  }

  await expect(stepHeading(page, 'About you')).toBeFocused();
  await tabTo(page, page.getByLabel('A witness'));
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('A suspect')).toBeChecked();
  const writeBack = page.getByRole('group', { name: /^May the agency write to you here\?/ });
  await tabTo(page, writeBack.getByLabel('Yes'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');

  // The review: every answer in words, each section with its way back.
  await expect(stepHeading(page, 'Check and send')).toBeFocused();
  const facts = page.getByTestId('report-facts');
  await expect(facts).toContainText('Investigator (pre-trial investigation)');
  await expect(facts).toContainText(`Keyboard ${tag}`);
  await expect(facts).toContainText('Anonymous');
  await tabTo(page, page.getByRole('button', { name: 'Change: What they did' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading(page, 'What they did')).toBeFocused();
  await tabTo(page, page.getByLabel(/^In what words\?/));
  await page.keyboard.type('“Pay, or the case goes on.”');
  // From a "Change", the step leads straight back to the review.
  await tabTo(page, page.getByRole('button', { name: 'Save and go back to the review' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading(page, 'Check and send')).toBeFocused();
  await expect(facts).toContainText('“Pay, or the case goes on.”');

  await tabTo(page, page.getByRole('button', { name: 'Encrypt and send' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your report was received' })).toBeFocused();

  // The receipt stays until the person says it is saved.
  await tabTo(page, page.getByRole('button', { name: 'Hide the receipt' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByLabel(/^I have saved the receipt/);
  await expect(confirm).toBeFocused();
  await expect(page.getByText('Tick the box first: once hidden, the receipt cannot be shown again.')).toBeVisible();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Hide the receipt' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Your report was received' })).toBeFocused();
});

test('every error says what to fix: a named reporter is warned about Article 419, an anonymous one is not', async ({
  page,
}) => {
  await page.goto(`${platform().baseUrl}/?lang=en`);
  await fillReport(
    page,
    'en',
    {
      officers: [{ agency: 'prosecutor', role: 'other' }],
      kinds: ['case_promise'],
      account: 'x',
      position: 'defendant',
      writeBack: 'no',
    },
    async (step) => {
      if (step === 'officers') {
        // A second officer left empty is listed by number; removing it takes its complaints away.
        await page.getByRole('button', { name: 'Add another officer' }).click();
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect(page.getByRole('alert').getByRole('link')).toHaveText([
          'Choose where officer 2 works (or “Other or unknown”).',
          'Choose the role of officer 2 (or “I don’t know”).',
        ]);
        await page.getByRole('button', { name: 'Remove officer 2' }).click();
        await expect(page.getByRole('alert')).toHaveCount(0);
      }
      if (step !== 'you') return;
      await expect(page.getByText('Article 419')).toHaveCount(0);
      await page
        .getByRole('group', { name: /^Do you want to tell the agency who you are\?/ })
        .getByLabel('Yes')
        .check();
      await expect(page.getByRole('status').filter({ hasText: 'Before you give your name' })).toContainText(
        'Article 419 of the Criminal Code is about knowingly false denunciation.',
      );
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert').getByRole('link')).toHaveText([
        'Tick the box to say you have read the warning, or choose to stay anonymous.',
        'Enter your name, or choose to stay anonymous.',
      ]);
      await page.getByRole('link', { name: /^Enter your name/ }).click();
      await expect(page.getByLabel(/^Your name/)).toBeFocused();
      await expect(page.getByLabel(/^Your name/)).toHaveAccessibleDescription(
        'Enter your name, or choose to stay anonymous.',
      );
      // Changing one's mind is enough: anonymous reporters are asked for nothing more.
      await page
        .getByRole('group', { name: /^Do you want to tell the agency who you are\?/ })
        .getByLabel('No')
        .check();
      await expect(page.getByText('Article 419')).toHaveCount(0);
    },
  );
  await expect(page.getByTestId('report-facts')).toContainText('Anonymous');
  await expect(page.getByTestId('report-facts')).not.toContainText('Article 419');
});

test.describe('in Almaty, between midnight and 05:00', () => {
  // 02:30 on 10 March in Almaty is still 9 March in UTC.
  test.use({ timezoneId: 'Asia/Almaty' });

  test('today is the reporter’s own today: it is accepted, and tomorrow is refused', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-03-09T21:30:00Z'));
    await page.goto(`${platform().baseUrl}/?lang=ru`);
    await expect(page.getByTestId('fingerprint')).toBeVisible();
    const ru = words('ru');
    await page.getByLabel(ru('report.officers.agency')).selectOption('police');
    await page.getByLabel(ru('role.unknown'), { exact: true }).check();
    await page.getByRole('button', { name: ru('report.step.next') }).click();
    await page.getByLabel(ru('inducement.bribe')).check();
    await page.getByLabel(new RegExp(`^${ru('report.inducement.account')}`)).fill('Ночью в Алматы.');
    await page.getByRole('button', { name: ru('report.step.next') }).click();
    await page.getByRole('button', { name: ru('report.step.next') }).click();

    const date = page.getByLabel(new RegExp(`^${ru('report.when.date')}`));
    await expect(date).toHaveAttribute('max', '2026-03-10');
    // A day and a month typed into the empty field, no year: the browser fires no change for it, and it is
    // still refused rather than dropped as "no date".
    await date.click();
    await page.keyboard.type('1003');
    await page.getByRole('button', { name: ru('report.step.next') }).click();
    await expect(page.getByRole('alert').getByRole('link')).toHaveText(ru('report.error.dateIncomplete'));
    await expect(page.getByRole('heading', { level: 2, name: ru('report.step.whenWhere') })).toBeVisible();
    await date.fill('2026-03-11');
    await page.getByRole('button', { name: ru('report.step.next') }).click();
    await expect(page.getByRole('alert').getByRole('link')).toHaveText(
      'Дата не может быть позже сегодняшней, 10.03.2026.',
    );
    await date.fill('2026-03-10');
    await page.getByRole('button', { name: ru('report.step.next') }).click();
    await expect(page.getByRole('heading', { level: 2, name: ru('report.step.evidence') })).toBeFocused();
  });
});

test('nothing typed is kept on the device or put in the URL, and leaving with unsent answers asks first', async ({
  page,
  context,
}) => {
  const typed = `Кілт-${tag}-secret`;
  const requests = captureRequests(context);
  await page.goto(`${platform().baseUrl}/?lang=kk`);
  await expect(page.getByTestId('fingerprint')).toBeVisible();
  const kk = words('kk');

  // Before anything is typed, the page may be left without a question.
  const untouched = await page.context().newPage();
  await untouched.goto(`${platform().baseUrl}/?lang=kk`);
  await expect(untouched.getByTestId('fingerprint')).toBeVisible();
  const asked: string[] = [];
  untouched.on('dialog', (dialog) => void dialog.dismiss().then(() => asked.push(dialog.type())));
  await untouched.close({ runBeforeUnload: true });
  await expect.poll(() => untouched.isClosed()).toBe(true);
  expect(asked).toEqual([]);

  await page.getByLabel(new RegExp(`^${kk('report.officers.unit')}`)).fill(typed);
  await page.getByLabel(kk('report.officers.agency')).selectOption('police');
  // Another language keeps what was typed (it lives in the page, not in the URL or storage).
  await page.getByRole('button', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщить о провокации');
  await expect(page.getByLabel(/^Подразделение или отдел/)).toHaveValue(typed);

  // The browser's Back (a phone's back button) goes to the previous step, as on any multi-page form, keeping the
  // answers, instead of leaving the page; the history holds the step's number only, and the address stays.
  const ru = words('ru');
  const address = page.url();
  await page.getByLabel(ru('role.unknown'), { exact: true }).check();
  await page.getByRole('button', { name: ru('report.step.next') }).click();
  await expect(page.getByRole('heading', { level: 2, name: ru('report.step.inducement') })).toBeFocused();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: ru('report.step.officers') })).toBeFocused();
  await expect(page.getByLabel(/^Подразделение или отдел/)).toHaveValue(typed);
  expect(page.url()).toBe(address);
  expect(await page.evaluate(() => JSON.stringify(history.state))).not.toContain(tag);

  const kept = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
    databases: (await indexedDB.databases()).length,
    url: location.href,
    history: history.length,
  }));
  expect(kept).toMatchObject({ local: 0, session: 0, cookies: '', databases: 0 });
  expect(kept.url).not.toContain(tag);
  expect((await context.cookies()).length).toBe(0);
  expect(requests.map((r) => `${r.url} ${r.body}`).join('\n')).not.toContain(tag);

  // Leaving now asks; staying keeps the answers.
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const question = await dialog;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss();
  await expect(page.getByLabel(/^Подразделение или отдел/)).toHaveValue(typed);
  expect(page.isClosed()).toBe(false);
  expect(en('report.step.next')).toBe('Continue');
});
