import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Locator } from '@playwright/test';

import { meetsDifficulty, solveProofOfWork } from '../../crypto/src/proof-of-work';
import { filesUnder, findCanaries } from '../support/canary';
import { GpgHome } from '../support/gpg';
import { captureRequests, foreignRequests } from './capture';
import { chooseAgencyKeyFile, freshTotpCode } from './console';
import { platform } from './platform';
import { fillReport, type ReportAnswers } from './report-form';

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
/** One canary per free-text answer, cycling through the scripts, so a leak names the field it came from. */
const SCRIPTS = [CANARIES.ascii, CANARIES.russian, CANARIES.kazakh];
const TYPED: string[] = [...SCRIPTS];
const canary = (field: string) => {
  const value = `${SCRIPTS[TYPED.length % 3]}-${field}`;
  TYPED.push(value);
  return value;
};
const STORY = `${CANARIES.ascii}\n${CANARIES.russian}\n${CANARIES.kazakh}`;
const ANSWERS: ReportAnswers = {
  officers: [
    {
      agency: 'police',
      role: 'operative',
      unit: canary('unit'),
      post: canary('post'),
      nameOrBadge: canary('badge'),
      description: canary('description'),
    },
    { agency: 'national_security', role: 'investigator', unit: canary('unit2') },
  ],
  kinds: ['bribe', 'pushed_to_offence', 'other'],
  kindOther: canary('kindOther'),
  account: STORY,
  words: canary('words'),
  channels: ['messenger', 'other'],
  pushedToward: canary('pushedToward'),
  committed: 'no',
  consequences: ['money_demanded', 'case_opened'],
  caseNumber: canary('caseNumber'),
  caseStage: 'pre_trial',
  outcomeDetails: canary('outcomeDetails'),
  motive: 'extortion',
  motiveDetails: canary('motiveDetails'),
  date: '2026-11-02',
  approximate: true,
  time: canary('time'),
  region: 'karaganda',
  locality: canary('locality'),
  place: canary('place'),
  witnesses: 'yes',
  witnessDetails: canary('witnessDetails'),
  evidence: ['audio', 'messages'],
  evidenceDetails: canary('evidenceDetails'),
  position: 'suspect',
  lawyer: 'no',
  writeBack: 'yes',
  named: { name: canary('name'), contact: canary('contact') },
  // Filed by a lawyer for the reporter: the lawyer's own details go into the envelope beside the report.
  representative: { name: canary('repName'), licence: canary('repLicence'), contact: canary('repContact') },
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

  // The stored report the other tests read: every answer given, a canary in each free-text one.
  expect(TYPED.length).toBeGreaterThan(20);
  await fillReport(page, 'en', ANSWERS, async (step) => {
    if (step !== 'evidence') return;
    // An evidence file whose contents only the scan below looks for.
    await page.getByLabel('Choose files').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${CANARIES.file}\n`.repeat(1000)),
    });
    await expect(page.getByTestId('file-done')).toBeVisible();
  });
  await expect(page.getByTestId('report-facts')).toContainText(CANARIES.kazakh);
  await expect(page.getByRole('region', { name: 'Filed by a representative' })).toContainText(
    ANSWERS.representative!.licence!,
  );
  await page.screenshot({ path: shots('report-review'), fullPage: true });
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
    'proofOfWork',
    'receiptLookup',
    'reporterKey',
  ]);
  expect(sent.envelopeVersion).toBe(2);
  // The file is bound by its upload id and token; its name, size and hash are inside the encrypted report.
  expect(sent.attachments).toEqual([{ id: expect.any(String), uploadToken: expect.any(String) }]);
  expect(sent.armoredReport).toMatch(/^-----BEGIN PGP MESSAGE-----/);
  // The browser solved the challenge the server issued (the server runs with PROOF_OF_WORK_BITS=8).
  expect(requests.filter((r) => r.url.endsWith('/api/v1/challenges?purpose=report'))).toHaveLength(1);
  const proof = sent.proofOfWork as { challenge: string; nonce: string };
  expect(proof.challenge).toMatch(/^v1\.report\.\d+\.8\./);
  expect(await meetsDifficulty(proof, 8)).toBe(true);
  const receiptText = (await receipt.textContent())!;
  for (const secret of [...TYPED, receiptText, receiptText.replace(/-/g, '')]) {
    for (const request of requests) expect(request.body).not.toContain(secret);
  }
  expect(foreignRequests(requests, baseUrl)).toEqual([]);

  await page.getByLabel(/^I have saved the receipt/).check();
  await page.getByRole('button', { name: 'Hide the receipt' }).click();
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
      const challenge = await (await request.get(`${baseUrl}/api/v1/challenges?purpose=report`)).json();
      const proofOfWork = await solveProofOfWork({ challenge: challenge.challenge, bits: challenge.bits });
      const response = await request.post(`${baseUrl}/api/v1/reports`, {
        data: { envelopeVersion: 1, armoredReport, receiptLookup: randomBytes(32).toString('hex'), proofOfWork },
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
  await expect(page.getByRole('heading', { name: 'Second factor' })).toBeVisible();
  await page.getByLabel('Code from the app').fill(await freshTotpCode(reviewer.username, reviewer.secret));
  await page.getByRole('button', { name: 'Confirm' }).click();

  await chooseAgencyKeyFile(page);
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
  // The archive of closed and referred reports is one switch away; nothing has been closed yet.
  await page.getByRole('button', { name: 'Archive (closed and referred)' }).click();
  await expect(page.getByText('No closed or referred reports yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Active', exact: true }).click();
  await expect(rows.nth(1)).toBeVisible();

  const texts: string[] = [];
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await rows.nth(i).getByRole('button', { name: 'Open' }).click();
    const detail = page.getByTestId('report-detail');
    // A version 1 report (and plain text) shows its one text; a version 2 report its account among the sections.
    const story = detail.getByTestId('what-happened').or(detail.getByTestId('account'));
    await expect(story).toBeVisible();
    texts.push((await story.textContent())!);
    if (texts.at(-1)!.includes(CANARIES.ascii)) {
      await expectStructuredReport(detail);
      await expect(detail.getByTestId('attachment-name')).toHaveText('notes.txt');
      const filedBy = detail.getByRole('region', { name: 'Filed by a representative' });
      for (const detailOfLawyer of Object.values(ANSWERS.representative!))
        await expect(filedBy).toContainText(detailOfLawyer);
    } else {
      await expect(detail.getByTestId('representative')).toHaveCount(0);
    }
    if (texts.at(-1)!.includes(GPG_TEXT)) {
      // Version 1, as before: its four fields.
      await expect(detail).toContainText("Prosecutor's office");
      await expect(detail).toContainText('Astana');
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
    await page.getByLabel('Қолданбадағы код').fill(await freshTotpCode(reviewer.username, reviewer.secret));
    await page.getByRole('button', { name: 'Растау' }).click();
    await chooseAgencyKeyFile(page);
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
  // The log is written (reviewers' requests are logged one by one), yet no submission and no upload of the
  // evidence file left a line (issue 6 §1).
  const log = readFileSync(serverLog, 'utf8');
  expect(log).toContain('"route":"GET /api/v1/reports/:id"');
  // The submission route exactly: a reviewer's POST /api/v1/reports/:id/referrals and …/messages are logged, as
  // reviewer routes are.
  expect(log).not.toContain('"route":"POST /api/v1/reports"');
  expect(log).not.toContain('POST /api/v1/attachments');
  // Return visits and the reporter's messages (return.spec.ts runs before this file) leave no line either.
  expect(log).not.toContain('POST /api/v1/returns');
  expect(log).not.toContain('PUT /api/v1/attachments');

  expect(findCanaries([...TYPED, CANARIES.file], dataDir, [serverLog])).toEqual([]);

  // The scan looks at the right bytes: the stored ciphertext is there, and a canary would be found.
  const holdsCiphertext = files.some((f) => readFileSync(f).includes('BEGIN PGP MESSAGE'));
  expect(holdsCiphertext).toBe(true);
  expect(findCanaries(['Press Ctrl-C to stop'], dataDir, [serverLog])).not.toEqual([]);
});

/** The version 2 report as the reviewer reads it: every section, each answer in words, nothing left out. */
async function expectStructuredReport(detail: Locator) {
  const section = (name: string) => detail.getByRole('region', { name, exact: true });
  await expect(section('The officers (2)')).toContainText('Police (Ministry of Internal Affairs)');
  await expect(section('The officers (2)')).toContainText('Operative (operational-search work)');
  await expect(section('The officers (2)')).toContainText('National Security Committee (KNB)');
  for (const officer of ANSWERS.officers) {
    for (const answer of [officer.unit, officer.post, officer.nameOrBadge, officer.description]) {
      if (answer) await expect(section('The officers (2)')).toContainText(answer);
    }
  }
  const did = section('What the officer did');
  await expect(did).toContainText('Offered a bribe, or asked for one; Pushed me or someone else toward');
  await expect(did).toContainText('Messenger (WhatsApp, Telegram…); Another way');
  await expect(did).toContainText(ANSWERS.words!);
  await expect(did).toContainText(ANSWERS.kindOther!);
  const followed = section('What followed');
  await expect(followed).toContainText('Money was demanded; A criminal case was opened');
  await expect(followed).toContainText(ANSWERS.caseNumber!);
  await expect(followed).toContainText('Pre-trial investigation');
  await expect(followed).toContainText('To extort money');
  const whenWhere = section('When and where');
  await expect(whenWhere).toContainText('02/11/2026 (approximate)');
  await expect(whenWhere).toContainText('Karaganda Region');
  await expect(whenWhere).toContainText(ANSWERS.place!);
  const evidence = section('Witnesses and evidence');
  await expect(evidence).toContainText(ANSWERS.witnessDetails!);
  await expect(evidence).toContainText('Audio recordings; Messages or chats');
  await expect(evidence).toContainText('notes.txt');
  const reporter = section('The reporter');
  await expect(reporter).toContainText('A suspect');
  await expect(reporter).toContainText(ANSWERS.named!.name);
  await expect(reporter).toContainText(ANSWERS.named!.contact!);
  await expect(reporter).toContainText('Warned about Article 419 (knowingly false denunciation)');
  await detail.page().screenshot({ path: shots('console-report'), fullPage: true });
}
