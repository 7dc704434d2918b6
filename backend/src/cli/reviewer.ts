import path from 'node:path';

import type { AppError } from '../http/errors';
import type { ReviewerAccounts } from '../features/reviewers/service';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../features/reviewers/passwords';
import { Prompter, readSecretFile } from './prompt';

export class CommandRefused extends Error {}

const say = (line = '') => process.stdout.write(`${line}\n`);

export const REVIEWER_COMMANDS = [
  'add',
  'disable',
  'enable',
  'reset-password',
  'reset-second-factor',
  'end-sessions',
  'list',
] as const;
export type ReviewerCommand = (typeof REVIEWER_COMMANDS)[number];

async function newPassword(username: string, file: string | undefined): Promise<string> {
  if (file) {
    const value = readSecretFile(file);
    const problem = passwordProblem(value);
    if (problem) throw new CommandRefused(`${path.basename(file)}: ${problem}`);
    return value;
  }
  return new Prompter().newSecret(
    `Password for reviewer "${username}" (at least ${PASSWORD_MIN_LENGTH} characters)`,
    (v) => passwordProblem(v),
  );
}

const at = (date: Date | null) => (date ? date.toISOString().replace('T', ' ').slice(0, 16) : '–');

/**
 * `npm run admin -- reviewer <command>`: the same account actions as the
 * console's administrator area, recorded in the audit log with the command's
 * actor. Errors the accounts service raises (no such reviewer, a weak
 * password) are printed as refusals.
 */
export async function runReviewerCommand({
  accounts,
  command,
  username,
  options,
  actor,
}: {
  accounts: ReviewerAccounts;
  command: ReviewerCommand;
  username: string | undefined;
  options: { administrator: boolean; passwordFile: string | undefined };
  actor: string;
}): Promise<void> {
  if (command === 'list') {
    const rows = await accounts.list();
    say(['username', 'roles', 'state', 'second factor', 'sessions', 'last active'].join('\t'));
    for (const r of rows) {
      say(
        [
          r.username,
          r.roles.includes('administrator') ? 'administrator' : 'reviewer',
          r.disabledAt ? `disabled ${at(r.disabledAt)}` : 'active',
          r.secondFactor ? `enrolled ${at(r.secondFactor.enrolledAt)}` : 'not enrolled',
          String(r.activeSessions),
          at(r.lastActiveAt),
        ].join('\t'),
      );
    }
    return;
  }
  if (!username) throw new CommandRefused(`reviewer ${command} needs a username.`);
  try {
    switch (command) {
      case 'add': {
        const password = await newPassword(username, options.passwordFile);
        const added = await accounts.add({ username, password, administrator: options.administrator, actor });
        say(`Added ${added.username} (${added.roles.join(', ')}). They set up a second factor at their first login.`);
        return;
      }
      case 'disable': {
        const { username: name, endedSessions } = await accounts.disable({ username, actor });
        say(`Disabled ${name}; sessions ended: ${endedSessions}.`);
        return;
      }
      case 'enable':
        say(`Enabled ${(await accounts.enable({ username, actor })).username}.`);
        return;
      case 'reset-password': {
        const password = await newPassword(username, options.passwordFile);
        const { username: name, endedSessions } = await accounts.resetPassword({ username, password, actor });
        say(`New password set for ${name}; sessions ended: ${endedSessions}.`);
        return;
      }
      case 'reset-second-factor': {
        const { username: name, endedSessions } = await accounts.resetSecondFactor({ username, actor });
        say(
          `Second factor of ${name} removed (they enroll again at their next login); sessions ended: ${endedSessions}.`,
        );
        return;
      }
      case 'end-sessions': {
        const { username: name, endedSessions } = await accounts.endSessions({ username, actor });
        say(`Sessions of ${name} ended: ${endedSessions}.`);
        return;
      }
    }
  } catch (error) {
    const appError = error as Partial<AppError>;
    if (typeof appError.status === 'number' && appError.status < 500) throw new CommandRefused(appError.message);
    throw error;
  }
}
