/**
 * Submission ingest: the product's POST /api/v1/reports against a floor, a
 * bare Express handler doing one insert of the same document (same engine,
 * same collection shape and unique index), each as its own server process,
 * at concurrency 1 and 10 (autocannon). Every request is a distinct,
 * well-formed report (the product refuses a replay), made beforehand by the
 * product's own crypto code. Proof of work is off (PROOF_OF_WORK_BITS=0): it
 * costs the client, not the server. Rounds alternate floor and product, so
 * background load falls on both; medians of the rounds. Both servers are
 * profiled during the rounds (V8's CPU profiler, as `node --cpu-prof`, without
 * start-up), so the sampling costs both alike; the summary says where the
 * product's CPU time went, and the floor's for comparison.
 * Prints figures; asserts nothing.
 *
 *   npm run bench -- ingest [--rounds N] [--requests N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import autocannon from 'autocannon';

import { systemClock } from '../backend/src/clock';
import { createCryptoApi, encryptReport, generateAgencyKey } from '../backend/src/crypto';
import { openDatabase } from '../backend/src/db/connect';
import { startEngine } from '../backend/src/engine/engine';
import { featureModels } from '../backend/src/features';
import { writeAgencyPin } from '../backend/src/features/agency-key/pin';
import { agencyKeyRepository } from '../backend/src/features/agency-key/repository';
import { agencyKeyService } from '../backend/src/features/agency-key/service';
import { projectRoot } from '../backend/src/project';
import { summarizeProfile } from './ingest/profile';
import { FLOOR_COLLECTION } from './ingest/shared';
import { machine, median } from './support/browser';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const ROUNDS = option('--rounds', 3);
const REQUESTS = option('--requests', 600);
const WARM_UP = 200;
const CONCURRENCY = [1, 10];
const ROOT = projectRoot();
const DB_NAME = 'ingest';

/** About what a reporter writes: a paragraph in Russian, padded by the product to its size bucket. */
const REPORT = {
  whatHappened: 'Сотрудник полиции предложил закрыть дело за деньги и назвал сумму. '.repeat(12).trim(),
  agency: 'police',
  date: null,
  region: null,
};

