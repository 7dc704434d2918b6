/**
 * `_id` lookups on the embedded engine: the first and the last of N stored
 * documents, with our patched FerretDB and with FerretDB 1.24.2 as released,
 * in the same run (both builds are cached in tools/bin). Without patch A the
 * lookup scans the table up to the match, so the last document is the slow one.
 * Prints medians and ratios; asserts nothing.
 *
 *   npm run bench -- engine [sizes…] [--runs N]     e.g. npm run bench -- engine 1000 20000 100000
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import mongoose from 'mongoose';

import { startFerretdb } from '../backend/src/engine/engine';
import { buildFerretdb, FERRETDB_VERSION, type FerretdbVariant } from '../backend/src/engine/ferretdb-build';
import { projectRoot } from '../backend/src/project';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } });
const SIZES = positionals.map(Number).filter((n) => n > 0);
if (SIZES.length === 0) SIZES.push(1000, 20_000, 100_000);
SIZES.sort((a, b) => a - b);
const RUNS = Number(values.runs ?? 15);

/** A document the size of a report's workflow fields (the documents the app looks up by _id). */
function document(i: number) {
  return {
    _id: randomBytes(16).toString('base64url'),
    receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
    status: 'new',
    envelopeVersion: 1,
    receiptLookupHash: randomBytes(32).toString('hex'),
  };
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface Row {
  first: number;
  last: number;
}

async function measure(variant: FerretdbVariant, binary: string): Promise<{ rows: Map<number, Row>; plan: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `w412-bench-engine-${variant}-`));
  const engine = await startFerretdb({ binary, dataDir });
  const db = await mongoose.createConnection(engine.uri, { dbName: 'bench' }).asPromise();
  const docs = db.collection<ReturnType<typeof document>>('docs');
  const rows = new Map<number, Row>();
  let plan = '';
  try {
    let stored = 0;
    let firstId = '';
    let lastId = '';
    for (const size of SIZES) {
      process.stderr.write(`  ${variant}: storing ${size} documents…\n`);
      while (stored < size) {
        const batch = Array.from({ length: Math.min(1000, size - stored) }, (_, i) => document(stored + i));
        await docs.insertMany(batch);
        firstId ||= batch[0]!._id;
        lastId = batch.at(-1)!._id;
        stored += batch.length;
      }
      const first: number[] = [];
      const last: number[] = [];
      // Two warm-up lookups each, then first and last alternate so drift hits both alike.
      for (let run = -2; run < RUNS; run++) {
        const f = await timed(() => docs.findOne({ _id: firstId }));
        const l = await timed(() => docs.findOne({ _id: lastId }));
        if (run < 0) continue;
        first.push(f);
        last.push(l);
      }
      rows.set(size, { first: median(first), last: median(last) });
      if (!plan) {
        const explained = (await db.db!.command({ explain: { find: 'docs', filter: { _id: lastId } } })) as {
          queryPlanner: { Plan?: string[] };
        };
        plan = (explained.queryPlanner.Plan ?? []).map((line) => line.replace(/^.*detail=/, '')).join('; ');
      }
    }
  } finally {
    await db.close();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { rows, plan };
}

async function main() {
  const toolsDir = path.join(projectRoot(), 'tools', 'bin');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const binaries = {
    patched: await buildFerretdb(toolsDir, log, 'patched'),
    unpatched: await buildFerretdb(toolsDir, log, 'unpatched'),
  };
  const patched = await measure('patched', binaries.patched);
  const unpatched = await measure('unpatched', binaries.unpatched);

  const cpus = os.cpus();
  console.log(`Engine: FerretDB ${FERRETDB_VERSION} on SQLite, over its Unix socket, through the MongoDB driver`);
  console.log(
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `${os.type()} ${os.release()}, Node ${process.version}`,
  );
  console.log(`SQLite plan, patched:   ${patched.plan}`);
  console.log(`SQLite plan, unpatched: ${unpatched.plan}`);
  console.log(`\n_id lookup, median of ${RUNS} (ms):`);
  const header = ['documents', 'patched first', 'patched last', 'last/first', 'unpatched first', 'unpatched last'];
  const widths = [...header.map((h) => h.length), 'last/first'.length, 'unpatched/patched (last)'.length];
  header.push('last/first', 'unpatched/patched (last)');
  console.log(header.join(' | '));
  for (const size of SIZES) {
    const p = patched.rows.get(size)!;
    const u = unpatched.rows.get(size)!;
    const cells = [
      String(size),
      p.first.toFixed(2),
      p.last.toFixed(2),
      `${(p.last / p.first).toFixed(1)}×`,
      u.first.toFixed(2),
      u.last.toFixed(2),
      `${(u.last / u.first).toFixed(1)}×`,
      `${(u.last / p.last).toFixed(1)}×`,
    ];
    console.log(cells.map((cell, i) => cell.padStart(widths[i]!)).join(' | '));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
