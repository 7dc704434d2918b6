/**
 * Evidence files, measured (prints figures, asserts nothing):
 * 1. encryption: a file encrypted by the reporter page's real code (the
 *    pipeline, the crypto and hash workers; uploads answered inside the
 *    browser so the server's share is apart) vs OpenPGP.js buffer-mode
 *    encryption of the same segments on a bare page, JIT and jitless; then
 *    the same file uploaded for real to the running server;
 * 2. the page's peak memory (Chromium renderer RSS over its idle level) while
 *    a 64 MiB and a 1 GiB file are encrypted;
 * 3. the reviewer's decryption in the console (fetch, decrypt, hash, write to
 *    a file through file-system access) vs fetch and decrypt on a bare page,
 *    with the console's peak memory;
 * 4. the server's RSS growth during a 1 GiB upload;
 * 5. a file's download time when it is one of 1 000 stored vs the only one.
 *
 *   npm run bench -- files [--mib 256] [--jitless-mib 256] [--modes jit,jitless] [--runs 3] [--memory-mib 64,1024]
 *                          [--no-build] [--only 1,2,3,4,5] [--sink-acks-first]
 *
 * Without the JIT the page's figure is the time to "done" (every segment
 * acknowledged) without waiting for the file's SHA-256 (plain JavaScript,
 * about 1 to 2.5 MB/s jitless, it runs on beside the upload and only the report's
 * sending waits for it), and the two-workers probe is skipped for the same
 * reason: waiting for it would take minutes per run and measure the hash
 * (`--jitless-workers` runs it anyway: its figure is the encryption's time
 * with the hash beside it, and the same with the hash started only after the
 * encryption, the other way to schedule it; `--jitless-hash` waits for the
 * page's SHA-256 too). `--sink-acks-first`: the in-browser sink answers
 * each upload at once and reads its body after (upload-sink-sw.js), so the
 * page's time is its encryption's, not the stand-in server's round trips.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Page } from '@playwright/test';
import { build as viteBuild } from 'vite';

import { createCryptoApi } from '../backend/src/crypto';
import { projectRoot } from '../backend/src/project';
import { fillReport, type ReportAnswers } from '../tests/e2e/report-form';
import { startProduct, stopProduct, type RunningProduct } from '../tests/support/product';
import { realTimeTotpCode } from '../tests/support/second-factor';
import { build, launchChromium, machine, median } from './support/browser';
import { launchRawChromium, type RawChromium } from './support/cdp';
import { describePeaks, memorySampler, type MemoryPeaks } from './support/memory';
import { randomFile } from './support/random-file';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) =>
  Number(args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const MIB = 1024 * 1024;
const SIZE_MIB = arg('mib', 256);
const JITLESS_MIB = arg('jitless-mib', 256);
const MODES = args.includes('--modes') ? args[args.indexOf('--modes') + 1]!.split(',') : ['jit', 'jitless'];
const RUNS = arg('runs', 3);
const MEMORY_MIB = args.includes('--memory-mib')
  ? args[args.indexOf('--memory-mib') + 1]!.split(',').map(Number)
  : [64, 1024];
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',').map(Number) : [1, 2, 3, 4, 5];
/** `--sink-acks-first`: the in-browser sink answers each upload before reading its body (upload-sink-sw.js). */
const SINK_QUERY = args.includes('--sink-acks-first') ? '?ack=first' : '';
const ROOT = projectRoot();
const WORK = path.join(ROOT, 'tmp', 'bench', 'files');

const fileOf = (mib: number) => randomFile(WORK, mib);

async function buildPublicDir(): Promise<string> {
  const publicDir = path.join(WORK, 'public');
  mkdirSync(publicDir, { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'public'), publicDir, { recursive: true });
  // At the root, so that its scope covers the reporter page.
  cpSync(path.join(ROOT, 'bench', 'files-floor', 'upload-sink-sw.js'), path.join(publicDir, 'bench-upload-sink.js'));
  await viteBuild({
    root: path.join(ROOT, 'bench', 'files-floor'),
    base: '/files-floor/',
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: [{ find: /^openpgp$/, replacement: 'openpgp/lightweight' }] },
    build: {
      outDir: path.join(publicDir, 'files-floor'),
      emptyOutDir: true,
      target: 'es2022',
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  });
  return publicDir;
}

