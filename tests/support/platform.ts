import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { generate } from 'otplib';
import request from 'supertest';

import { createApp, createServices } from '../../backend/src/app';
import { generateAgencyKey, type GeneratedKey } from '../../backend/src/crypto';
import { writeAgencyPin } from '../../backend/src/features/agency-key/pin';
import { agencyKeyRepository } from '../../backend/src/features/agency-key/repository';
import { agencyKeyService } from '../../backend/src/features/agency-key/service';
import { auditRepository } from '../../backend/src/features/audit/repository';
import { auditService } from '../../backend/src/features/audit/service';
import { reviewerRepository } from '../../backend/src/features/reviewers/repository';
import { accountsService } from '../../backend/src/features/reviewers/service';
import { createLogger } from '../../backend/src/logger';
import { ManualScheduler, type Scheduler } from '../../backend/src/scheduler';
import { TestClock } from './clock';
import { openDatabase } from '../../backend/src/db/connect';
import { openTestDatabase, testEngineUri } from './database';
import { freshTotpCode } from './second-factor';

export const AGENCY_PASSPHRASE = 'test agency passphrase, long enough';
export const REVIEWER = { username: 'rev.one', password: 'reviewer password 123' };
export const SESSION = { idleMinutes: 30, maxHours: 8 };

