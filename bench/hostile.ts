/**
 * What a hostile report costs the server: every message and reporter key of
 * the hostile corpus (tests/support/hostile.ts: compression bombs, thousands
 * of packets, partial-length chains, maximum-size packets of every type…)
 * posted to the real app on the real engine, against a valid report's cost in
 * the same run. Prints, per request, the server's CPU time and its extra
 * memory (peak resident set over the request, above the level before it), the
 * median of several runs per case, and the worst case of each. Asserts nothing.
 *
 *   npm run bench -- hostile [--runs N]
 *
 * Linux only (peak RSS from /proc/self/status, reset through /proc/self/clear_refs).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { deriveReceiptSecrets } from '../backend/src/crypto';
import { startEngine } from '../backend/src/engine/engine';
import { projectRoot } from '../backend/src/project';
import { buildHostileCorpus, HOSTILE_SEED } from '../tests/support/hostile';
import { startTestPlatform } from '../tests/support/platform';
import { sealForPlatform } from '../tests/support/reports';

// A run needs gc() between requests and a young generation large enough that
// one request's garbage is not collected mid-request; restart with those flags.
if (typeof globalThis.gc !== 'function') {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-semi-space-size=64', ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}
const gc = globalThis.gc as () => void;

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);
const VALID_RUNS = 15;
const MIB = 1024 * 1024;

const status = (field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

interface Sample {
  cpuMs: number;
  /** The larger of the two memory figures below: an upper bound on what the request needed. */
  extraMiB: number;
  /** Peak resident set during the request above the level before it. */
  peakRssMiB: number;
  /** Heap and external memory allocated during the request (no collection runs in between; see gcs). */
  allocatedMiB: number;
  /** Garbage collections during the request; when > 0 the allocation figure is a lower bound. */
  gcs: number;
  status: number;
}

const gcTimes: number[] = [];
new PerformanceObserver((list) => gcTimes.push(...list.getEntries().map((e) => e.startTime))).observe({
  entryTypes: ['gc'],
});
const allocated = () => {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};