const rssOf = (pid: number): number => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

/** The rest of the report around the file: the shortest the form accepts. */
const SHORT_REPORT: ReportAnswers = {
  officers: [{ agency: 'police', role: 'unknown' }],
  kinds: ['bribe'],
  account: 'bench',
  position: 'witness',
  writeBack: 'no',
};

/**
 * The reporter page's pipeline on one file, timed from choosing it to "done"
 * (the page's own progress). With `sink`, a service worker
 * (bench/files-floor/upload-sink-sw.js) answers the segment uploads inside
 * the browser: Playwright's request interception would ship every 4 MiB
 * body over the DevTools protocol, which costs more than the server.
 */
async function pageEncrypt(
  page: Page,
  baseUrl: string,
  file: string,
  sink: boolean,
  story = 'bench',
): Promise<{ uploaded: number; hashed: number }> {
  if (sink) {
    await page.goto(`${baseUrl}/?lang=en`);
    await page.evaluate(`(async () => {
      await navigator.serviceWorker.register('/bench-upload-sink.js', { scope: '/' });
      await navigator.serviceWorker.ready;
    })()`);
  }
  await page.goto(`${baseUrl}/?lang=en`);
  if (sink && !(await page.evaluate('Boolean(navigator.serviceWorker.controller)'))) {
    throw new Error('the upload sink does not control the page');
  }
  await page.getByTestId('fingerprint').waitFor({ timeout: 60_000 });
  const times = { uploaded: 0, hashed: 0 };
  // The picker is on the form's evidence step: the other steps get a short report on the way.
  await fillReport(page, 'en', { ...SHORT_REPORT, account: story }, async (step) => {
    if (step !== 'evidence') return;
    const start = Date.now();
    await page.getByLabel('Choose files').setInputFiles(file);
    // Every segment encrypted and acknowledged: the file's upload is done.
    await page.getByTestId('file-done').waitFor({ timeout: 60 * 60_000 });
    times.uploaded = Date.now() - start;
    // Its SHA-256 (only the report's sending waits for it) may come later.
    await page.locator('[data-testid=file-done][data-hashed=true]').waitFor({ timeout: 60 * 60_000 });
    times.hashed = Date.now() - start;
  });
  return times;
}

/**
 * Runs `expression` on the bare floor page (bench/files-floor/) with `file`
 * chosen, over the raw DevTools client (nothing else attached); returns its value.
 */
async function onFloorPage<T>(raw: RawChromium, baseUrl: string, file: string | null, expression: string): Promise<T> {
  const tag = `bench=${++pages}`;
  const { targetId } = await raw.cdp.send<{ targetId: string }>('Target.createTarget', {
    url: `${baseUrl}/files-floor/?${tag}`,
  });
  try {
    const sessionId = await raw.cdp.attach((url, type) => type === 'page' && url.endsWith(tag));
    await raw.cdp.waitFor(sessionId, `document.getElementById('state')?.textContent === 'ready'`, 60_000);
    if (file) await raw.cdp.setInputFiles(sessionId, [file]);
    return await raw.cdp.evaluate<T>(sessionId, expression);
  } finally {
    await raw.cdp.send('Target.closeTarget', { targetId }).catch(() => {});
  }
}

/** The product's crypto worker (and, with `hash`, the hash worker beside it) driven by the floor page: no upload, no React. */
const workersEncrypt = (raw: RawChromium, baseUrl: string, file: string, hash: 'none' | 'beside' | 'after') =>
  onFloorPage<{ total: number; hash: number }>(raw, baseUrl, file, `workerProbe({ hash: '${hash}' })`);

const floorEncrypt = (raw: RawChromium, baseUrl: string, file: string) =>
  onFloorPage<number>(raw, baseUrl, file, 'encryptFloor()');