export interface TestPlatform {
  app: Express;
  /** The app's services, for what no route triggers (the attachments sweep, say). */
  services: ReturnType<typeof createServices>;
  db: Connection;
  clock: TestClock;
  /**
   * The app's background tasks ('traffic', 'reports-sweep', 'challenges-sweep', 'attachments-sweep'), run
   * when the test says.
   */
  scheduler: ManualScheduler;
  /** Every line the app logged, as written. */
  logs: string[];
  dataDir: string;
  agency: GeneratedKey;
  /** REVIEWER's TOTP secret and recovery codes, enrolled through the API when the platform started. */
  secondFactor: { secret: string; recoveryCodes: string[] };
  /** Logs REVIEWER in (password, then a fresh TOTP code); the session token. */
  login(): Promise<string>;
  /** Waits for what the app writes after answering (inbox entries), before a test reads the database itself. */
  settled(): Promise<void>;
  /** Logs any enrolled reviewer in with their secret. */
  loginAs(credentials: { username: string; password: string }, secret: string): Promise<string>;
  /** Adds an administrator (as `admin init` would), enrolls their second factor, and logs them in. */
  addAdministrator(username?: string): Promise<{ username: string; password: string; secret: string; token: string }>;
  /** A TOTP code for this reviewer the server has not seen (the clock moves on if it must). */
  totpCode(username: string, secret: string): Promise<string>;
  /** How many documents each collection holds: "writes nothing" is checked against these. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** The real app on a fresh real database, with an agency key and a reviewer set up as `admin init` would. */
export async function startTestPlatform(
  label: string,
  {
    withAgencyKey = true,
    proofOfWorkBits = 0,
    database,
    scheduler: background,
    sweepIntervalMs,
    agency: givenAgency,
    uploadExpiryHours = 24,
    behindTls = false,
    agencyFingerprint,
    publicDir: builtPages,
    secondFactor: enrolled,
    bodiesInFlight,
  }: {
    withAgencyKey?: boolean;
    proofOfWorkBits?: number;
    /** A database of the test's own (on an engine it controls) instead of a fresh one on the shared engine. */
    database?: { db: Connection; uri?: string; drop(): Promise<void> };
    /** Real timers instead of a ManualScheduler, for a test of the periodic work itself. */
    scheduler?: Scheduler;
    sweepIntervalMs?: number;
    /** The agency key of an earlier platform on the same database (a restarted server keeps its key). */
    agency?: GeneratedKey;
    uploadExpiryHours?: number;
    behindTls?: boolean;
    agencyFingerprint?: string;
    publicDir?: string;
    /** The reviewer's second factor from an earlier platform on the same database (already enrolled there). */
    secondFactor?: { secret: string; recoveryCodes: string[] };
    /** Requests with a body read at once (http/admission.ts). */
    bodiesInFlight?: number;
  } = {},
): Promise<TestPlatform> {
  const { db, drop } = database ?? (await openTestDatabase(label));
  const engineUri = database ? database.uri : testEngineUri();
  // Counting decodes every stored document on the embedded engine (4 MiB segments too), which on a loaded
  // machine outlasts the product's three-second socket limit: the test's own reads get a connection of their own.
  let inspection: Promise<Connection> | undefined;
  const inspect = () =>
    engineUri
      ? (inspection ??= openDatabase({ uri: engineUri, dbName: db.name, models: [], socketTimeoutMS: 120_000 }))
      : Promise.resolve(db);
  const clock = new TestClock();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-platform-'));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const agency = givenAgency ?? (await generateAgencyKey({ agencyName: 'Test agency', passphrase: AGENCY_PASSPHRASE }));
  if (withAgencyKey) {
    await agencyKeyService({ repository: agencyKeyRepository(db), clock }).install(agency.armoredPublicKey);
    writeAgencyPin(dataDir, agency.fingerprint);
  }
  const audit = auditService({ repository: auditRepository(db), clock });
  const accounts = accountsService({ repository: reviewerRepository(db), clock, audit });
  await accounts.saveReviewer({
    ...REVIEWER,
    roles: ['reviewer'],
    actor: 'cli:test',
  });
  // Stand-ins for the built pages (unless a test brings its own), so page routes behave as in production.
  const publicDir = builtPages ?? path.join(dataDir, 'public');
  if (!builtPages) {
    mkdirSync(path.join(publicDir, 'console'), { recursive: true });
    writeFileSync(path.join(publicDir, 'index.html'), '<!doctype html><title>report</title>');
    writeFileSync(path.join(publicDir, 'console', 'index.html'), '<!doctype html><title>console</title>');
  }
  const scheduler = new ManualScheduler();
  const config = {
    dataDir,
    agencyFingerprint,
    publicDir,
    session: SESSION,
    proofOfWorkBits,
    behindTls,
    uploads: { expiryHours: uploadExpiryHours, sweepMinutes: 10 },
  };
  const services = createServices({ db, clock, config });
  const app = createApp(
    { db, clock, logger, scheduler: background ?? scheduler, sweepIntervalMs, bodiesInFlight, config },
    services,
  );

  const totpCode = (username: string, secret: string) =>
    freshTotpCode({ db, username, secret, now: () => clock.now(), advance: (ms) => clock.advance(ms) });
  const loginAs = async (credentials: { username: string; password: string }, secret: string) => {
    const { username, password } = credentials;
    const ticket = await request(app).post('/api/v1/session').send({ username, password }).expect(200);
    const code = await totpCode(username, secret);
    const response = await request(app)
      .post('/api/v1/session/second-factor')
      .send({ loginToken: ticket.body.loginToken, code })
      .expect(201);
    return (response.body as { token: string }).token;
  };
  const secondFactor = enrolled ?? (await enrollThroughApi(app, REVIEWER, clock.now()));
  // The hourly traffic line starts empty: the set-up logins above are not what a test counts.
  if (!background) {
    await scheduler.run('traffic');
    logs.length = 0;
  }

  return {
    app,
    services,
    db,
    clock,
    scheduler,
    logs,
    dataDir,
    agency,
    secondFactor,
    login: () => loginAs(REVIEWER, secondFactor.secret),
    async addAdministrator(username = 'chief') {
      const password = 'administrator password 1';
      await accounts.saveReviewer({ username, password, roles: ['reviewer', 'administrator'], actor: 'cli:test' });
      const { secret, token } = await enrollThroughApi(app, { username, password }, clock.now());
      return { username, password, secret, token };
    },
    settled: () => (app.locals.settled as () => Promise<void>)(),
    loginAs,
    totpCode,
    async counts() {
      // What the app writes after answering (inbox entries) is counted once written.
      await (app.locals.settled as () => Promise<void>)();
      const names = [
        'reports',
        'report_archive',
        'report_bodies',
        'agency_keys',
        'reviewers',
        'sessions',
        'spent_challenges',
        'attachment_uploads',
        'attachments',
        'attachment_segments',
        'report_attachments',
        // Return visits and threads (features/messages).
        'report_receipts',
        'report_threads',
        'report_messages',
        'login_attempts',
        'login_tickets',
        'recovery_codes',
        'audit_log',
        'audit_head',
        'reviewer_keys',
        'evidence_receipts',
      ];
      const reader = await inspect();
      const entries = await Promise.all(
        names.map(async (n) => [n, await reader.collection(n).countDocuments()] as const),
      );
      return Object.fromEntries(entries);
    },
    async close() {
      if (inspection) await (await inspection).close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A reviewer's first login, as the console does it: the password, then a code from the new secret. */
export async function enrollThroughApi(
  app: Express,
  credentials: { username: string; password: string },
  now: Date,
): Promise<{ secret: string; recoveryCodes: string[]; token: string }> {
  const ticket = await request(app).post('/api/v1/session').send(credentials).expect(200);
  const { loginToken, enrollment } = ticket.body as { loginToken: string; enrollment: { secret: string } };
  const code = await generate({ secret: enrollment.secret, epoch: Math.floor(now.getTime() / 1000) });
  const response = await request(app).post('/api/v1/session/enrollment').send({ loginToken, code });
  if (response.status !== 201)
    throw new Error(`enrollment failed: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as { recoveryCodes: string[]; token: string };
  return { secret: enrollment.secret, recoveryCodes: body.recoveryCodes, token: body.token };
}
