/**
 * How the reviewer inbox scales on the embedded engine: time to list the
 * newest page and to open one report, at several inbox sizes, in one run.
 * Prints figures; asserts nothing (DEVELOPERS.md: speed claims live here).
 *
 *   npm run bench -- inbox [sizes…]     e.g. npm run bench -- inbox 1000 10000
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '../backend/src/db/connect';
import { startEngine } from '../backend/src/engine/engine';
import { featureModels } from '../backend/src/features';
import { projectRoot } from '../backend/src/project';
import { reportRepository } from '../backend/src/features/reports/repository';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length > 0 ? sizes : [1000, 10_000];
const CIPHERTEXT = `-----BEGIN PGP MESSAGE-----\n\n${randomBytes(1500).toString('base64')}\n-----END PGP MESSAGE-----\n`;

async function median(times: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-bench-'));
  const engine = await startEngine({
    mongodbUri: process.env.MONGODB_URI,
    dataDir,
    toolsDir: path.join(projectRoot(), 'tools', 'bin'),
  });
  const db = await openDatabase({ uri: engine.uri, dbName: 'bench', models: featureModels });
  const repository = reportRepository(db);
  console.log(`engine: ${engine.description}`);
  console.log('reports | list newest 50 (ms) | open one by id (ms)');
  let inserted = 0;
  const start = Date.UTC(2026, 0, 1);
  try {
    for (const size of SIZES) {
      const batch = [];
      const bodies = [];
      for (; inserted < size; inserted++) {
        const _id = randomBytes(16).toString('base64url');
        batch.push({
          _id,
          receivedAt: new Date(start + inserted * 3_600_000),
          status: 'new',
          envelopeVersion: 1,
          receiptLookupHash: randomBytes(32).toString('hex'),
        });
        bodies.push({ _id, armoredReport: CIPHERTEXT, reporterKey: null });
      }
      for (let i = 0; i < batch.length; i += 1000) {
        await db.collection('report_bodies').insertMany(bodies.slice(i, i + 1000) as never[]);
        await db.collection('reports').insertMany(batch.slice(i, i + 1000) as never[]);
      }
      const someId = batch.at(-1)?._id ?? '';
      const list = await median(5, () => repository.page({ limit: 50 }));
      const open = await median(5, () => repository.findWithBody(someId));
      console.log(`${String(size).padStart(7)} | ${list.toFixed(1).padStart(21)} | ${open.toFixed(1).padStart(19)}`);
    }
  } finally {
    await db.dropDatabase();
    await db.close();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
