/**
 * The reviewer inbox on the embedded engine, at 1 000 / 5 000 / 20 000
 * stored reports, a quarter of them active (new) and the rest closed or
 * referred (in the archive): the console's list (first page, with and without
 * the status filter, active and archive) and open endpoints through HTTP,
 * against the bare engine query for the same rows in the same run.
 * The reports are stored as the submission path stores them (body, then
 * entry; documents of the same shape and size, one sealed report's
 * ciphertext under fresh ids), in batches, since sealing 20 000 reports one
 * by one would take longer than the measurement. p50/p95 of 30 samples.
 * Prints figures; asserts nothing.
 *
 *   npm run bench -- inbox [sizes…]     e.g. npm run bench -- inbox 1000 5000 20000
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { createApp } from '../backend/src/app';
import { systemClock } from '../backend/src/clock';
import { createCryptoApi, generateAgencyKey } from '../backend/src/crypto';
import { openDatabase } from '../backend/src/db/connect';
import { startEngine } from '../backend/src/engine/engine';
import { featureModels } from '../backend/src/features';
import type { ReportBodyRecord, ReportEntryRecord } from '../backend/src/features/reports/model';
import { reviewerRepository } from '../backend/src/features/reviewers/repository';
import { accountsService } from '../backend/src/features/reviewers/service';
import { auditRepository } from '../backend/src/features/audit/repository';
import { auditService } from '../backend/src/features/audit/service';
import { enrolledSession } from '../tests/support/product';
import { createLogger } from '../backend/src/logger';
import { projectRoot } from '../backend/src/project';
import { machine } from './support/browser';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length > 0 ? sizes : [1000, 5000, 20_000];
const SAMPLES = 30;
const REVIEWER = { username: 'bench', password: 'bench reviewer password' };
const HOUR = 3_600_000;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-bench-inbox-'));
  const engine = await startEngine({
    mongodbUri: process.env.MONGODB_URI,
    dataDir,
    toolsDir: path.join(projectRoot(), 'tools', 'bin'),
  });
  const db = await openDatabase({ uri: engine.uri, dbName: 'bench_inbox', models: featureModels });
  const clock = systemClock;
  const audit = auditService({ repository: auditRepository(db), clock });
  await accountsService({ repository: reviewerRepository(db), clock, audit }).saveReviewer({
    ...REVIEWER,
    roles: ['reviewer'],
    actor: 'cli:bench',
  });
  const app = createApp({
    db,
    clock,
    logger: createLogger({ level: 'silent' }),
    config: {
      dataDir,
      agencyFingerprint: undefined,
      publicDir: dataDir,
      session: { idleMinutes: 30, maxHours: 8 },
      proofOfWorkBits: 0,
      behindTls: false,
      uploads: { expiryHours: 24, sweepMinutes: 10 },
    },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const { token } = await enrolledSession(base.replace(/\/api\/v1$/, ''), REVIEWER);
  const get = async (url: string) => {
    const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };

  const agency = await generateAgencyKey({ agencyName: 'Bench agency', passphrase: 'bench agency passphrase' });
  const { submission } = await createCryptoApi().sealReport({
    report: { whatHappened: 'Сотрудник требовал деньги. '.repeat(30), agency: 'police', date: null, region: null },
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });

  console.log(`machine: ${machine()}`);
  console.log(`engine: ${engine.description}`);
  console.log(`${new Date().toISOString().slice(0, 10)}; a quarter of the reports active, the rest closed or referred`);
  console.log(`${SAMPLES} samples each after one warm-up; ms; ratio = HTTP p50 / bare p50\n`);
  console.log('reports | active | query                          | HTTP p50 | HTTP p95 | bare p50 | bare p95 | ratio');
  const bodies = db.collection<ReportBodyRecord>('report_bodies');
  const active = db.collection<ReportEntryRecord>('reports');
  const archive = db.collection<ReportEntryRecord>('report_archive');
  const start = Date.UTC(2026, 0, 1);
  let stored = 0;
  try {
    for (const size of SIZES) {
      // Reports arrive a few an hour; every fourth stays active, the others are closed or referred.
      for (let batch = 0; stored < size; batch++) {
        const rows: { body: ReportBodyRecord; entry: ReportEntryRecord; archived: boolean }[] = [];
        for (let i = 0; i < 1000 && stored < size; i++, stored++) {
          const _id = randomBytes(16).toString('base64url');
          const receivedAt = new Date(start + Math.floor(stored / 3) * HOUR);
          const archived = stored % 4 !== 3;
          rows.push({
            archived,
            body: {
              _id,
              receivedAt,
              envelopeVersion: 1,
              receiptLookupHash: createHash('sha256').update(_id).digest('hex'),
              armoredReport: submission.armoredReport,
              reporterKey: submission.reporterKey,
            },
            entry: { _id, receivedAt, status: archived ? (stored % 2 ? 'closed' : 'referred') : 'new' },
          });
        }
        await bodies.insertMany(rows.map((r) => r.body));
        const toActive = rows.filter((r) => !r.archived).map((r) => r.entry);
        const toArchive = rows.filter((r) => r.archived).map((r) => r.entry);
        if (toActive.length) await active.insertMany(toActive);
        if (toArchive.length) await archive.insertMany(toArchive);
      }
      const activeCount = await active.countDocuments();
      const newest = (await active.find().sort({ receivedAt: -1, _id: -1 }).limit(1).toArray())[0]!._id;
      const page = (collection: typeof active, filter: object) => () =>
        collection.find(filter).sort({ receivedAt: -1, _id: -1 }).limit(50).toArray();
      const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
        ['active, first page', () => get('/reports?limit=50'), page(active, {})],
        ['active, status=new', () => get('/reports?limit=50&status=new'), page(active, { status: 'new' })],
        ['archive, first page', () => get('/reports?limit=50&view=archive'), page(archive, {})],
        [
          'archive, status=referred',
          () => get('/reports?limit=50&view=archive&status=referred'),
          page(archive, { status: 'referred' }),
        ],
        [
          'open the newest active report',
          () => get(`/reports/${newest}`),
          () =>
            Promise.all([
              active.findOne({ _id: newest }),
              archive.findOne({ _id: newest }),
              bodies.findOne({ _id: newest }),
            ]),
        ],
      ];
      for (const [name, http, bare] of cases) {
        const h = await timed(http);
        const b = await timed(bare);
        console.log(
          `${String(size).padStart(7)} | ${String(activeCount).padStart(6)} | ${name.padEnd(30)} | ${h.p50.toFixed(1).padStart(8)} | ${h.p95.toFixed(1).padStart(8)} | ${b.p50.toFixed(1).padStart(8)} | ${b.p95.toFixed(1).padStart(8)} | ${(h.p50 / b.p50).toFixed(2).padStart(5)}`,
        );
      }
    }
  } finally {
    server.close();
    await db.dropDatabase();
    await db.close();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
