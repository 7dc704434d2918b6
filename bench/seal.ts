/**
 * Sealing a report in Chromium: from the click on "Encrypt and send" (on the
 * form's review step) to the receipt on the reporter page (loading the
 * report's schema and checking it, checking the agency key, encrypting in the
 * worker, making the reporter key, posting), against a floor measured in the
 * same run: the same OpenPGP.js build encrypting an envelope of the same
 * padded size and generating one key, on a bare page from the same server
 * (bench/seal-floor/), once more with the default S2K stretch on the key
 * (what the product's key protection costs today). Each sample is a fresh page, as a reporter sends once
 * per visit. With the JIT and with `--jitless`; medians and their ratio.
 * Proof of work is off (PROOF_OF_WORK_BITS=0): it has its own measurements.
 * Prints figures; asserts nothing.
 *
 *   npm run bench -- seal [--runs N] [--no-build]
 */
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from '@playwright/test';
import { build as viteBuild } from 'vite';

import { projectRoot } from '../backend/src/project';
import { startProduct, stopProduct } from '../tests/support/product';
import { build, launchChromium, machine, markWhenShown, median, waitForMark } from './support/browser';

const args = process.argv.slice(2);
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 7);
const ROOT = projectRoot();
const WORK = path.join(ROOT, 'tmp', 'bench', 'seal');

/** What the form sends: about 1 500 characters, Russian, as a reporter might write (envelope version 2). */
const ACCOUNT = 'Сотрудник полиции предложил закрыть дело за деньги и назвал сумму. '.repeat(22).trim();
const REPORT = {
  officers: [{ agency: 'police', role: 'unknown' }],
  inducement: { kinds: ['bribe'], account: ACCOUNT, channels: [] },
  offence: { consequences: [] },
  motive: {},
  when: { approximate: false },
  where: {},
  witnesses: {},
  evidence: { kinds: [] },
  attachments: [],
  reporter: { position: 'witness', mayWriteBack: false, identity: null },
};

/** Answers the form's required questions, step by step, and stops on the review. */
async function fillForm(page: Page) {
  const next = () => page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel(/^Where does the officer work\?/).selectOption('police');
  await page.getByLabel('I don’t know', { exact: true }).check();
  await next();
  await page.getByLabel('Offered a bribe, or asked for one').check();
  await page.getByLabel(/^What was said or done\?/).fill(ACCOUNT);
  for (let step = 0; step < 4; step++) await next();
  await page.getByLabel('A witness').check();
  await page
    .getByRole('group', { name: /^May the agency write to you here\?/ })
    .getByLabel('No')
    .check();
  await next();
  await page.getByRole('heading', { name: 'Check and send' }).waitFor();
}

/** The product's pages plus the floor page, built with the same OpenPGP.js alias as the worker. */
async function buildPublicDir(): Promise<string> {
  const publicDir = path.join(WORK, 'public');
  mkdirSync(publicDir, { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'public'), publicDir, { recursive: true });
  await viteBuild({
    root: path.join(ROOT, 'bench', 'seal-floor'),
    base: '/seal-floor/',
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: [{ find: /^openpgp$/, replacement: 'openpgp/lightweight' }] },
    build: {
      outDir: path.join(publicDir, 'seal-floor'),
      emptyOutDir: true,
      target: 'es2022',
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  });
  return publicDir;
}

interface Sealed {
  total: number;
  /** Fetching the config and keys and checking the fingerprint in the worker. */
  checkKey: number;
  /** In the worker: encrypt, receipt secrets, reporter key. */
  seal: number;
  /** Posting the ciphertext until the receipt is on screen. */
  send: number;
}

async function sealOnce(browser: Browser, baseUrl: string): Promise<Sealed> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await markWhenShown(page, {
    receipt: '[data-testid=receipt]',
    encrypting: 'text=Encrypting in your browser',
    sending: 'text=Sending the encrypted report',
  });
  await page.goto(`${baseUrl}/?lang=en`);
  await page.getByTestId('fingerprint').waitFor({ timeout: 60_000 });
  await fillForm(page);
  // A string: tsx's name-keeping helpers would not exist in the page.
  const clicked = (await page.evaluate(
    `(() => { const t = performance.now(); document.querySelector('button[type=submit]').click(); return t; })()`,
  )) as number;
  const receipt = await waitForMark(page, 'receipt');
  const [encrypting, sending] = [await waitForMark(page, 'encrypting'), await waitForMark(page, 'sending')];
  await context.close();
  return {
    total: receipt - clicked,
    checkKey: encrypting - clicked,
    seal: sending - encrypting,
    send: receipt - sending,
  };
}

async function floorOnce(browser: Browser, baseUrl: string, stretch: boolean): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/seal-floor/`);
  await page.locator('#state', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
  const ms = (await page.evaluate(`floor(${JSON.stringify(REPORT)}, { stretch: ${stretch} })`)) as number;
  await context.close();
  return ms;
}

async function main() {
  build(ROOT);
  const publicDir = await buildPublicDir();
  const product = await startProduct({
    root: ROOT,
    workDir: path.join(WORK, 'server'),
    env: { PUBLIC_DIR: publicDir, PROOF_OF_WORK_BITS: '0' },
  });
  try {
    console.log(`machine: ${machine()}`);
    console.log(`${new Date().toISOString().slice(0, 10)}; ${RUNS} fresh pages each, medians\n`);
    console.log('mode      click → receipt      floor    ratio   (all product samples, ms)');
    for (const jitless of [false, true]) {
      const browser = await launchChromium({ jitless });
      const sealed: Sealed[] = [];
      const floor: number[] = [];
      const stretched: number[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          // Interleaved, so a noisy neighbour slows both alike.
          sealed.push(await sealOnce(browser, product.baseUrl));
          floor.push(await floorOnce(browser, product.baseUrl, false));
          stretched.push(await floorOnce(browser, product.baseUrl, true));
        }
      } finally {
        await browser.close();
      }
      const part = (name: keyof Sealed) => median(sealed.map((x) => x[name]));
      const [s, f] = [part('total'), median(floor)];
      console.log(
        `${(jitless ? 'jitless' : 'JIT').padEnd(9)} ${`${s.toFixed(0)} ms`.padStart(15)} ${`${f.toFixed(0)} ms`.padStart(10)} ${(s / f).toFixed(2).padStart(8)}   (${sealed.map((x) => x.total.toFixed(0)).join(' ')}; floor ${floor.map((x) => x.toFixed(0)).join(' ')})`,
      );
      console.log(
        `          of which: check key ${part('checkKey').toFixed(0)} ms, seal in the worker ${part('seal').toFixed(0)} ms, send ${part('send').toFixed(0)} ms`,
      );
      console.log(
        `          the floor with OpenPGP.js's default S2K count (what the reporter key used before issue 7 item 5): ${median(stretched).toFixed(0)} ms`,
      );
    }
  } finally {
    await stopProduct(product.server.pid!);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