const mbps = (mib: number, ms: number) => `${((mib * MIB) / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;

async function encryption(product: RunningProduct, jitless: boolean, mib: number) {
  const file = fileOf(mib);
  const raw = await launchRawChromium({ jitless });
  const product_: number[] = [];
  const hashed: number[] = [];
  const workers: number[] = [];
  const workersHashed: number[] = [];
  const after: number[] = [];
  const afterHashed: number[] = [];
  const cryptoWorker: number[] = [];
  const floor: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so a noisy neighbour slows all three alike.
      for (const which of ['product', 'workers', 'after', 'crypto', 'floor'] as const) {
        if ((which === 'workers' || which === 'after') && jitless && !args.includes('--jitless-workers')) continue;
        if (which === 'product') {
          const times = await rawPageEncrypt(raw, product.baseUrl, file, {
            sink: true,
            waitForHash: !jitless || args.includes('--jitless-hash'),
          });
          product_.push(times.uploaded);
          hashed.push(times.hashed);
          continue;
        }
        if (which === 'workers' || which === 'after') {
          const probe = await workersEncrypt(raw, product.baseUrl, file, which === 'workers' ? 'beside' : 'after');
          (which === 'workers' ? workers : after).push(probe.total);
          (which === 'workers' ? workersHashed : afterHashed).push(probe.hash);
        } else if (which === 'crypto')
          cryptoWorker.push((await workersEncrypt(raw, product.baseUrl, file, 'none')).total);
        else floor.push(await floorEncrypt(raw, product.baseUrl, file));
      }
    }
  } finally {
    await raw.close();
  }
  const [p, w, c, f, h] = [median(product_), median(workers), median(cryptoWorker), median(floor), median(hashed)];
  console.log(
    `${(jitless ? 'jitless' : 'JIT').padEnd(8)} ${String(mib).padStart(5)} MiB   page ${`${(p / 1000).toFixed(1)} s`.padStart(8)} (${mbps(mib, p)})   floor ${`${(f / 1000).toFixed(1)} s`.padStart(8)} (${mbps(mib, f)})   floor/page ${(f / p).toFixed(2)}   [page ${product_.map((x) => (x / 1000).toFixed(1)).join(' ')}; floor ${floor.map((x) => (x / 1000).toFixed(1)).join(' ')}]`,
  );
  if (hashed.every((x) => !Number.isNaN(x))) {
    console.log(
      `         the file's SHA-256 known (what the report's sending waits for): ${(h / 1000).toFixed(1)} s after choosing it (${mbps(mib, h)})   [${hashed.map((x) => (x / 1000).toFixed(1)).join(' ')}]`,
    );
  }
  if (workers.length) {
    const [wh, a, ah] = [median(workersHashed), median(after), median(afterHashed)];
    console.log(
      `         the page's crypto worker with the hash worker beside it (no upload, no React): encryption ${(w / 1000).toFixed(1)} s (${mbps(mib, w)}), floor/workers ${(f / w).toFixed(2)}; SHA-256 known ${(wh / 1000).toFixed(1)} s   [${workers.map((x) => (x / 1000).toFixed(1)).join(' ')}; ${workersHashed.map((x) => (x / 1000).toFixed(1)).join(' ')}]`,
    );
    console.log(
      `         the same with the hash started after the encryption: encryption ${(a / 1000).toFixed(1)} s, floor/workers ${(f / a).toFixed(2)}; SHA-256 known ${(ah / 1000).toFixed(1)} s   [${after.map((x) => (x / 1000).toFixed(1)).join(' ')}; ${afterHashed.map((x) => (x / 1000).toFixed(1)).join(' ')}]`,
    );
  }
  console.log(
    `         the crypto worker alone (encrypt only): ${(c / 1000).toFixed(1)} s (${mbps(mib, c)}), floor/worker ${(f / c).toFixed(2)}`,
  );
}

/** Thrown to stop filling the form at the evidence step. */
class AtEvidenceStep extends Error {}

let pages = 0;

/**
 * The reporter page's pipeline on one file over a raw DevTools client
 * (support/cdp.ts), uploads answered by the in-browser sink: Playwright,
 * connected over CDP, registers the sink and fills the form up to the
 * evidence step, then disconnects (its Network domain would keep every
 * upload body alive and slow the uploads); the file is chosen and the page
 * watched with nothing else attached. `during` wraps the measured part (the
 * memory sampler). Times from choosing the file to "done" (every segment
 * acknowledged) and to its SHA-256 being known.
 */
