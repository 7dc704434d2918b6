/**
 * What the crypto worker's memory is made of while it encrypts evidence
 * segments, and what frees it (prints figures, asserts nothing): a bare page
 * (bench/files-segmem/) starts a dedicated worker that encrypts the chosen
 * file's 4 MiB segments with OpenPGP.js in buffer mode, as the product's
 * crypto worker does, one variant per worker, the variants interleaved run
 * by run in one Chromium; the worker's peak ArrayBuffers (DevTools
 * `Runtime.getHeapUsage`) and the renderer's peak RSS growth are sampled
 * every 50 ms. Variants (bench/files-segmem/segmem-worker.ts): binary (as
 * the product), object (format 'object', WebCrypto's CFB output freed),
 * +nudgeK (K × 64 KiB of short-lived arrays after each segment), restartN (a
 * sub-worker ended every N segments), onebuffer (a bench-only SEIPDv1 writer
 * with one cleartext buffer). Each variant's first segment is decrypted and
 * checked, outside the times. Results: docs/benchmarks.md, "files", fifth run.
 *
 *   npm run bench -- files-segmem [--mib 64] [--runs 3] [--jitless] [--variants binary,object,onebuffer,restart1,restart4]
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { generateKey } from 'openpgp';
import { build as viteBuild } from 'vite';

import { projectRoot } from '../backend/src/project';
import { KEY_TYPE } from '../crypto/src/profile';
import { machine, median } from './support/browser';
import { launchRawChromium } from './support/cdp';
import { rssOf } from './support/memory';
import { randomFile } from './support/random-file';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const MIB = 1024 * 1024;
const SIZE_MIB = Number(option('mib', '64'));
const RUNS = Number(option('runs', '3'));
const JITLESS = args.includes('--jitless');
const VARIANTS = option('variants', 'binary,object,onebuffer,restart1,restart4').split(',');
const WORK = path.join(projectRoot(), 'tmp', 'bench', 'files-segmem');

const fileOf = (mib: number) => randomFile(WORK, mib);

async function buildPage(): Promise<string> {
  const outDir = path.join(WORK, 'public');
  await viteBuild({
    root: path.join(projectRoot(), 'bench', 'files-segmem'),
    base: '/',
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: [{ find: /^openpgp$/, replacement: 'openpgp/lightweight' }] },
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, modulePreload: { polyfill: false } },
  });
  return outDir;
}

function serve(
  dir: string,
  armoredKey: string,
  armoredPrivateKey: string,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0]!;
    if (url === '/key') return void response.setHeader('Content-Type', 'text/plain').end(armoredKey);
    // A throwaway key made for this run: the probe checks that each variant's first segment decrypts.
    if (url === '/private-key') return void response.setHeader('Content-Type', 'text/plain').end(armoredPrivateKey);
    const file = path.join(dir, url === '/' ? 'index.html' : url);
    if (!file.startsWith(dir) || !existsSync(file)) return void response.writeHead(404).end();
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    response.setHeader('Content-Type', type).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

/** `promise`'s value, or null after `ms` (a DevTools call to a session that just ended may never be answered). */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | null> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`${new Date().toISOString()}; ${JITLESS ? 'jitless' : 'JIT'}; ${SIZE_MIB} MiB; medians of ${RUNS}\n`);
  const { publicKey, privateKey } = await generateKey({ ...KEY_TYPE, userIDs: [{ name: 'bench' }], format: 'armored' });
  const { server, origin } = await serve(await buildPage(), publicKey, privateKey);
  const file = fileOf(SIZE_MIB);
  const results = new Map<string, { ms: number[]; backing: number[]; renderer: number[] }>();
  const raw = await launchRawChromium({ jitless: JITLESS });
  try {
    // Every dedicated worker the probe pages start (attached by the page sessions' auto-attach).
    const workers = new Set<string>();
    raw.cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
      if ((targetInfo as { type: string }).type !== 'worker') return;
      workers.add(sessionId as string);
      // A worker's own workers (the restart variants' sub-worker) too.
      void raw.cdp
        .send(
          'Target.setAutoAttach',
          { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
          sessionId as string,
        )
        .catch(() => {});
    });
    raw.cdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId as string));
    const renderers = async () => {
      const { processInfo } = await raw.cdp.send<{ processInfo: { type: string; id: number }[] }>(
        'SystemInfo.getProcessInfo',
      );
      return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + rssOf(p.id), 0);
    };
    for (let run = 0; run < RUNS; run++) {
      for (const variant of VARIANTS) {
        const tag = `probe=${run}-${variant}`;
        const { targetId } = await raw.cdp.send<{ targetId: string }>('Target.createTarget', {
          url: `${origin}/?${tag}`,
        });
        try {
          const session = await raw.cdp.attach((url, type) => type === 'page' && url.endsWith(tag));
          await raw.cdp.send(
            'Target.setAutoAttach',
            { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
            session,
          );
          await raw.cdp.waitFor(session, `document.getElementById('state')?.textContent === 'ready'`, 60_000);
          await raw.cdp.setInputFiles(session, [file]);
          const idle = await renderers();
          let backing = 0;
          let rendererPeak = 0;
          let running = true;
          const sampling = (async () => {
            while (running) {
              // The sum over the probe's workers at one moment (the restart variants have two).
              const usages = await Promise.all(
                [...workers].map((id) =>
                  within(raw.cdp.send<{ backingStorageSize?: number }>('Runtime.getHeapUsage', {}, id), 1000).then(
                    (u) => u?.backingStorageSize ?? 0,
                    () => 0,
                  ),
                ),
              );
              backing = Math.max(
                backing,
                usages.reduce((a, b) => a + b, 0),
              );
              rendererPeak = Math.max(rendererPeak, ((await within(renderers(), 1000)) ?? idle) - idle);
              await new Promise((r) => setTimeout(r, 50));
            }
          })();
          const result = await within(
            raw.cdp.evaluate<{ total: number; times: number[] }>(
              session,
              `runVariant(${JSON.stringify(variant)}, ${SIZE_MIB / 4})`,
            ),
            10 * 60_000,
          ).finally(() => (running = false));
          await sampling;
          if (!result) throw new Error(`${variant}: no answer in 10 minutes`);
          const peaks = { rss: { renderer: rendererPeak } };
          const into = results.get(variant) ?? { ms: [], backing: [], renderer: [] };
          into.ms.push(result.total);
          into.backing.push(backing / MIB);
          into.renderer.push((peaks.rss.renderer ?? 0) / MIB);
          results.set(variant, into);
          console.log(
            `  run ${run + 1} ${variant.padEnd(16)} ${(result.total / 1000).toFixed(2)} s; worker ArrayBuffers peak ${(backing / MIB).toFixed(0)} MiB; renderer +${((peaks.rss.renderer ?? 0) / MIB).toFixed(0)} MiB; per segment (ms) ${result.times.join(' ')}`,
          );
        } finally {
          await raw.cdp.send('Target.closeTarget', { targetId }).catch(() => {});
        }
      }
    }
  } finally {
    await raw.close();
    // Keep-alive connections would keep this process alive after the figures.
    server.closeAllConnections();
    server.close();
  }
  const base = median(results.get(VARIANTS[0]!)!.ms);
  console.log(`\nmedians (time relative to ${VARIANTS[0]}):`);
  for (const [variant, r] of results) {
    console.log(
      `  ${variant.padEnd(16)} ${(median(r.ms) / 1000).toFixed(2)} s (${(median(r.ms) / base).toFixed(3)}); worker ArrayBuffers peak ${median(r.backing).toFixed(0)} MiB [${r.backing.map((x) => x.toFixed(0)).join(' ')}]; renderer +${median(r.renderer).toFixed(0)} MiB [${r.renderer.map((x) => x.toFixed(0)).join(' ')}]`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
