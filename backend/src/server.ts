import type { Server } from 'node:http';

import type { Express } from 'express';
import type { Connection } from 'mongoose';

import { createApp } from './app';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connect';
import { startEngine, type Engine } from './engine/engine';
import { featureModels } from './features';
import { listen } from './http/listen';
import { errorDetail } from './http/traffic';
import { createLogger } from './logger';
import { timerScheduler } from './scheduler';
import { formatFingerprint } from './crypto';
import { agencyPin } from './features/agency-key/pin';
import { agencyKeyRepository } from './features/agency-key/repository';
import { SYSTEM_ACTOR } from './features/audit/actions';
import { auditRepository } from './features/audit/repository';
import { auditService } from './features/audit/service';
import { loadPlatformKey } from './features/evidence-receipts/signing-key';

/**
 * Starts the product: configuration, the database (the embedded engine unless
 * MONGODB_URI is set), the app, then `listen`. Ctrl-C or SIGTERM stops the
 * server, closes the database and stops the engine this process started.
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const engine: Engine = await startEngine({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    toolsDir: config.toolsDir,
    log: say,
  });
  let db: Connection | undefined;
  let server: Server;
  let app: Express;
  let platformKey: { fingerprint: string; created: boolean };
  const scheduler = timerScheduler({
    onError: (task, error) => logger.error({ task, error: errorDetail(error) }, 'background task failed'),
  });
  try {
    db = await openDatabase({ uri: engine.uri, dbName: config.dbName, models: featureModels });
    // The platform signing key exists before the first request (made now if `admin init` has not run).
    platformKey = await loadPlatformKey({ file: config.platformKeyFile, clock: systemClock });
    if (platformKey.created) {
      await auditService({ repository: auditRepository(db), clock: systemClock }).record({
        actor: SYSTEM_ACTOR,
        action: 'platform-key.create',
        details: { fingerprint: platformKey.fingerprint },
      });
    }
    // The app schedules its periodic work (the hourly traffic line and audit head, the reports, challenges and
    // attachments sweeps) on this one scheduler, which the stop below ends.
    app = createApp({ db, clock: systemClock, config, logger, scheduler });
    server = await listen(app, config);
  } catch (error) {
    // Leave nothing running behind a failed start.
    scheduler.stop();
    await db?.close().catch(() => {});
    await engine.stop();
    throw error;
  }
  const database = db;

  let stopping = false;
  const stop = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    say(`Stopping (${reason})…`);
    // The counts of the hour under way are dropped, not logged: a line written now would date them finer.
    scheduler.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // Inbox entries of reports already acknowledged are written before the database closes.
    await Promise.race([(app.locals.settled as () => Promise<void>)(), new Promise((r) => setTimeout(r, 5_000))]);
    await database.close().catch(() => {});
    await engine.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('interrupted', 0));
  process.once('SIGTERM', () => void stop('terminated', 0));
  engine.onUnexpectedExit((detail) => {
    logger.fatal({ detail }, 'the database engine stopped');
    void stop('the database engine stopped', 1);
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`;
  const agencyKey = await agencyKeyRepository(database).current();
  say('');
  say(`Whistle412 is running at ${base}/`);
  say(`  Reporter page:     ${base}/`);
  say(`  Reviewer console:  ${base}/console/`);
  say(`  Database:          ${engine.description}`);
  say(`  Platform key:      ${formatFingerprint(platformKey.fingerprint)} (signs evidence receipts)`);
  const pinned = agencyPin({ dataDir: config.dataDir, override: config.agencyFingerprint }).read();
  if (agencyKey) {
    say(`  Agency key:        ${formatFingerprint(agencyKey._id)}`);
    if (pinned !== agencyKey._id) {
      say('');
      say(`WARNING: the pinned agency fingerprint (${pinned ? formatFingerprint(pinned) : 'none'}) is not the`);
      say("agency key in the database. Reporters' browsers will refuse to send until they match.");
      say(config.agencyFingerprint ? 'Check AGENCY_FINGERPRINT.' : `Check ${config.dataDir}/agency-fingerprint.`);
    }
  } else {
    say('');
    say('First run: the platform has no agency key yet. In another terminal, run');
    say('  npm run admin -- init');
    say('It creates the agency key and the first reviewer account, and prints the');
    say('fingerprint to publish. Reporters can send reports once it has run.');
  }
  say('');
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