async function rawPageEncrypt(
  raw: RawChromium,
  baseUrl: string,
  file: string,
  {
    sink,
    waitForHash = true,
    during = (work) => work(),
  }: { sink: boolean; waitForHash?: boolean; during?: <T>(work: () => Promise<T>) => Promise<T> },
): Promise<{ uploaded: number; hashed: number }> {
  const tag = `bench=${++pages}`;
  const playwright = await chromium.connectOverCDP(raw.wsEndpoint);
  const page = await playwright.contexts()[0]!.newPage();
  await page.goto(`${baseUrl}/?lang=en`);
  await page.evaluate(`(async () => {
    ${
      sink
        ? `await navigator.serviceWorker.register('/bench-upload-sink.js${SINK_QUERY}', { scope: '/' });
           await navigator.serviceWorker.ready;`
        : `for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();`
    }
  })()`);
  await page.goto(`${baseUrl}/?lang=en&${tag}`);
  if (sink !== (await page.evaluate('Boolean(navigator.serviceWorker.controller)'))) {
    throw new Error(`the upload sink ${sink ? 'does not control' : 'still controls'} the page`);
  }
  await page.getByTestId('fingerprint').waitFor({ timeout: 60_000 });
  await fillReport(page, 'en', SHORT_REPORT, async (step) => {
    if (step === 'evidence') throw new AtEvidenceStep();
  }).catch((error: unknown) => {
    if (!(error instanceof AtEvidenceStep)) throw error;
  });
  await playwright.close();
  const sessionId = await raw.cdp.attach((url, type) => type === 'page' && url.endsWith(tag));
  try {
    return await during(async () => {
      const start = Date.now();
      await raw.cdp.setInputFiles(sessionId, [file]);
      await raw.cdp.waitFor(sessionId, `document.querySelector('[data-testid=file-done]')`, 60 * 60_000);
      const uploaded = Date.now() - start;
      if (!waitForHash) return { uploaded, hashed: NaN };
      await raw.cdp.waitFor(
        sessionId,
        `document.querySelector('[data-testid=file-done][data-hashed=true]')`,
        60 * 60_000,
      );
      return { uploaded, hashed: Date.now() - start };
    });
  } finally {
    await raw.cdp.send('Target.closeTarget', { targetId: await targetOf(raw, tag) }).catch(() => {});
  }
}

/**
 * Part 2: the reporter page's memory while a 64 MiB and a 1 GiB file are
 * encrypted and uploaded to the server (not the in-browser sink: measured,
 * the sink's Request objects, which its idle service worker never collects,
 * kept every uploaded body: +256 MiB in the browser process for 256 MiB).
 */
async function memory(product: RunningProduct) {
  const raw = await launchRawChromium({ jitless: false });
  try {
    const sampler = await memorySampler(raw.cdp, product.baseUrl);
    for (const mib of MEMORY_MIB) {
      let peaks: MemoryPeaks | null = null;
      // Uploaded to the server: the in-browser sink's own Request objects would keep every body alive.
      const result = await rawPageEncrypt(raw, product.baseUrl, fileOf(mib), {
        sink: false,
        during: async (work) => {
          const sampled = await sampler.peaksDuring(work);
          peaks = sampled.peaks;
          return sampled.result;
        },
      });
      console.log(
        `  ${String(mib).padStart(5)} MiB file (uploaded ${(result.uploaded / 1000).toFixed(1)} s, hashed ${(result.hashed / 1000).toFixed(1)} s): ${describePeaks(peaks!)}`,
      );
    }
  } finally {
    await raw.close();
  }
}

async function targetOf(raw: RawChromium, urlPart: string): Promise<string> {
  const { targetInfos } = await raw.cdp.send<{ targetInfos: { targetId: string; url: string }[] }>('Target.getTargets');
  return targetInfos.find((t) => t.url.includes(urlPart))?.targetId ?? '';
}

/** Uploads the file for real through the reporter page and sends a report with it; returns the upload time. */
async function realUpload(product: RunningProduct, mib: number, story: string): Promise<number> {
  const browser = await launchChromium({ jitless: false });
  try {
    const page = await (await browser.newContext()).newPage();
    const { uploaded } = await pageEncrypt(page, product.baseUrl, fileOf(mib), false, story);
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByTestId('receipt').waitFor({ timeout: 120_000 });
    return uploaded;
  } finally {
    await browser.close();
  }
}

