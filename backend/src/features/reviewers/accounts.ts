import type { Clock } from '../../clock';
import { AppError } from '../../http/errors';
import type { AuditRecorder } from '../audit/service';
import { reviewerErrors } from './errors';
import type { Role } from './model';
import { hashPassword, passwordProblem } from './passwords';
import type { ReviewerRepository } from './repository';
import type { SessionKeeper } from './sessions';

export type ReviewerAccounts = ReturnType<typeof reviewerAccounts>;

export const normalizeUsername = (username: string) => username.trim().toLowerCase();
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** A username as given, checked; the account's `_id`. */
function checkedName(username: string): string {
  const name = normalizeUsername(username);
  if (!USERNAME.test(name)) throw reviewerErrors.invalidUsername();
  return name;
}

async function checkedHash(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError(400, 'weak_password', problem);
  return hashPassword(password);
}

/**
 * What an administrator does to accounts, from the console or the admin
 * command alike; every change is recorded in the audit log with `actor`.
 */
export function reviewerAccounts({
  repository,
  clock,
  audit,
  sessions,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  audit: AuditRecorder;
  sessions: SessionKeeper;
}) {
  async function existing(username: string) {
    const name = normalizeUsername(username);
    const reviewer = USERNAME.test(name) ? await repository.findReviewer(name) : null;
    if (!reviewer) throw reviewerErrors.notFound();
    return reviewer;
  }

  return {
    /**
     * `admin init`: creates the reviewer, or with an existing username sets a
     * new password and roles. A disabled reviewer stays disabled.
     */
    async saveReviewer({
      username,
      password,
      roles,
      actor,
    }: {
      username: string;
      password: string;
      roles: Role[];
      actor: string;
    }) {
      const name = checkedName(username);
      const passwordHash = await checkedHash(password);
      const outcome = await repository.saveReviewer({ _id: name, passwordHash, roles, createdAt: clock.now() });
      if (outcome === 'created') {
        await audit.record({ actor, action: 'reviewer.add', target: name, details: { roles: roles.join(',') } });
      } else {
        await audit.record({ actor, action: 'reviewer.reset-password', target: name });
      }
      const saved = await repository.findReviewer(name);
      return { username: name, disabled: Boolean(saved?.disabledAt) };
    },

    /** A new account; its owner sets up the second factor at the first login. */
    async add({
      username,
      password,
      administrator,
      actor,
    }: {
      username: string;
      password: string;
      administrator: boolean;
      actor: string;
    }) {
      const name = checkedName(username);
      const roles: Role[] = administrator ? ['reviewer', 'administrator'] : ['reviewer'];
      const passwordHash = await checkedHash(password);
      if (!(await repository.insertReviewer({ _id: name, passwordHash, roles, createdAt: clock.now() }))) {
        throw reviewerErrors.exists();
      }
      await audit.record({ actor, action: 'reviewer.add', target: name, details: { roles: roles.join(',') } });
      return { username: name, roles };
    },

    /** Disables the account and ends its sessions; disabling a disabled account changes nothing. */
    async disable({ username, actor }: { username: string; actor: string }) {
      const reviewer = await existing(username);
      if (reviewer.disabledAt) return { username: reviewer._id, endedSessions: 0 };
      await repository.setDisabled(reviewer._id, clock.now());
      await audit.record({ actor, action: 'reviewer.disable', target: reviewer._id });
      const endedSessions = await sessions.endFor(reviewer._id, actor, 'disabled');
      return { username: reviewer._id, endedSessions };
    },

    async enable({ username, actor }: { username: string; actor: string }) {
      const reviewer = await existing(username);
      if (!reviewer.disabledAt) return { username: reviewer._id };
      await repository.setDisabled(reviewer._id, null);
      await audit.record({ actor, action: 'reviewer.enable', target: reviewer._id });
      return { username: reviewer._id };
    },

    /** Sets a new password (the administrator passes it on) and ends the reviewer's sessions. */
    async resetPassword({ username, password, actor }: { username: string; password: string; actor: string }) {
      const reviewer = await existing(username);
      await repository.setPasswordHash(reviewer._id, await checkedHash(password));
      await audit.record({ actor, action: 'reviewer.reset-password', target: reviewer._id });
      const endedSessions = await sessions.endFor(reviewer._id, actor, 'password-reset');
      return { username: reviewer._id, endedSessions };
    },

    /** Removes the second factor and its recovery codes: the next login enrolls a new one. */
    async resetSecondFactor({ username, actor }: { username: string; actor: string }) {
      const reviewer = await existing(username);
      await repository.clearSecondFactor(reviewer._id);
      await repository.deleteRecoveryCodes(reviewer._id);
      await audit.record({ actor, action: 'second-factor.reset', target: reviewer._id });
      const endedSessions = await sessions.endFor(reviewer._id, actor, 'second-factor-reset');
      return { username: reviewer._id, endedSessions };
    },

    async endSessions({ username, actor }: { username: string; actor: string }) {
      const reviewer = await existing(username);
      const endedSessions = await sessions.endFor(reviewer._id, actor, 'ended-by-administrator');
      return { username: reviewer._id, endedSessions };
    },

    /** Ends every reviewer's session (a new agency key). */
    endAllSessions: ({ actor, reason }: { actor: string; reason: string }) => sessions.endAll(actor, reason),

    /** Every account with who is active now: sessions alive and the latest request among them. */
    async list() {
      const now = clock.now();
      const [reviewers, stored] = await Promise.all([repository.listReviewers(), repository.listSessions()]);
      const live = stored.filter((s) => sessions.alive(s, now));
      return reviewers.map((r) => {
        const own = live.filter((s) => s.reviewerId === r._id);
        const lastSeen = own.reduce<Date | null>(
          (latest, s) => (!latest || s.lastSeenAt > latest ? s.lastSeenAt : latest),
          null,
        );
        return {
          username: r._id,
          roles: r.roles,
          createdAt: r.createdAt,
          disabledAt: r.disabledAt ?? null,
          secondFactor: r.secondFactor ? { enrolledAt: r.secondFactor.enrolledAt } : null,
          lastLoginAt: r.lastLoginAt ?? null,
          activeSessions: own.length,
          lastActiveAt: lastSeen,
        };
      });
    },
  };
}
