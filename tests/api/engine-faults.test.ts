import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import request from 'supertest';

import { openDatabase } from '../../backend/src/db/connect';
import { startEngine, type Engine } from '../../backend/src/engine/engine';
import { projectRoot } from '../../backend/src/project';
import { featureModels } from '../../backend/src/features';
import { inspectEncryptedMessage, type SealedReport } from '../../backend/src/crypto';
import { reportRepository } from '../../backend/src/features/reports/repository';
import { reportIdOf } from '../../backend/src/features/reports/service';
import { timerScheduler } from '../../backend/src/scheduler';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Issue 6 §6: faults get clear answers, lose nothing and leave nothing
 * behind. The engine runs as its own process, started by the product's
 * launcher on a folder of this test's own, so the test can freeze it
 * (SIGSTOP), thaw it, kill it (SIGKILL) and start it again on the same files
 * while reports are being submitted.
 */
const DB_NAME = 'faults';
let dataDir: string;
let engine: Engine;

const launch = () =>
  startEngine({ mongodbUri: process.env.MONGODB_URI, dataDir, toolsDir: path.join(projectRoot(), 'tools', 'bin') });
const enginePid = () => (JSON.parse(readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { pid: number }).pid;

/** Every platform this file opened, closed after its tests even when one failed half way. */
const opened: TestPlatform[] = [];
async function platformOnEngine(
  label: string,
  options: Parameters<typeof startTestPlatform>[1] = {},
  dbName = `${DB_NAME}-${label}`,
) {
  const db = await openDatabase({ uri: engine.uri, dbName, models: featureModels });
  const platform = await startTestPlatform(label, {
    ...options,
    database: { db, uri: engine.uri, drop: () => db.close() },
  });
  opened.push(platform);
  return platform;
}

const idOf = async (submission: SealedReport) =>
  reportIdOf((await inspectEncryptedMessage({ armoredMessage: submission.armoredReport })).canonicalArmoredMessage);

/** Every way the stored reports could disagree: bodies not listed, entries without a body, entries listed twice. */
async function inconsistencies(platform: TestPlatform) {
  const ids = async (name: string) =>
    new Set(
      (
        await platform.db
          .collection(name)
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((d) => d._id),
    );
  const [active, archive, bodies] = await Promise.all([ids('reports'), ids('report_archive'), ids('report_bodies')]);
  return {
    bodiesNotListed: [...bodies].filter((id) => !active.has(id) && !archive.has(id)).length,
    entriesWithoutBody: [...active, ...archive].filter((id) => !bodies.has(id)).length,
    listedTwice: [...active].filter((id) => archive.has(id)).length,
  };
}

/** Polls `check` for up to ten seconds; the test then asserts the state itself. */
/** True once `check` holds; false after 30 s of wall time (a check may itself wait seconds on a stuck engine). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

beforeAll(async () => {
  if (process.env.MONGODB_URI) return;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-faults-'));
  engine = await launch();
});
afterAll(async () => {
  // A connection left open to a stopped engine would keep retrying, and jest (in band here) would never exit.
  for (const platform of opened.splice(0)) await platform.close().catch(() => {});
  await engine?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// An outside MongoDB cannot be frozen by this test; say so instead of passing silently.
const onOwnEngine = process.env.MONGODB_URI ? it.skip : it;
if (process.env.MONGODB_URI)
  console.warn('engine-faults: skipped, MONGODB_URI points at an engine this test cannot freeze');

describe('the engine frozen, thawed, killed and restarted under a submission loop', () => {
  onOwnEngine(
    'answers 503 database_unavailable with Retry-After meanwhile; no acknowledged report is lost; the sweep leaves none half-written',
    async () => {
      let phase = 'start';
      let platform = await platformOnEngine('faults');
      const sealed = await Promise.all(Array.from({ length: 60 }, () => sealForPlatform(platform)));
      const submissions = sealed.map((s) => s.submission);
      const acknowledged = new Set<string>();
      const answers: Record<string, number> = {};
      let retryAfterMissing = 0;
      let next = 0;
      let running = true;

      let slowest503 = 0;
      let inFlight = 0;
      // A CI run once spent the whole test timeout somewhere in here (never seen outside CI): say where.
      const watchdog = setTimeout(
        () =>
          console.log(
            `engine faults: still in phase ${phase} after 200 s; ${next} sent, ${inFlight} unanswered, ` +
              `${acknowledged.size} acknowledged, answers ${JSON.stringify(answers)}`,
          ),
        200_000,
      ).unref();
      const send = async (app: TestPlatform['app'], submission: SealedReport) => {
        const started = Date.now();
        inFlight += 1;
        const response = await request(app)
          .post('/api/v1/reports')
          .send(submission)
          .then(
            (r) => ((inFlight -= 1), r),
            (error: unknown) => {
              inFlight -= 1;
              throw error;
            },
          );
        if (response.status === 503) slowest503 = Math.max(slowest503, Date.now() - started);
        const key = `${response.status} ${response.body.error?.code ?? 'ok'}`;
        answers[key] = (answers[key] ?? 0) + 1;
        if (response.status === 201 || response.status === 200) acknowledged.add(await idOf(submission));
        if (response.status === 503 && !response.headers['retry-after']) retryAfterMissing += 1;
        return response.status;
      };
      // The first HEALTHY reports go in while the engine is well; the rest wait for the freeze, so reports are
      // being sent while it is frozen however fast the machine is (on an idle one, all 60 once went in before it).
      const HEALTHY = 10;
      let frozen = false;
      const ready = async () => (await request(platform.app).get('/api/v1/ready')).status;
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const loop = async () => {
        while (running && next < submissions.length) {
          if (next >= HEALTHY && !frozen) await pause(20);
          else await send(platform.app, submissions[next++]!);
        }
      };

      const workers = Array.from({ length: 3 }, loop);
      phase = 'healthy';
      expect(await eventually(async () => acknowledged.size >= HEALTHY)).toBe(true);
      expect(await ready()).toBe(200);
      phase = 'freeze';
      process.kill(enginePid(), 'SIGSTOP');
      frozen = true;
      await pause(4_000);
      expect(await ready()).toBe(503);
      phase = 'thaw';
      process.kill(enginePid(), 'SIGCONT');
      expect(await eventually(async () => (await ready()) === 200)).toBe(true);
      phase = 'kill';
      process.kill(enginePid(), 'SIGKILL');
      await pause(1_500);
      expect(await ready()).toBe(503);
      running = false;
      phase = 'workers';
      await Promise.all(workers);

      const faulted = platform;
      // The server restarts on the same data folder (the engine's files survived the kill).
      await platform.db.close().catch(() => {});
      phase = 'relaunch';
      engine = await launch();
      phase = 'reopen';
      platform = await platformOnEngine(
        'faults-restarted',
        { agency: platform.agency, secondFactor: platform.secondFactor },
        `${DB_NAME}-faults`,
      );
      phase = 'sweep';
      await platform.scheduler.run('reports-sweep');
      phase = 'check';

      const stored = new Set(
        (
          await platform.db
            .collection('reports')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id),
      );
      const lost = [...acknowledged].filter((id) => !stored.has(id as never));
      console.log(
        `engine faults: ${next} sent, ${acknowledged.size} acknowledged, ${stored.size} stored and listed, ` +
          `${lost.length} acknowledged and lost; answers ${JSON.stringify(answers)}; slowest 503 took ${slowest503} ms`,
      );
      if (Object.keys(answers).some((k) => !/^(201|200) ok$|^503 database_unavailable$/.test(k))) {
        // What the server counted as a fault says which error escaped the 503 mapping (the hourly line).
        await faulted.scheduler.run('traffic');
        console.log(`engine faults, the first server's hourly line: ${faulted.logs.join('\n')}`);
      }
      expect(answers['503 database_unavailable']).toBeGreaterThan(0);
      expect(retryAfterMissing).toBe(0);
      expect(Object.keys(answers).every((k) => /^(201|200) ok$|^503 database_unavailable$/.test(k))).toBe(true);
      expect(lost).toEqual([]);
      expect(await inconsistencies(platform)).toEqual({ bodiesNotListed: 0, entriesWithoutBody: 0, listedTwice: 0 });

      // The reporters whose answer never came send the same sealed report again: each ends as a success.
      const sent = submissions.slice(0, next);
      const sentIds = await Promise.all(sent.map(idOf));
      const unanswered = sent.filter((_, i) => !acknowledged.has(sentIds[i]!));
      phase = 'retry';
      // As the page does (submitReport.ts), a 503 is sent again after a pause: all of them at once also meet the
      // instance's bound on bodies being checked (http/admission.ts: 503 server_busy).
      const resend = async (submission: SealedReport) => {
        for (let attempt = 1; ; attempt++) {
          const status = await send(platform.app, submission);
          if (status !== 503 || attempt === 20) return status;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const retried = await Promise.all(unanswered.map(resend));
      expect(retried.filter((status) => status !== 201 && status !== 200)).toEqual([]);
      expect((await platform.counts()).reports).toBeGreaterThanOrEqual(acknowledged.size);
      clearTimeout(watchdog);
      await platform.close();
    },
    240_000,
  );
});

describe('writes larger than the socket buffers, sent to a frozen engine', () => {
  // The driver waits for a large command's write to drain before it reads the answer. The socket timeout closed the
  // socket meanwhile and the write went on waiting for a drain that never came: requests that never answered (seen
  // as submissions stuck for good after a freeze). Fails without patches/ (the driver's fix, patches/README.md).
  onOwnEngine(
    'end in 503 database_unavailable instead of waiting forever, and the same reports go in later',
    async () => {
      const platform = await platformOnEngine('large-writes');
      // A first report warms what the submission path reads, so a frozen engine meets the big inserts themselves.
      await request(platform.app)
        .post('/api/v1/reports')
        .send((await sealForPlatform(platform)).submission)
        .expect(201);
      const large = await Promise.all(
        Array.from({ length: 3 }, async () => {
          const whatHappened = randomBytes(140_000).toString('base64');
          return (await sealForPlatform(platform, { whatHappened, agency: 'police' })).submission;
        }),
      );
      expect(large.reduce((sum, s) => sum + s.armoredReport.length, 0)).toBeGreaterThan(3 * 250_000);
      process.kill(enginePid(), 'SIGSTOP');
      let answers;
      try {
        // supertest's own timeout turns a hang into a failure that says so, well inside the test's.
        answers = await Promise.all(
          large.map((s) => request(platform.app).post('/api/v1/reports').send(s).timeout(40_000)),
        );
      } finally {
        process.kill(enginePid(), 'SIGCONT');
      }
      expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual(
        large.map(() => [503, 'database_unavailable']),
      );
      expect(await eventually(async () => (await request(platform.app).get('/api/v1/ready')).status === 200)).toBe(
        true,
      );
      // A write the engine read only after the thaw may have been stored: the resend then ends as 200.
      const again = await Promise.all(large.map((s) => request(platform.app).post('/api/v1/reports').send(s)));
      expect(again.map((a) => a.status).filter((status) => status !== 201 && status !== 200)).toEqual([]);
      await platform.settled();
      expect((await platform.counts()).reports).toBe(4);
    },
    90_000,
  );
});

describe('the periodic sweep', () => {
  onOwnEngine('lists a report whose entry a crash kept out, and finishes a move to the archive', async () => {
    const scheduler = timerScheduler({ onError: () => {} });
    const platform = await platformOnEngine('sweep', { scheduler, sweepIntervalMs: 200 });
    try {
      const repository = reportRepository(platform.db);
      // A crash between the two writes: the body is stored, the entry never was.
      const { submission } = await sealForPlatform(platform);
      const id = await idOf(submission);
      await repository.storeBody({
        _id: id,
        receivedAt: new Date('2026-11-25T10:00:00.000Z'),
        envelopeVersion: 1,
        receiptLookupHash: 'f'.repeat(64),
        armoredReport: submission.armoredReport,
        reporterKey: null,
      });
      // A crash in the middle of a move: the archive has it and so does the active set.
      const second = await sealForPlatform(platform);
      await request(platform.app).post('/api/v1/reports').send(second.submission).expect(201);
      const secondId = await idOf(second.submission);
      await repository.insertEntries('archive', [
        { _id: secondId, receivedAt: new Date('2026-11-25T10:00:00.000Z'), status: 'closed_unfounded' },
      ]);
      // (Not asserted here: the timer may already have run.)

      // No call here runs the sweep: the timer does, every 200 ms.
      await eventually(async () => {
        const now = await inconsistencies(platform);
        return now.bodiesNotListed + now.listedTwice === 0;
      });
      expect(await inconsistencies(platform)).toEqual({ bodiesNotListed: 0, entriesWithoutBody: 0, listedTwice: 0 });
      expect(await repository.findEntry(id)).toEqual({
        _id: id,
        receivedAt: new Date('2026-11-25T10:00:00.000Z'),
        status: 'new',
      });
      expect((await repository.findEntry(secondId))?.status).toBe('closed_unfounded');
    } finally {
      scheduler.stop();
      await platform.close();
    }
  });
});