async function login(product: RunningProduct): Promise<string> {
  const response = await fetch(`${product.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(product.reviewer),
  });
  return ((await response.json()) as { token: string }).token;
}

const api = async <T>(product: RunningProduct, route: string, init: RequestInit = {}): Promise<T> => {
  const response = await fetch(`${product.baseUrl}/api${route}`, init);
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
};

async function consoleDecryption(product: RunningProduct, mib: number, story: string) {
  const token = await login(product);
  const { reports } = await api<{ reports: { id: string }[] }>(product, '/v1/reports', {
    headers: { Authorization: `Bearer ${token}` },
  });
  let file: { id: string; segmentCount: number } | undefined;
  for (const report of reports) {
    const { attachments } = await api<{ attachments: { id: string; segmentCount: number }[] }>(
      product,
      `/v1/reports/${report.id}/attachments`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    file = attachments.find((a) => a.segmentCount === Math.ceil(mib / 4)) ?? file;
  }
  if (!file) throw new Error('the uploaded file is not listed');
  const armoredPrivateKey = readFileSync(product.keyFile, 'utf8');
  const raw = await launchRawChromium({ jitless: false });
  const inConsole: number[] = [];
  const floor: number[] = [];
  let peakMemory = 0;
  let lastPeaks: MemoryPeaks | null = null;
  try {
    // The enrollment at start used the step of its moment: the first login takes a later one.
    let lastStep: number | null = null;
    const sampler = await memorySampler(raw.cdp, product.baseUrl);
    for (let run = 0; run < RUNS; run++) {
      // Playwright, connected over CDP, logs in and opens the report, then disconnects before the measured save
      // (its Network domain would keep every fetched segment).
      const tag = `bench=${++pages}`;
      const playwright = await chromium.connectOverCDP(raw.wsEndpoint);
      const page = await playwright.contexts()[0]!.newPage();
      // No save dialog can be driven here: the picker hands back a file in the origin-private file system.
      await page.addInitScript(`window.showSaveFilePicker = async ({ suggestedName }) =>
        (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });`);
      await page.goto(`${product.baseUrl}/console/?lang=en&${tag}`);
      await page.getByLabel('Username').fill(product.reviewer.username);
      await page.getByLabel('Password').fill(product.reviewer.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      const totp = await realTimeTotpCode(product.reviewer.secret, lastStep);
      lastStep = totp.step;
      await page.getByLabel('Code from the app').fill(totp.code);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByLabel('Agency private key file').setInputFiles(product.keyFile);
      await page.getByLabel('Passphrase').fill(product.passphrase);
      await page.getByRole('button', { name: 'Unlock' }).click();
      const rows = page.getByTestId('inbox').locator('tbody tr');
      await rows.first().waitFor();
      for (let i = 0; i < (await rows.count()); i++) {
        await rows.nth(i).getByRole('button', { name: 'Open' }).click();
        const text = page.getByTestId('account');
        await text.waitFor();
        if ((await text.textContent())?.includes(story)) break;
        await page.getByRole('button', { name: 'Back' }).click();
      }
      await page.getByTestId('attachment').first().getByRole('button', { name: 'Save decrypted' }).waitFor();
      await playwright.close();
      const sessionId = await raw.cdp.attach((url, type) => type === 'page' && url.endsWith(tag));
      const { result, peaks } = await sampler.peaksDuring(async () => {
        const start = Date.now();
        await raw.cdp.evaluate(
          sessionId,
          `[...document.querySelector('[data-testid=attachment]').querySelectorAll('button')].find((b) => b.textContent === 'Save decrypted').click()`,
        );
        await raw.cdp.waitFor(sessionId, `document.querySelector('[data-testid=attachment-saved]')`, 30 * 60_000);
        return Date.now() - start;
      });
      inConsole.push(result);
      peakMemory = Math.max(peakMemory, peaks.total);
      lastPeaks = peaks;
      await raw.cdp.evaluate(
        sessionId,
        `(async () => { const root = await navigator.storage.getDirectory();
          for await (const name of root.keys()) await root.removeEntry(name); })()`,
      );
      await raw.cdp.send('Target.closeTarget', { targetId: await targetOf(raw, tag) }).catch(() => {});

      // The floor too, with nothing attached while it fetches.
      const options = {
        token,
        id: file.id,
        segments: file.segmentCount,
        armoredPrivateKey,
        passphrase: product.passphrase,
      };
      floor.push(await onFloorPage<number>(raw, product.baseUrl, null, `decryptFloor(${JSON.stringify(options)})`));
    }
  } finally {
    await raw.close();
  }
  const [c, f] = [median(inConsole), median(floor)];
  console.log(
    `  ${mib} MiB: console ${(c / 1000).toFixed(1)} s (${mbps(mib, c)}), floor ${(f / 1000).toFixed(1)} s (${mbps(mib, f)}), floor/console ${(f / c).toFixed(2)}; console peak memory +${(peakMemory / MIB).toFixed(0)} MiB   [console ${inConsole.map((x) => (x / 1000).toFixed(1)).join(' ')}; floor ${floor.map((x) => (x / 1000).toFixed(1)).join(' ')}]`,
  );
  console.log(`  the last save's memory: ${describePeaks(lastPeaks!)}`);
}

