/**
 * The reviewer inbox on the embedded engine, at 1 000 / 5 000 / 20 000
 * stored reports, a quarter of them active and the rest closed or referred
 * (in the archive), with workflow fields spread over them (statuses,
 * assignees, priorities, labels, unread replies, some overdue): the
 * console's list (first page, every filter and sort it offers, active and
 * archive), the first page right after another instance changed a report
 * (the copy reloads), and the open endpoint, through HTTP, against the bare
 * engine query for the same rows (the driver's find, sort and limit) in the
 * same run.
 * The reports are stored as the submission path stores them (body, then
 * entry; documents of the same shape and size, one sealed report's
 * ciphertext under fresh ids), in batches, since sealing 20 000 reports one
 * by one would take longer than the measurement. p50/p95 of 30 samples.
 * Prints figures; asserts nothing.
 *
 *   npm run bench -- inbox [sizes…] [--samples N] [--bare-samples N]
 *   e.g. npm run bench -- inbox 1000 5000 20000
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import mongoose from 'mongoose';

import { createApp } from '../backend/src/app';
import { systemClock } from '../backend/src/clock';
import { createCryptoApi, generateAgencyKey } from '../backend/src/crypto';
import { openDatabase } from '../backend/src/db/connect';
import { startEngine } from '../backend/src/engine/engine';
import { featureModels } from '../backend/src/features';
import type { ReportBodyRecord, ReportEntryRecord } from '../backend/src/features/reports/model';
import { reportRepository } from '../backend/src/features/reports/repository';
import { reviewerRepository } from '../backend/src/features/reviewers/repository';
import { accountsService } from '../backend/src/features/reviewers/service';
import { auditRepository } from '../backend/src/features/audit/repository';
import { auditService } from '../backend/src/features/audit/service';
import { enrolledSession } from '../tests/support/product';
import { createLogger } from '../backend/src/logger';
import { projectRoot } from '../backend/src/project';
import { machine } from './support/browser';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args.splice(at, 2)[1]);
};
/** Samples per HTTP case, and per bare engine query (the floor: fewer when the machine is loaded, it is slow). */
const SAMPLES = option('--samples', 30);
const BARE_SAMPLES = option('--bare-samples', SAMPLES);
const sizes = args.map(Number).filter(Boolean);
const SIZES = sizes.length > 0 ? sizes : [1000, 5000, 20_000];
const REVIEWER = { username: 'bench', password: 'bench reviewer password' };
const HOUR = 3_600_000;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(
  run: () => Promise<unknown>,
  before?: () => Promise<unknown>,
  count = SAMPLES,
): Promise<{ p50: number; p95: number }> {
  await run(); // warm
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    if (before) await before();
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (url: string): Promise<any> => {
    const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  const patch = async (url: string, body: object) => {
    const response = await fetch(`${base}${url}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ version: number; priority: string }>;
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
  console.log(
    `${SAMPLES} samples per HTTP case, ${BARE_SAMPLES} per bare query, after one warm-up; ms; ratio = HTTP p50 / bare p50\n`,
  );
  console.log(
    'reports | active | query                                | HTTP p50 | HTTP p95 | bare p50 | bare p95 | ratio',
  );
  // The bare queries on a connection of their own, with a long socket timeout: on a loaded machine a sorted
  // query of 15 000 archived entries can take longer than the product's 3 s (db/connect.ts).
  const bare = await mongoose
    .createConnection(engine.uri, { dbName: 'bench_inbox', socketTimeoutMS: 120_000 })
    .asPromise();
  const bodies = bare.collection<ReportBodyRecord>('report_bodies');
  const active = bare.collection<ReportEntryRecord>('reports');
  const archive = bare.collection<ReportEntryRecord>('report_archive');
  // Entries through the repository, so every instance's copy of the inbox learns of them (inbox-cache.ts).
  const repository = reportRepository(db);
  const start = Date.UTC(2026, 0, 1);
  const now = Date.now();
  const ACTIVE = ['new', 'in_review', 'awaiting_reporter'] as const;
  const ARCHIVED = ['referred', 'closed_unfounded', 'closed_duplicate'] as const;
  const PRIORITY = ['low', 'normal', 'normal', 'high', 'urgent'] as const;
  const LABELS = [[], ['money'], ['court', 'money'], ['almaty'], []] as string[][];
  const ASSIGNEES = [null, 'bench', 'other.one', null] as const;
  /** Workflow fields spread over the reports; about a third of the reviewed ones acknowledged late or never. */
  const workflow = (n: number, status: ReportEntryRecord['status']): Partial<ReportEntryRecord> =>
    status === 'new'
      ? { priority: PRIORITY[n % 5]!, unreadReplies: n % 7 === 0 }
      : {
          reason: 'bench reason',
          assignee: ASSIGNEES[n % 4]!,
          priority: PRIORITY[n % 5]!,
          labels: LABELS[n % 5]!,
          version: 1 + (n % 3),
          acknowledgedAt: n % 3 ? new Date(start + n * 1_200_000) : null,
          feedbackAt: status === 'in_review' ? null : new Date(start + n * 1_200_000),
          updatedAt: new Date(now - (n % 1000) * 60_000),
          unreadReplies: n % 7 === 0,
        };
  let stored = 0;
  try {
    for (const size of SIZES) {
      // Reports arrive a few an hour; every fourth stays active, the others are closed or referred.
      for (let batch = 0; stored < size; batch++) {
        const rows: { body: ReportBodyRecord; entry: ReportEntryRecord; archived: boolean }[] = [];
        for (let i = 0; i < 1000 && stored < size; i++, stored++) {
          const _id = randomBytes(16).toString('base64url');
          // Spread over the year up to now, oldest first.
          const receivedAt = new Date(start + Math.floor(((stored / 20_000) * (now - start)) / HOUR) * HOUR);
          const archived = stored % 4 !== 3;
          const status = archived ? ARCHIVED[stored % 3]! : ACTIVE[Math.floor(stored / 4) % 3]!;
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
            entry: { _id, receivedAt, status, ...workflow(stored, status) },
          });
        }
        await bodies.insertMany(rows.map((r) => r.body));
        const toActive = rows.filter((r) => !r.archived).map((r) => r.entry);
        const toArchive = rows.filter((r) => r.archived).map((r) => r.entry);
        await repository.insertEntries('active', toActive);
        await repository.insertEntries('archive', toArchive);
      }
      const activeCount = await active.countDocuments();
      const newest = (await active.find().sort({ receivedAt: -1, _id: -1 }).limit(1).toArray())[0]!._id;
      const page = (collection: typeof active, filter: object) => () =>
        collection.find(filter).sort({ receivedAt: -1, _id: -1 }).limit(50).toArray();
      const recent = new Date(now - 30 * 86_400_000).toISOString().slice(0, 10);
      const ack = new Date(now - 7 * 86_400_000);
      const feedback = new Date(now - 90 * 86_400_000);
      // [name, console query, the same rows asked of the engine (filter, sort)]
      const filters: [string, string, object, Record<string, 1 | -1>?][] = [
        ['first page', '', {}],
        ['status=in_review', 'status=in_review', { status: 'in_review' }],
        ['assignee=bench', 'assignee=bench', { assignee: 'bench' }],
        ['assignee=none', 'assignee=none', { $or: [{ assignee: null }, { assignee: { $exists: false } }] }],
        ['priority=urgent', 'priority=urgent', { priority: 'urgent' }],
        ['label=money', 'label=money', { labels: 'money' }],
        ['received last 30 days', `receivedFrom=${recent}`, { receivedAt: { $gte: new Date(recent) } }],
        [
          'overdue=true',
          'overdue=true',
          {
            $or: [
              { acknowledgedAt: null, receivedAt: { $lt: ack } },
              { feedbackAt: null, receivedAt: { $lt: feedback } },
            ],
          },
        ],
        ['unreadReplies=true', 'unreadReplies=true', { unreadReplies: true }],
        ['sort=priority', 'sort=priority', {}, { priority: -1, receivedAt: -1, _id: -1 }],
        ['sort=received_asc', 'sort=received_asc', {}, { receivedAt: 1, _id: -1 }],
      ];
      const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
        ...filters.map(
          ([name, query, filter, sort]) =>
            [
              `active, ${name}`,
              () => get(`/reports?limit=50&${query}`),
              () =>
                active
                  .find(filter)
                  .sort(sort ?? { receivedAt: -1, _id: -1 })
                  .limit(50)
                  .toArray(),
            ] as [string, () => Promise<unknown>, () => Promise<unknown>],
        ),
        ['active, first page after a change', () => get('/reports?limit=50'), page(active, {})],
        ['archive, first page', () => get('/reports?limit=50&view=archive'), page(archive, {})],
        [
          'archive, status=referred',
          () => get('/reports?limit=50&view=archive&status=referred'),
          page(archive, { status: 'referred' }),
        ],
        ['archive, first page after a change', () => get('/reports?limit=50&view=archive'), page(archive, {})],
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
      // The "after a change" cases: before each sample a reviewer changes a report (untimed), which replaces the
      // view's stamp, so the list reloads its copy from the engine: the worst case, as after another instance wrote.
      let version = (await get(`/reports/${newest}`)).version as number;
      const changeNewest = async () => {
        const done = await patch(`/reports/${newest}`, {
          version,
          priority: version % 2 ? 'high' : 'low',
        });
        version = done.version;
      };
      const archivedId = (await archive.find({}).limit(1).toArray())[0]!._id;
      let archivedVersion = (await get(`/reports/${archivedId}`).catch(() => ({ version: 0 }))).version as number;
      const changeArchived = async () => {
        const done = await patch(`/reports/${archivedId}`, {
          version: archivedVersion,
          priority: archivedVersion % 2 ? 'high' : 'low',
        });
        archivedVersion = done.version;
      };
      for (const [name, http, bare] of cases) {
        const before =
          name.startsWith('active') && name.endsWith('after a change')
            ? changeNewest
            : name.startsWith('archive') && name.endsWith('after a change')
              ? changeArchived
              : undefined;
        const h = await timed(http, before);
        const b = await timed(bare, undefined, BARE_SAMPLES);
        console.log(
          `${String(size).padStart(7)} | ${String(activeCount).padStart(6)} | ${name.padEnd(36)} | ${h.p50.toFixed(1).padStart(8)} | ${h.p95.toFixed(1).padStart(8)} | ${b.p50.toFixed(1).padStart(8)} | ${b.p95.toFixed(1).padStart(8)} | ${(h.p50 / b.p50).toFixed(2).padStart(5)}`,
        );
      }
    }
  } finally {
    server.close();
    await bare.close();
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
