/**
 * The administrator's command line: `npm run admin -- <command> [options]`.
 * It uses the same configuration (DATA_DIR, MONGODB_URI, DB_NAME) as the
 * server, and the server's embedded engine when the server is running.
 */
import { parseArgs } from 'node:util';

import { systemClock } from '../clock';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { startEngine } from '../engine/engine';
import { featureModels } from '../features';
import { InitRefused, runInit } from './init';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  init    Create the agency key and the first reviewer account (first-run setup).

Options for init:
  --agency-name <name>       Name in the agency key (default "Whistle412 agency")
  --key-out <file>           Where to write the agency private key (default ./agency-private-key.asc)
  --passphrase-file <file>   Read the private key's passphrase from this file instead of asking
  --reviewer <username>      The first reviewer's username (default "admin")
  --password-file <file>     Read the reviewer's password from this file instead of asking
  --force                    Replace an existing agency key (the old key file is kept)

Environment: DATA_DIR, MONGODB_URI, DB_NAME, as for the server (see README.md).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'agency-name': { type: 'string', default: 'Whistle412 agency' },
        'key-out': { type: 'string', default: 'agency-private-key.asc' },
        'passphrase-file': { type: 'string' },
        reviewer: { type: 'string', default: 'admin' },
        'password-file': { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length !== 1 || positionals[0] !== 'init') {
    throw new UsageError(positionals.length === 0 ? 'No command given.' : `Unknown command: ${positionals.join(' ')}`);
  }

  const config = loadConfig();
  const engine = await startEngine({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    toolsDir: config.toolsDir,
  });
  const db = await openDatabase({ uri: engine.uri, dbName: config.dbName, models: featureModels });
  try {
    await runInit({
      db,
      clock: systemClock,
      dataDir: config.dataDir,
      options: {
        agencyName: values['agency-name'],
        keyOut: values['key-out'],
        passphraseFile: values['passphrase-file'],
        reviewer: values.reviewer,
        passwordFile: values['password-file'],
        force: values.force,
      },
    });
  } finally {
    await db.close();
    await engine.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const known = error instanceof InitRefused || error instanceof ConfigError;
  process.stderr.write(
    `${known ? (error as Error).message : `admin failed: ${(error as Error).message ?? String(error)}`}\n`,
  );
  process.exit(1);
});