/** A client of the API in Node: the bench's own uploads for parts 4 and 5 (the server checks framing, not content). */
async function nodeClient(product: RunningProduct) {
  const { agencyFingerprint } = await api<{ agencyFingerprint: string }>(product, '/v1/config');
  const keys = await api<{ agencyKey: { armoredPublicKey: string } }>(product, '/v1/recipient-keys');
  const crypto = createCryptoApi();
  const { recipientsRef } = await crypto.prepareRecipients({
    armoredAgencyKey: keys.agencyKey.armoredPublicKey,
    pinnedAgencyFingerprint: agencyFingerprint,
  });
  const segmentOf = async (bytes: number) => {
    const { fileRef } = await crypto.openFile({ file: new Blob([randomBytes(bytes)]), removeMetadata: false });
    return Buffer.from((await crypto.encryptFileSegment({ fileRef, recipientsRef, index: 0 })).encryptedSegment);
  };
  const upload = async (segments: Buffer[]) => {
    const created = await api<{ id: string; uploadToken: string }>(product, '/v1/attachments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ segmentCount: segments.length }),
    });
    for (const [index, body] of segments.entries()) {
      await api(product, `/v1/attachments/${created.id}/segments/${index}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${created.uploadToken}` },
        body,
      });
    }
    return { id: created.id, uploadToken: created.uploadToken };
  };
  const send = async (attachments: { id: string; uploadToken: string }[]) => {
    const { submission } = await crypto.sealReport({
      report: { whatHappened: 'bench', agency: 'police', date: null, region: null },
      armoredAgencyKey: keys.agencyKey.armoredPublicKey,
      pinnedAgencyFingerprint: agencyFingerprint,
    });
    await api(product, '/v1/reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...submission, attachments }),
    });
  };
  return { segmentOf, upload, send };
}

