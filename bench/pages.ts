/**
 * What a visit downloads, and how long a reporter waits over a slow link.
 *
 * 1. Which files the reporter page and the console load in Chromium (split
 *    into the page's own and the crypto worker's), and their bytes as sent
 *    uncompressed, gzip and brotli.
 * 2. Over Chromium's emulated slow link (400 ms latency, 50 000 bytes/s), the
 *    time from navigation to the page's first heading (no longer blank) and to
 *    the agency fingerprint, with the JIT and with `--jitless`; medians.
 * Prints figures; asserts nothing.
 *
 *   npm run bench -- pages [--runs N] [--no-build] [--root DIR]
 *
 * `--root DIR` measures another checkout's built server and pages (for a
 * before/after comparison; it is not built here).
 */
import http from 'node:http';
import path from 'node:path';

import type { Browser, Request } from '@playwright/test';

import { projectRoot } from '../backend/src/project';
import { startProduct, stopProduct } from '../tests/support/product';
import {
  build,
  emulateSlowLink,
  launchChromium,
  machine,
  markWhenShown,
  median,
  SLOW_LINK,
  waitForMark,
} from './support/browser';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs') ?? 5);
const ROOT = path.resolve(option('--root') ?? projectRoot());

/** OpenPGP.js's lightweight build loads these on demand, inside the worker. */
const WORKER_LAZY_CHUNK =
  /\/assets\/(?:argon2id|legacy_ciphers|nacl-fast|noble_curves|noble_hashes|sha512|unbzip2-stream)/;

const PAGES = [
  { name: 'reporter', url: '/?lang=ru', ready: '[data-testid=fingerprint]' },
  { name: 'console', url: '/console/?lang=ru', ready: 'input[type=password]' },
] as const;

interface LoadedFile {
  path: string;
  part: 'page' | 'worker';
}

async function filesLoaded(browser: Browser, baseUrl: string, url: string, ready: string): Promise<LoadedFile[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: Request[] = [];
  const workers: string[] = [];
  context.on('request', (r) => requests.push(r));
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${baseUrl}${url}`);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  await context.close();
  return requests
    .map((r) => r.url())
    .filter((u) => u.startsWith(baseUrl) && !new URL(u).pathname.startsWith('/api/'))
    .map((u) => ({
      path: new URL(u).pathname + new URL(u).search,
      part: workers.includes(u) || WORKER_LAZY_CHUNK.test(u) ? ('worker' as const) : ('page' as const),
    }));
}

/** The body's length as the server sends it for this Accept-Encoding (Node's client does not decompress). */
function bytesSent(baseUrl: string, file: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${file}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => (length += chunk.length));
        res.on('end', () => resolve(length));
      })
      .on('error', reject);
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function slowLinkTimes(baseUrl: string, jitless: boolean) {
  const browser = await launchChromium({ jitless });
  const content: number[] = [];
  const fingerprint: number[] = [];
  const workerDownload: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await emulateSlowLink(page);
      await markWhenShown(page, { content: 'h1', fingerprint: '[data-testid=fingerprint]' });
      const requests: Request[] = [];
      const workers: string[] = [];
      context.on('request', (r) => requests.push(r));
      page.on('worker', (w) => workers.push(w.url()));
      await page.goto(`${baseUrl}/?lang=ru`, { timeout: 120_000 });
      fingerprint.push(await waitForMark(page, 'fingerprint'));
      content.push(await waitForMark(page, 'content'));
      // Shows that the emulation slows the worker's download too.
      const timing = requests.find((r) => workers.includes(r.url()))?.timing();
      if (timing) workerDownload.push(timing.responseEnd);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { content: median(content), fingerprint: median(fingerprint), workerDownload: median(workerDownload) };
}

async function main() {
  if (ROOT === projectRoot()) build(ROOT);
  const workDir = path.join(projectRoot(), 'tmp', 'bench', 'pages');
  const product = await startProduct({ root: ROOT, workDir, env: { PROOF_OF_WORK_BITS: '0' } });
  try {
    console.log(`machine: ${machine()}`);
    console.log(`checkout: ${ROOT}; ${new Date().toISOString().slice(0, 10)}\n`);

    const browser = await launchChromium({ jitless: false });
    console.log('page      part    files  uncompressed       gzip     brotli');
    for (const { name, url, ready } of PAGES) {
      const files = await filesLoaded(browser, product.baseUrl, url, ready);
      for (const part of ['page', 'worker'] as const) {
        const mine = files.filter((f) => f.part === part);
        const sizes = { identity: 0, gzip: 0, br: 0 };
        for (const file of mine) {
          for (const encoding of ['identity', 'gzip', 'br'] as const) {
            sizes[encoding] += await bytesSent(product.baseUrl, file.path, encoding);
          }
        }
        console.log(
          `${name.padEnd(9)} ${part.padEnd(7)} ${String(mine.length).padStart(5)} ${kb(sizes.identity).padStart(13)} ${kb(sizes.gzip).padStart(10)} ${kb(sizes.br).padStart(10)}`,
        );
        for (const file of mine) console.log(`            ${file.path}`);
      }
    }
    await browser.close();

    console.log(
      `\nslow link (${SLOW_LINK.latencyMs} ms latency, ${SLOW_LINK.bytesPerSecond} bytes/s), reporter page, median of ${RUNS}:`,
    );
    console.log('mode      first heading   fingerprint   (worker script download)');
    for (const jitless of [false, true]) {
      const t = await slowLinkTimes(product.baseUrl, jitless);
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(
        `${(jitless ? 'jitless' : 'JIT').padEnd(9)} ${s(t.content).padStart(13)} ${s(t.fingerprint).padStart(13)}   (${s(t.workerDownload)})`,
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