function startServer(kind: 'real' | 'floor', env: NodeJS.ProcessEnv) {
  const nodeArgs = [
    '--import',
    pathToFileURL(require.resolve('tsx')).href,
    path.join(__dirname, 'ingest', 'server.ts'),
    kind,
  ];
  const child = spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}): ${output}`)));
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  refused: number;
  /** CPU time per request (user + system, every thread) of the server and of the engine; null where unreadable. */
  serverCpuMs: number | null;
  engineCpuMs: number | null;
}

/**
 * A process's CPU time so far (user + system, all its threads), from Linux's
 * /proc in clock ticks of 10 ms; null elsewhere. Unlike requests/s, it does
 * not grow when other work on the machine keeps the process waiting for a core.
 */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function load(
  url: string,
  connections: number,
  bodies: string[],
  pids: { server?: number; engine?: number } = {},
): Promise<Run> {
  const cpuBefore = { server: cpuMs(pids.server), engine: cpuMs(pids.engine) };
  let next = 0;
  let started = 0n;
  let last = 0n;
  // The callback form returns the instance, which reports each answer (the promise form does not).
  let done: (result: autocannon.Result) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve) => {
    done = resolve;
  });
  const instance = autocannon(
    {
      url,
      connections,
      amount: bodies.length,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/reports',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => {
            if (next === 0) started = process.hrtime.bigint();
            return { ...request, body: bodies[next++ % bodies.length] };
          },
        },
      ],
    },
    (error, result) => {
      if (error) throw error;
      done(result);
    },
  );
  // autocannon's own duration ends on its one-second tick; the time from the first request to the last answer does not.
  instance.on('response', () => {
    last = process.hrtime.bigint();
  });
  const result = await finished;
  // The product writes each inbox entry after its answer, lingering (200 ms): give it time to land, so it is counted.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const perRequest = (before: number | null, pid: number | undefined) => {
    const after = cpuMs(pid);
    return before === null || after === null ? null : (after - before) / bodies.length;
  };
  return {
    rps: result.requests.sent / (Number(last - started) / 1e9),
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused: result.non2xx + result.errors + result.timeouts,
    serverCpuMs: perRequest(cpuBefore.server, pids.server),
    engineCpuMs: perRequest(cpuBefore.engine, pids.engine),
  };
}

/** The embedded engine's process, from the file the launcher writes beside its data (none for MONGODB_URI). */
function readEnginePid(dataDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'w412-bench-ingest-'));
  const profileFile = path.join(ROOT, 'tmp', 'bench', 'ingest.cpuprofile');
  const floorProfileFile = path.join(ROOT, 'tmp', 'bench', 'ingest-floor.cpuprofile');
  mkdirSync(path.dirname(profileFile), { recursive: true });
  rmSync(profileFile, { force: true });
  rmSync(floorProfileFile, { force: true });
  const engine = await startEngine({
    mongodbUri: process.env.MONGODB_URI,
    dataDir: path.join(work, 'data'),
    toolsDir: path.join(ROOT, 'tools', 'bin'),
  });
  const db = await openDatabase({ uri: engine.uri, dbName: DB_NAME, models: featureModels });
  const servers: ChildProcess[] = [];
  try {
    const agency = await generateAgencyKey({ agencyName: 'Bench agency', passphrase: 'bench agency passphrase' });
    await agencyKeyService({ repository: agencyKeyRepository(db), clock: systemClock }).install(
      agency.armoredPublicKey,
    );
    writeAgencyPin(work, agency.fingerprint);
    await db.collection(FLOOR_COLLECTION).createIndex({ receiptLookupHash: 1 }, { unique: true });

    const perRound = CONCURRENCY.length * REQUESTS;
    const total = WARM_UP + ROUNDS * perRound;
    console.log(`machine: ${machine()}`);
    console.log(`engine: ${engine.description}`);
    console.log(`sealing ${total} distinct reports with the product's crypto code…`);
    const { submission } = await createCryptoApi().sealReport({
      report: REPORT,
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
    });
    const bodies: string[] = [];
    for (let i = 0; i < total; i++) {
      const { armoredReport } = await encryptReport({
        report: REPORT,
        armoredAgencyKey: agency.armoredPublicKey,
        pinnedAgencyFingerprint: agency.fingerprint,
      });
      bodies.push(JSON.stringify({ ...submission, armoredReport, receiptLookup: randomBytes(32).toString('hex') }));
    }
    console.log(`one request body: ${bodies[0]!.length} bytes`);

    const env = { ...process.env, ENGINE_URI: engine.uri, DB_NAME, PIN_DIR: work, LOG_LEVEL: 'info' };
    const real = await startServer('real', { ...env, PROFILE_FILE: profileFile });
    const floor = await startServer('floor', { ...env, PROFILE_FILE: floorProfileFile });
    servers.push(real.child, floor.child);
    await load(real.url, 1, bodies.slice(0, WARM_UP));
    await load(floor.url, 1, bodies.slice(0, WARM_UP));
    // Starts each server's profiler: both pay for the sampling, so the CPU columns compare like with like.
    real.child.kill('SIGUSR2');
    floor.child.kill('SIGUSR2');
    const enginePid = readEnginePid(path.join(work, 'data'));

    const results = new Map<string, Run[]>();
    const record = (key: string, run: Run) => results.set(key, [...(results.get(key) ?? []), run]);
    for (let round = 0; round < ROUNDS; round++) {
      let offset = WARM_UP + round * perRound;
      for (const c of CONCURRENCY) {
        const slice = bodies.slice(offset, offset + REQUESTS);
        offset += REQUESTS;
        // The floor first in odd rounds, second in even ones.
        const order = round % 2 === 0 ? (['floor', 'real'] as const) : (['real', 'floor'] as const);
        for (const kind of order) {
          const server = kind === 'real' ? real : floor;
          record(`${kind} ${c}`, await load(server.url, c, slice, { server: server.child.pid, engine: enginePid }));
        }
      }
    }

    console.log(
      `\n${new Date().toISOString().slice(0, 10)}; ${ROUNDS} rounds of ${REQUESTS} requests per server and concurrency; medians of the rounds\n`,
    );
    console.log(
      'concurrency | server  | requests/s |  p50 ms |  p99 ms | refused | CPU ms/request: server, engine | ratio product / floor: by requests/s, by CPU per request',
    );
    for (const c of CONCURRENCY) {
      const row = (kind: 'real' | 'floor') => {
        const runs = results.get(`${kind} ${c}`)!;
        return {
          rps: median(runs.map((r) => r.rps)),
          p50: median(runs.map((r) => r.p50)),
          p99: median(runs.map((r) => r.p99)),
          refused: runs.reduce((n, r) => n + r.refused, 0),
          cpu: (pick: (r: Run) => number | null) => {
            const values = runs.map(pick).filter((v): v is number => v !== null);
            return values.length > 0 ? median(values).toFixed(2) : 'n/a';
          },
          each: runs.map((r) => r.rps.toFixed(0)).join(' / '),
          // Server and engine CPU per request together, median of the rounds; null where unreadable.
          totalCpu: (() => {
            const values = runs
              .map((r) => (r.serverCpuMs === null || r.engineCpuMs === null ? null : r.serverCpuMs + r.engineCpuMs))
              .filter((v): v is number => v !== null);
            return values.length > 0 ? median(values) : null;
          })(),
        };
      };
      const [f, r] = [row('floor'), row('real')];
      for (const [name, x] of [
        ['floor', f],
        ['product', r],
      ] as const) {
        console.log(
          `${String(c).padStart(11)} | ${name.padEnd(7)} | ${x.rps.toFixed(0).padStart(10)} | ${x.p50.toFixed(1).padStart(7)} | ${x.p99.toFixed(1).padStart(7)} | ${String(x.refused).padStart(7)} | ${`${x.cpu((run) => run.serverCpuMs)}, ${x.cpu((run) => run.engineCpuMs)}`.padStart(30)} | ${name === 'product' ? `${(r.rps / f.rps).toFixed(2)}, ${f.totalCpu && r.totalCpu ? (f.totalCpu / r.totalCpu).toFixed(2) : 'n/a'}` : ''}   (rounds: ${x.each})`,
        );
      }
    }
    const stored = await db.collection('report_bodies').countDocuments();
    const listed = await db.collection('reports').countDocuments();
    console.log(`\nstored by the product: ${stored} bodies, ${listed} listed (sent ${WARM_UP + ROUNDS * perRound})`);

    for (const child of servers) child.kill('SIGTERM');
    await Promise.all(servers.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    servers.length = 0;
    if (existsSync(profileFile)) {
      console.log(`\nCPU profile of the product's server during the rounds (${path.relative(ROOT, profileFile)}):`);
      for (const line of summarizeProfile(profileFile)) console.log(line);
    }
    if (existsSync(floorProfileFile)) {
      console.log(`\nThe floor's, for comparison (${path.relative(ROOT, floorProfileFile)}):`);
      for (const line of summarizeProfile(floorProfileFile, 6)) console.log(line);
    }
  } finally {
    for (const child of servers) child.kill('SIGTERM');
    await db.close();
    await engine.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