/** Times fetching every segment of a file through the reviewer API (one sample). */
async function downloadOnce(product: RunningProduct, token: string, id: string, segments: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let index = 0; index < segments; index++) {
    const response = await fetch(`${product.baseUrl}/api/v1/attachments/${id}/segments/${index}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Parts 4 and 5 on two servers side by side: one holds only the measured file
 * (8 MiB, two segments), the other the same file among 1 000 (and the 1 GiB
 * upload of part 4). Downloads alternate between them, so the machine's noise
 * (other work on the two cores) falls on both alike.
 */
async function serverAndDownloads() {
  const start = (name: string) =>
    startProduct({ root: ROOT, workDir: path.join(WORK, name), env: { PROOF_OF_WORK_BITS: '0' } });
  const alone = await start('server-alone');
  const crowded = await start('server-crowded');
  try {
    const lone = await nodeClient(alone);
    const many = await nodeClient(crowded);
    // Each server has its own agency key: a segment for each.
    const fullAlone = await lone.segmentOf(4 * MIB);
    const full = await many.segmentOf(4 * MIB);
    const targets = { alone: await lone.upload([fullAlone, fullAlone]), crowded: await many.upload([full, full]) };
    await lone.send([targets.alone]);
    await many.send([targets.crowded]);

    if (ONLY.includes(4)) {
      // 4: a 1 GiB upload (256 segments), the server's RSS sampled throughout.
      const pid = crowded.server.pid!;
      const before = rssOf(pid);
      let peak = before;
      let running = true;
      const sampling = (async () => {
        while (running) {
          peak = Math.max(peak, rssOf(pid));
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const started = Date.now();
      const big = await many.upload(Array.from({ length: 256 }, () => full));
      running = false;
      await sampling;
      await many.send([big]);
      const ms = Date.now() - started;
      console.log(
        `  1 GiB upload (256 segments of 4 MiB over HTTP from Node): server RSS ${(before / MIB).toFixed(0)} MiB before, peak +${((peak - before) / MIB).toFixed(0)} MiB; ${(ms / 1000).toFixed(1)} s (${mbps(1024, ms)})`,
      );
    }

    if (ONLY.includes(5)) {
      // 5: the crowded server gets 998 more files (999 without part 4) of 256 KiB, sent in reports of 100.
      const small = await many.segmentOf(256 * 1024);
      const more = ONLY.includes(4) ? 998 : 999;
      for (let done = 0; done < more; done += 100) {
        const batch = [];
        for (let i = done; i < Math.min(more, done + 100); i++) batch.push(await many.upload([small]));
        await many.send(batch);
      }
      const tokens = { alone: await login(alone), crowded: await login(crowded) };
      const samples = { alone: [] as number[], crowded: [] as number[] };
      for (let run = -2; run < 15; run++) {
        const a = await downloadOnce(alone, tokens.alone, targets.alone.id, 2);
        const c = await downloadOnce(crowded, tokens.crowded, targets.crowded.id, 2);
        if (run < 0) continue;
        samples.alone.push(a);
        samples.crowded.push(c);
      }
      const [a, c] = [median(samples.alone), median(samples.crowded)];
      console.log(
        `  download of an 8 MiB file (2 segments) by the reviewer API, alternating: alone ${a.toFixed(1)} ms, one of 1 000 files ${c.toFixed(1)} ms, ratio ${(c / a).toFixed(2)} (median of 15 each)`,
      );
    }
  } finally {
    await stopProduct(alone.server.pid!);
    await stopProduct(crowded.server.pid!);
  }
}

async function main() {
  build(ROOT);
  console.log(`machine: ${machine()}`);
  console.log(`${new Date().toISOString().slice(0, 10)}; medians of ${RUNS} runs unless said\n`);
  const publicDir = await buildPublicDir();
  if (ONLY.some((n) => n <= 3)) {
    const product = await startProduct({
      root: ROOT,
      workDir: path.join(WORK, 'server'),
      env: { PUBLIC_DIR: publicDir, PROOF_OF_WORK_BITS: '0' },
    });
    try {
      if (ONLY.includes(1)) {
        console.log(
          '1. encryption: reporter page (uploads answered by a service worker in the browser) vs OpenPGP.js on a bare page',
        );
        if (MODES.includes('jit')) await encryption(product, false, SIZE_MIB);
        if (MODES.includes('jitless')) await encryption(product, true, JITLESS_MIB);
      }
      if (ONLY.includes(2)) {
        console.log('2. reporter page memory while encrypting and uploading to the server');
        await memory(product);
      }
      const story = `bench files ${randomBytes(4).toString('hex')}`;
      if ((ONLY.includes(1) && MODES.includes('jit')) || ONLY.includes(3)) {
        const ms = await realUpload(product, SIZE_MIB, story);
        console.log(
          `   the same ${SIZE_MIB} MiB uploaded for real to the server: ${(ms / 1000).toFixed(1)} s (${mbps(SIZE_MIB, ms)}), one run`,
        );
      }
      if (ONLY.includes(3)) {
        console.log('3. reviewer: save decrypted in the console vs fetch and decrypt on a bare page');
        await consoleDecryption(product, SIZE_MIB, story);
      }
    } finally {
      await stopProduct(product.server.pid!);
    }
  }
  if (ONLY.includes(4) || ONLY.includes(5)) {
    console.log('4–5. server memory during a 1 GiB upload; download time among 1 000 files');
    await serverAndDownloads();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
