/**
 * The proof of work a reporter's browser pays, in Chromium with the JIT and
 * with `--jitless` (Tor Browser's "Safer" level): the reporter page as it is,
 * against the product started with PROOF_OF_WORK_BITS=N. Each sample is a
 * fresh page that fills the form and sends; the time is from the page showing
 * "Proving…" to it showing "Sending…", and the nonce in the POST says how many
 * hashes that took. A search's length is luck (geometric: its mean is 2^bits
 * hashes, its 95th percentile three times that), so the figure that carries
 * over is the hash rate; the expected and 95th-percentile times at each
 * difficulty follow from it. Prints figures; asserts nothing.
 *
 *   npm run bench -- pow [--runs N] [--bits N] [--no-build]
 */
import path from 'node:path';

import type { Browser } from '@playwright/test';

import { projectRoot } from '../backend/src/project';
import { startProduct, stopProduct } from '../tests/support/product';
import { build, launchChromium, machine, markWhenShown, median, waitForMark } from './support/browser';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = option('--runs', 7);
const BITS = option('--bits', 14);
const ROOT = projectRoot();

async function proveOnce(browser: Browser, baseUrl: string): Promise<{ ms: number; hashes: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let nonce = -1;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/v1/reports')) {
      nonce = Number(
        (JSON.parse(request.postData() ?? '{}') as { proofOfWork?: { nonce: string } }).proofOfWork?.nonce,
      );
    }
  });
  await markWhenShown(page, {
    proving: 'text=Proving this is not a flood',
    sending: 'text=Sending the encrypted report',
    receipt: '[data-testid=receipt]',
  });
  await page.goto(`${baseUrl}/?lang=en`);
  await page.getByTestId('fingerprint').waitFor({ timeout: 60_000 });
  await page.getByLabel('Describe what happened').fill('Benchmark: the officer asked for money.');
  await page.getByLabel('Where does the officer work?').selectOption('police');
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await waitForMark(page, 'receipt');
  const ms = (await waitForMark(page, 'sending')) - (await waitForMark(page, 'proving'));
  await context.close();
  // Nonces are tried from 0 in slices; the one found is the last tried.
  return { ms, hashes: nonce + 1 };
}

async function main() {
  build(ROOT);
  const product = await startProduct({
    root: ROOT,
    workDir: path.join(ROOT, 'tmp', 'bench', 'pow'),
    env: { PROOF_OF_WORK_BITS: String(BITS) },
  });
  try {
    console.log(`machine: ${machine()}`);
    console.log(`${new Date().toISOString().slice(0, 10)}; PROOF_OF_WORK_BITS=${BITS}; ${RUNS} fresh pages each\n`);
    for (const jitless of [false, true]) {
      const browser = await launchChromium({ jitless });
      const samples: { ms: number; hashes: number }[] = [];
      try {
        for (let run = 0; run < RUNS; run++) samples.push(await proveOnce(browser, product.baseUrl));
      } finally {
        await browser.close();
      }
      const rate = samples.reduce((n, s) => n + s.hashes, 0) / (samples.reduce((t, s) => t + s.ms, 0) / 1000);
      const mode = jitless ? 'jitless' : 'JIT';
      console.log(
        `${mode}: ${Math.round(rate)} hashes/s (median sample ${median(samples.map((s) => s.ms)).toFixed(0)} ms; ` +
          `samples ${samples.map((s) => `${s.hashes}h/${s.ms.toFixed(0)}ms`).join(' ')})`,
      );
      for (const bits of [10, 12, 13, 14, 15, 16]) {
        const mean = 2 ** bits / rate;
        console.log(
          `  ${bits} bits: expected ${(mean * 1000).toFixed(0)} ms, 95th percentile ${(mean * Math.log(20) * 1000).toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await stopProduct(product.server.pid!);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
