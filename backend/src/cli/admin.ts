/**
 * The administrator's command line: `npm run admin -- <command> [options]`.
 * It uses the same configuration (DATA_DIR, MONGODB_URI, DB_NAME) as the
 * server, and the server's embedded engine when the server is running.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';

import type { Connection } from 'mongoose';

import { systemClock } from '../clock';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { startEngine } from '../engine/engine';
import { featureModels } from '../features';
import { cliActor } from '../features/audit/actions';
import { auditRepository } from '../features/audit/repository';
import { auditService } from '../features/audit/service';
import { reviewerRepository } from '../features/reviewers/repository';
import { accountsService } from '../features/reviewers/service';
import { runAuditVerify } from './audit';
import { InitRefused, runInit } from './init';
import { CommandRefused, REVIEWER_COMMANDS, runReviewerCommand, type ReviewerCommand } from './reviewer';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  init                                  Create the agency key and the first administrator (first-run setup).
  reviewer add <username>               Add a reviewer (--administrator to make an administrator).
  reviewer disable <username>           Disable an account; its sessions end.
  reviewer enable <username>            Enable a disabled account again.
  reviewer reset-password <username>    Set a new password; the reviewer's sessions end.
  reviewer reset-second-factor <username>
                                        Remove the reviewer's TOTP and recovery codes; they enroll again at
                                        their next login; their sessions end.
  reviewer end-sessions <username>      End the reviewer's sessions.
  reviewer list                         Every account: role, state, second factor, live sessions, last activity.
  audit verify                          Check the audit log's hash chain; name the first broken entry.

Options for init:
  --agency-name <name>       Name in the agency key (default "Whistle412 agency")
  --key-out <file>           Where to write the agency private key (default ./agency-private-key.asc)
  --passphrase-file <file>   Read the private key's passphrase from this file instead of asking
  --reviewer <username>      The first administrator's username (default "admin")
  --password-file <file>     Read the password from this file instead of asking (also for reviewer
                             add and reset-password)
  --force                    Replace an existing agency key (the old key file is kept); ends every session

Options for reviewer add:
  --administrator            The new account may administer the platform

Options for audit verify:
  --anchor <seq>:<hash>      Also check that this head, printed by an earlier verify, is still in the chain

Every command is recorded in the audit log as cli:<your system user>.
Environment: DATA_DIR, MONGODB_URI, DB_NAME, as for the server (see README.md).`;

class UsageError extends Error {}

function osUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'agency-name': { type: 'string', default: 'Whistle412 agency' },
        'key-out': { type: 'string', default: 'agency-private-key.asc' },
        'passphrase-file': { type: 'string' },
        reviewer: { type: 'string', default: 'admin' },
        'password-file': { type: 'string' },
        force: { type: 'boolean', default: false },
        administrator: { type: 'boolean', default: false },
        anchor: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

type Run = (db: Connection) => Promise<number | void>;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, sub, username, ...extra] = positionals;
  const actor = cliActor(osUser());
  const clock = systemClock;
  const auditOf = (db: Connection) => auditService({ repository: auditRepository(db), clock });

  let run: Run;
  if (command === 'init' && positionals.length === 1) {
    const config = loadConfig();
    run = (db) =>
      runInit({
        db,
        clock,
        dataDir: config.dataDir,
        platformKeyFile: config.platformKeyFile,
        audit: auditOf(db),
        actor,
        options: {
          agencyName: values['agency-name'],
          keyOut: values['key-out'],
          passphraseFile: values['passphrase-file'],
          reviewer: values.reviewer,
          passwordFile: values['password-file'],
          force: values.force,
        },
      });
  } else if (command === 'reviewer' && (REVIEWER_COMMANDS as readonly string[]).includes(sub ?? '')) {
    const takesName = sub !== 'list';
    if (extra.length > 0 || (takesName ? !username : username)) {
      throw new UsageError(takesName ? `reviewer ${sub} takes one username.` : 'reviewer list takes no username.');
    }
    run = async (db) => {
      const audit = auditOf(db);
      const { session } = loadConfig();
      const accounts = accountsService({ repository: reviewerRepository(db), clock, audit, session });
      await runReviewerCommand({
        accounts,
        command: sub as ReviewerCommand,
        username,
        options: { administrator: values.administrator, passwordFile: values['password-file'] },
        actor,
      });
    };
  } else if (command === 'audit' && sub === 'verify' && positionals.length === 2) {
    run = (db) => runAuditVerify({ audit: auditOf(db), anchor: values.anchor });
  } else {
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
    return (await run(db)) ?? 0;
  } finally {
    await db.close();
    await engine.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    const known = error instanceof InitRefused || error instanceof ConfigError || error instanceof CommandRefused;
    process.stderr.write(
      `${known ? (error as Error).message : `admin failed: ${(error as Error).message ?? String(error)}`}\n`,
    );
    process.exit(1);
  },
);
