/**
 * One of the two servers the ingest benchmark compares, as its own process:
 *   real   the product's app (createApp), proof of work off, logging as in production
 *   floor  a bare Express handler: parse JSON, one insert of the document the product stores, answer 201
 * Both use the same engine (ENGINE_URI) and database (DB_NAME). Prints "listening <port>".
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

import express from 'express';

import { createApp } from '../../backend/src/app';
import { systemClock, toHour } from '../../backend/src/clock';
import { openDatabase } from '../../backend/src/db/connect';
import { featureModels } from '../../backend/src/features';
import { createLogger } from '../../backend/src/logger';
import { FLOOR_COLLECTION } from './shared';

async function main() {
  const [kind] = process.argv.slice(2);
  const db = await openDatabase({ uri: process.env.ENGINE_URI!, dbName: process.env.DB_NAME!, models: featureModels });
  let app: express.Express;
  if (kind === 'real') {
    const dataDir = process.env.PIN_DIR!;
    app = createApp({
      db,
      clock: systemClock,
      logger: createLogger({ level: 'info' }),
      config: {
        dataDir,
        agencyFingerprint: undefined,
        publicDir: mkdtempSync(path.join(os.tmpdir(), 'w412-ingest-pages-')),
        session: { idleMinutes: 30, maxHours: 8 },
        proofOfWorkBits: 0,
        behindTls: false,
        uploads: { expiryHours: 24, sweepMinutes: 10 },
      },
    });
  } else {
    const floor = db.collection(FLOOR_COLLECTION);
    app = express();
    app.use(express.json({ limit: '400kb' }));
    app.post('/api/v1/reports', async (req, res) => {
      const body = req.body as {
        envelopeVersion: number;
        armoredReport: string;
        receiptLookup: string;
        reporterKey: unknown;
      };
      await floor.insertOne({
        _id: randomBytes(16).toString('base64url') as never,
        receivedAt: toHour(new Date()),
        envelopeVersion: body.envelopeVersion,
        receiptLookupHash: createHash('sha256').update(body.receiptLookup).digest('hex'),
        armoredReport: body.armoredReport,
        reporterKey: body.reporterKey ?? null,
      });
      res.status(201).json({ received: true });
    });
  }
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  // The same V8 CPU profiler as `node --cpu-prof`, started after the warm-up (SIGUSR2) so start-up and module
  // loading stay out of it, and written on SIGTERM.
  const profiler = new Session();
  profiler.connect();
  process.on('SIGUSR2', () => {
    profiler.post('Profiler.enable', () => profiler.post('Profiler.start'));
  });
  process.once('SIGTERM', () => {
    server.close();
    profiler.post('Profiler.stop', (error, result) => {
      if (!error && process.env.PROFILE_FILE) writeFileSync(process.env.PROFILE_FILE, JSON.stringify(result.profile));
      void db.close().finally(() => process.exit(0));
    });
  });
}

void main();