/** Sends one prepared body and measures the server's side of it: from request headers to response end. */
function measureOne(server: http.Server, port: number, body: Buffer): Promise<Sample> {
  gc();
  gc();
  const rssBefore = status('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5'); // resets the peak (VmHWM) to the current RSS
  return new Promise((resolve, reject) => {
    let cpuStart: NodeJS.CpuUsage | null = null;
    let cpuMs = 0;
    let heapStart = 0;
    let allocatedBytes = 0;
    let window = [0, 0];
    const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
      window = [performance.now(), Infinity];
      heapStart = allocated();
      cpuStart = process.cpuUsage();
      res.on('finish', () => {
        const used = process.cpuUsage(cpuStart!);
        cpuMs = (used.user + used.system) / 1000;
        allocatedBytes = allocated() - heapStart;
        window = [window[0]!, performance.now()];
      });
    };
    server.prependOnceListener('request', onRequest);
    const req = http.request(
      {
        port,
        method: 'POST',
        path: '/api/v1/reports',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const peakRssMiB = Math.max(0, status('VmHWM') - rssBefore) / MIB;
          const allocatedMiB = Math.max(0, allocatedBytes) / MIB;
          // gc entries arrive asynchronously; count those that started inside the request.
          setImmediate(() => {
            const gcs = gcTimes.filter((t) => t >= window[0]! && t <= window[1]!).length;
            const extraMiB = Math.max(peakRssMiB, allocatedMiB);
            resolve({ cpuMs, extraMiB, peakRssMiB, allocatedMiB, gcs, status: res.statusCode ?? 0 });
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => n.toFixed(2).padStart(8);

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-bench-hostile-'));
  const engine = await startEngine({
    mongodbUri: process.env.MONGODB_URI,
    dataDir,
    toolsDir: path.join(projectRoot(), 'tools', 'bin'),
    log: (line) => console.log(line),
  });
  process.env.W412_TEST_MONGODB_URI = engine.uri;
  const platform = await startTestPlatform('bench-hostile');
  const server = http.createServer(platform.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const { submission, receipt } = await sealForPlatform(platform);
    const corpus = await buildHostileCorpus({
      armoredReport: submission.armoredReport,
      reporterKey: submission.reporterKey,
      reporterKeyPassphrase: (await deriveReceiptSecrets(receipt)).reporterKeyPassphrase,
    });
    const cases = [
      ...corpus.messages.map((m) => ({
        name: `message: ${m.name}`,
        body: { ...submission, armoredReport: m.armoredReport },
      })),
      ...corpus.keys.map((k) => ({
        name: `key: ${k.name}`,
        body: {
          ...submission,
          reporterKey: { armoredPublicKey: k.armoredPublicKey, armoredPrivateKey: k.armoredPrivateKey },
        },
      })),
    ].map(({ name, body }) => ({ name, body: Buffer.from(JSON.stringify(body)) }));

    console.log(
      `engine: ${engine.description}; node ${process.version}; ${os.cpus().length} cores; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `corpus: ${corpus.messages.length} messages + ${corpus.keys.length} keys (seed ${HOSTILE_SEED}); ${RUNS} runs each, medians`,
    );

    // Warm up the path (JIT, first database round trips) before measuring anything.
    for (const { body } of cases.slice(0, 20)) await measureOne(server, port, body);

    // Valid reports, fresh each run (a stored receipt or ciphertext cannot be sent twice): the smallest
    // padding bucket and the largest (192 KiB of plaintext, close to the size limit like the worst hostile cases).
    const validSeries = async (report: unknown) => {
      const samples: Sample[] = [];
      for (let i = 0; i < VALID_RUNS; i++) {
        const fresh = Buffer.from(JSON.stringify((await sealForPlatform(platform, report)).submission));
        samples.push(await measureOne(server, port, fresh));
      }
      return samples;
    };
    const validSmall = await validSeries({ whatHappened: 'short', agency: 'police' });
    const validLarge = await validSeries({ whatHappened: 'x'.repeat(190_000), agency: 'police' });
    const validCpu = median(validSmall.map((s) => s.cpuMs));
    const validMem = median(validSmall.map((s) => s.extraMiB));
    const validLargeCpu = median(validLarge.map((s) => s.cpuMs));
    const validLargeMem = median(validLarge.map((s) => s.extraMiB));
    const line = (r: (typeof rows)[number]) =>
      `  ${fmt(r.cpuMs)} ms ${fmt(r.extraMiB)} MiB (peak RSS ${r.peakRssMiB.toFixed(2)}, allocated ${r.allocatedMiB.toFixed(2)}${r.gcs ? `, ${r.gcs} GC` : ''})  ${r.statuses}  ${(r.bytes / 1024).toFixed(0)} KiB  ${r.name}`;

    const rows: {
      name: string;
      cpuMs: number;
      extraMiB: number;
      peakRssMiB: number;
      allocatedMiB: number;
      gcs: number;
      statuses: string;
      bytes: number;
    }[] = [];
    for (const { name, body } of cases) {
      const samples: Sample[] = [];
      for (let r = 0; r < RUNS; r++) samples.push(await measureOne(server, port, body));
      rows.push({
        name,
        cpuMs: median(samples.map((s) => s.cpuMs)),
        extraMiB: median(samples.map((s) => s.extraMiB)),
        peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
        allocatedMiB: median(samples.map((s) => s.allocatedMiB)),
        gcs: Math.max(...samples.map((s) => s.gcs)),
        statuses: [...new Set(samples.map((s) => s.status))].join('/'),
        bytes: body.length,
      });
    }
    const not4xx = rows.filter((r) => !/^4\d\d$/.test(r.statuses));
    const byCpu = [...rows].sort((a, b) => b.cpuMs - a.cpuMs);
    const byMem = [...rows].sort((a, b) => b.extraMiB - a.extraMiB);

    const describe = (samples: Sample[]) =>
      `CPU ms median ${fmt(median(samples.map((s) => s.cpuMs)))}   extra MiB median ${fmt(median(samples.map((s) => s.extraMiB)))} (peak RSS ${median(samples.map((s) => s.peakRssMiB)).toFixed(2)}, allocated ${median(samples.map((s) => s.allocatedMiB)).toFixed(2)})   statuses ${[...new Set(samples.map((s) => s.status))].join('/')}`;
    console.log(`\nvalid report, smallest bucket (${VALID_RUNS} runs):`);
    console.log(`  ${describe(validSmall)}`);
    console.log(`valid report, largest bucket, 192 KiB (${VALID_RUNS} runs):`);
    console.log(`  ${describe(validLarge)}`);
    console.log('\nworst hostile cases by CPU (median of runs):');
    for (const r of byCpu.slice(0, 8)) console.log(line(r));
    console.log('\nworst hostile cases by extra memory:');
    for (const r of byMem.slice(0, 5)) console.log(line(r));
    const worstCpu = byCpu[0]!;
    const worstMem = byMem[0]!;
    console.log('\nsummary:');
    console.log(
      `  cases: ${rows.length}; answered with a 4xx: ${rows.length - not4xx.length}${not4xx.length ? `; NOT 4xx: ${not4xx.map((r) => r.name).join('; ')}` : ''}`,
    );
    console.log(
      `  worst CPU:    ${worstCpu.cpuMs.toFixed(2)} ms = ${(worstCpu.cpuMs / validCpu).toFixed(2)}× a small valid report (${validCpu.toFixed(2)} ms), ${(worstCpu.cpuMs / validLargeCpu).toFixed(2)}× a 192 KiB one (${validLargeCpu.toFixed(2)} ms) — ${worstCpu.name}`,
    );
    console.log(
      `  worst memory: ${worstMem.extraMiB.toFixed(2)} MiB extra; valid reports: ${validMem.toFixed(2)} MiB small, ${validLargeMem.toFixed(2)} MiB at 192 KiB — ${worstMem.name}`,
    );
    const slowest = byCpu.filter((r) => r.cpuMs >= 50 || r.extraMiB >= 16).length;
    console.log(
      `  over the bounds (50 ms of server CPU, 16 MiB of extra memory per request): ${slowest} of ${rows.length}`,
    );
    console.log('  extra memory = max(peak RSS above the level before, heap + external allocated during the request)');
  } finally {
    server.close();
    await platform.close();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
