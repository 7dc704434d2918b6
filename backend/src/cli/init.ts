import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Connection } from 'mongoose';

import type { Clock } from '../clock';
import { formatFingerprint, generateAgencyKey } from '../crypto';
import { writeAgencyPin } from '../features/agency-key/pin';
import { loadPlatformKey } from '../features/evidence-receipts/signing-key';
import { agencyKeyRepository } from '../features/agency-key/repository';
import { agencyKeyService } from '../features/agency-key/service';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../features/reviewers/passwords';
import type { AuditRecorder } from '../features/audit/service';
import { reviewerRepository } from '../features/reviewers/repository';
import { accountsService, normalizeUsername, USERNAME } from '../features/reviewers/service';
import { Prompter, readSecretFile } from './prompt';

export interface InitOptions {
  agencyName: string;
  keyOut: string;
  passphraseFile: string | undefined;
  reviewer: string;
  passwordFile: string | undefined;
  force: boolean;
}

export class InitRefused extends Error {}

const say = (line = '') => process.stdout.write(`${line}\n`);

function secretFrom(file: string | undefined, what: string, label: string, prompter: Prompter): Promise<string> {
  const check = (value: string) => passwordProblem(value, what);
  if (!file) return prompter.newSecret(`${label} (at least ${PASSWORD_MIN_LENGTH} characters)`, check);
  const value = readSecretFile(file);
  const problem = check(value);
  if (problem) throw new InitRefused(`${path.basename(file)}: ${problem}`);
  return Promise.resolve(value);
}

/**
 * First-run setup: the agency key (private half to a 0600 file, public half
 * to the database, fingerprint pinned beside the data) and the first reviewer.
 * With --force it replaces the agency key: every session ends, the named
 * reviewer gets the new password, and disabled reviewers stay disabled.
 * The key file is written first, so a key in the database always has its
 * private half somewhere; and it is never overwritten, even with --force,
 * because an older agency key file is the only way to read older reports.
 */
export async function runInit({
  db,
  clock,
  dataDir,
  platformKeyFile,
  options,
  audit,
  actor,
}: {
  db: Connection;
  clock: Clock;
  dataDir: string;
  /** The platform signing key's file: made here if the server has not made it yet; never replaced. */
  platformKeyFile: string;
  options: InitOptions;
  audit: AuditRecorder;
  /** Who ran the command, as the audit log names them (actions.ts). */
  actor: string;
}): Promise<void> {
  const agencyKeys = agencyKeyService({ repository: agencyKeyRepository(db), clock });
  const existing = await agencyKeys.current();
  if (existing && !options.force) {
    throw new InitRefused(
      [
        `This platform is already set up: agency key ${formatFingerprint(existing._id)} exists`,
        `(created ${existing.createdAt.toISOString().slice(0, 10)}).`,
        'Running init again would make a new agency key: new reports would be encrypted to it, and only',
        'the old private key file could still read the reports received so far.',
        'If that is what you want, run init again with --force.',
      ].join('\n'),
    );
  }

  if (!USERNAME.test(normalizeUsername(options.reviewer))) {
    throw new InitRefused(
      `--reviewer ${options.reviewer}: a username has 2–64 letters, digits, dots, dashes or underscores.`,
    );
  }

  const prompter = new Prompter();
  const passphrase = await secretFrom(
    options.passphraseFile,
    'The passphrase',
    'Passphrase for the new agency private key',
    prompter,
  );
  const password = await secretFrom(
    options.passwordFile,
    'The password',
    `Password for reviewer "${options.reviewer}"`,
    prompter,
  );

  say('Generating the agency key…');
  const key = await generateAgencyKey({ agencyName: options.agencyName, passphrase });
  const keyFile = path.resolve(options.keyOut);
  try {
    writeFileSync(keyFile, key.armoredPrivateKey, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InitRefused(
        `${keyFile} already exists and may be an agency key still needed; choose another --key-out.`,
      );
    }
    throw error;
  }
  await agencyKeys.install(key.armoredPublicKey);
  const pinFile = writeAgencyPin(dataDir, key.fingerprint);
  await audit.record(
    existing
      ? { actor, action: 'agency-key.rotate', details: { fingerprint: key.fingerprint, previous: existing._id } }
      : { actor, action: 'agency-key.create', details: { fingerprint: key.fingerprint } },
  );

  // The platform signing key is not replaced by --force: receipts signed so far must stay checkable.
  const platformKey = await loadPlatformKey({ file: platformKeyFile, clock });
  if (platformKey.created) {
    await audit.record({ actor, action: 'platform-key.create', details: { fingerprint: platformKey.fingerprint } });
  }

  // A new agency key is how access is revoked (README): every session ends with the old key,
  // and no reviewer's state changes but the named reviewer's password.
  const reviewers = accountsService({ repository: reviewerRepository(db), clock, audit });
  const endedSessions = existing ? await reviewers.endAllSessions({ actor, reason: 'agency-key-rotated' }) : 0;
  const { username, disabled } = await reviewers.saveReviewer({
    username: options.reviewer,
    password,
    roles: ['reviewer', 'administrator'],
    actor,
  });

  say();
  say('The platform is set up.');
  say();
  say(`  Agency key fingerprint:  ${formatFingerprint(key.fingerprint)}`);
  say(`  Agency private key:      ${keyFile} (mode 0600, protected by the passphrase)`);
  say(`  Fingerprint pinned in:   ${pinFile}`);
  say(`  Platform signing key:    ${formatFingerprint(platformKey.fingerprint)}`);
  say(`                           (signs evidence receipts; private half in ${platformKeyFile}, mode 0600)`);
  say(`  Reviewer account:        ${username} (administrator${disabled ? ', DISABLED: it stays disabled' : ''})`);
  if (existing) say(`  Sessions ended:          ${endedSessions} (everyone logs in again)`);
  say();
  say('Next:');
  say("  1. Publish the fingerprint out of band (the agency's official site, posters) so reporters");
  say('     can check that their browser encrypts to the real agency key. Publish the platform');
  say('     signing key fingerprint beside it: a court checks evidence receipts against it.');
  say('  2. Keep the private key file and its passphrase safe and off this server: without them no');
  say("     report can ever be read. Move it to the reviewers' workstations over a trusted channel.");
  if (existing) {
    // A new agency key certified no reviewer key yet: until they are certified again, reports go to it alone.
    say(`  3. Log in to the reviewer console (/console/) as ${username} and, under Reviewers > Reviewer keys,`);
    say('     certify every reviewer key again with this new key file. Until then new reports are');
    say('     encrypted to the agency key alone; reports received before open with the old key file.');
  } else {
    say(`  3. Open the reviewer console (/console/) and log in as ${username}: set up the second factor,`);
    say('     make your own key, then under Reviewers > Reviewer keys certify it with this key file');
    say("     (and each reviewer's key once they have made theirs). Until then, reports open with the file.");
  }
}
