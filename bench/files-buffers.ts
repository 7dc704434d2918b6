/**
 * Why the reporter page's memory grew with the file, and what frees it
 * (prints figures, asserts nothing): a dedicated worker on a bare page
 * (bench/files-buffers/) handles 64 MiB and then 256 MiB in 4 MiB buffers,
 * each variant in its own Chromium, and the growth of each process type's RSS
 * (renderer: the page and its workers; browser: Blob data) is read while it
 * runs and after. A variant whose growth follows the size keeps what it
 * handled until a garbage collection that never comes.
 *
 *   npm run bench -- files-buffers [--sizes 64,256] [--variants read-detach,read-channel,put-blob,put-bytes,put-sender]
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../backend/src/project';
import { machine } from './support/browser';
import { launchRawChromium } from './support/cdp';
import { rssOf } from './support/memory';
import { randomFile } from './support/random-file';

const args = process.argv.slice(2);
const list = (name: string, fallback: string) =>
  (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback).split(',');
const SIZES = list('sizes', '64,256').map(Number);
const VARIANTS = list('variants', 'read-detach,read-channel,put-blob,put-bytes,put-sender');
const MIB = 1024 * 1024;
const PAGES = path.join(__dirname, 'files-buffers');
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/page.js': 'page.js',
  '/worker.js': 'worker.js',
  '/sender.js': 'sender.js',
};

/** The bare pages, and a PUT endpoint that reads each body and answers, as the server does. */
function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    if (request.method === 'PUT') {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => response.setHeader('Content-Type', 'application/json').end(JSON.stringify({ bytes })));
      return;
    }
    const file = FILES[request.url ?? ''];
    if (!file) return void response.writeHead(404).end();
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    response.setHeader('Content-Type', type).end(readFileSync(path.join(PAGES, file)));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

const fileOf = (mib: number) => randomFile(path.join(projectRoot(), 'tmp', 'bench', 'files-buffers'), mib);

async function run(origin: string, variant: string, mib: number): Promise<string> {
  const raw = await launchRawChromium({ jitless: false });
  try {
    await raw.cdp.send('Target.createTarget', { url: `${origin}/` });
    const session = await raw.cdp.attach((url, type) => type === 'page' && url.startsWith(origin));
    await raw.cdp.waitFor(session, 'window.runVariant', 30_000);
    if (variant.startsWith('read')) await raw.cdp.setInputFiles(session, [fileOf(mib)]);
    const byType = async () => {
      const { processInfo } = await raw.cdp.send<{ processInfo: { type: string; id: number }[] }>(
        'SystemInfo.getProcessInfo',
      );
      const out: Record<string, number> = {};
      for (const p of processInfo) out[p.type] = (out[p.type] ?? 0) + rssOf(p.id);
      return out;
    };
    const idle = await byType();
    const peak: Record<string, number> = {};
    let running = true;
    const sampling = (async () => {
      while (running) {
        for (const [type, bytes] of Object.entries(await byType()))
          peak[type] = Math.max(peak[type] ?? 0, bytes - (idle[type] ?? 0));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const ms = await raw.cdp.evaluate<number>(session, `runVariant(${JSON.stringify(variant)}, ${mib / 4})`);
    running = false;
    await sampling;
    const after = await byType();
    const growth = (type: string) =>
      `${type} peak +${((peak[type] ?? 0) / MIB).toFixed(0)}, after +${(((after[type] ?? 0) - (idle[type] ?? 0)) / MIB).toFixed(0)}`;
    return `${(ms / 1000).toFixed(1)} s; ${growth('renderer')}; ${growth('browser')} (MiB)`;
  } finally {
    await raw.close();
  }
}

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`${new Date().toISOString()}\n`);
  const { server, origin } = await serve();
  try {
    for (const variant of VARIANTS) {
      for (const mib of SIZES)
        console.log(`${variant.padEnd(13)} ${String(mib).padStart(5)} MiB: ${await run(origin, variant, mib)}`);
    }
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
