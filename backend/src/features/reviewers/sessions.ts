import { createHash, randomBytes } from 'node:crypto';

import type { Clock } from '../../clock';
import { unauthorized } from '../../http/errors';
import type { AuthSession } from '../../http/route';
import { SYSTEM_ACTOR } from '../audit/actions';
import type { AuditRecorder } from '../audit/service';
import type { ReviewerRecord } from './model';
import type { ReviewerRepository } from './repository';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Names a session in the audit log without giving anything that could be used as its token. */
export const sessionRef = (tokenHash: string) => tokenHash.slice(0, 12);
/** Sessions are touched at most this often, so reading the inbox is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export type SessionKeeper = ReturnType<typeof sessionKeeper>;

/**
 * Reviewer sessions: a random token the browser keeps in the tab's memory,
 * stored as its SHA-256. A session ends after `idleMinutes` without a
 * request, after `maxHours` in any case, when its reviewer is disabled, and
 * when an administrator (or a new agency key) ends it.
 */
export function sessionKeeper({
  repository,
  clock,
  audit,
  settings,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  audit: AuditRecorder;
  settings: SessionSettings;
}) {
  const idleMs = settings.idleMinutes * 60_000;
  const expired = () => unauthorized('Your session has ended. Log in again.');
  const alive = (s: { expiresAt: Date; lastSeenAt: Date }, now: Date) =>
    s.expiresAt > now && s.lastSeenAt.getTime() + idleMs > now.getTime();

  /** Removes sessions that ended on their own since the last sweep, and records each. */
  async function sweep(now: Date): Promise<void> {
    for (const ended of await repository.endedSessions(now, idleMs)) {
      if (!(await repository.deleteSession(ended._id))) continue;
      await audit.record({
        actor: SYSTEM_ACTOR,
        action: 'session.expire',
        target: ended.reviewerId,
        details: { reason: ended.expiresAt <= now ? 'max-age' : 'idle', session: sessionRef(ended._id) },
      });
    }
  }

  return {
    idleMs,
    alive,

    /** A new session for a reviewer who has passed every login step. */
    async open(reviewer: ReviewerRecord) {
      const now = clock.now();
      await sweep(now);
      const token = randomBytes(32).toString('base64url');
      const tokenHash = sha256(token);
      const expiresAt = new Date(now.getTime() + settings.maxHours * 3_600_000);
      await repository.createSession({
        _id: tokenHash,
        reviewerId: reviewer._id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      });
      await repository.setLastLogin(reviewer._id, now);
      return {
        ref: sessionRef(tokenHash),
        session: {
          token,
          expiresAt,
          idleMinutes: settings.idleMinutes,
          reviewer: { username: reviewer._id, roles: reviewer.roles },
        },
      };
    },

    async authenticate(token: string): Promise<AuthSession> {
      const tokenHash = sha256(token);
      const found = await repository.findSession(tokenHash);
      const now = clock.now();
      // A refused request writes nothing: an ended session is left for the sweep at the next login.
      if (!found || !alive(found, now)) throw expired();
      const reviewer = await repository.findReviewer(found.reviewerId);
      if (!reviewer || reviewer.disabledAt) throw expired();
      if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repository.touchSession(tokenHash, now);
      return { reviewerId: reviewer._id, username: reviewer._id, roles: reviewer.roles, token };
    },

    async logout(session: AuthSession): Promise<void> {
      const tokenHash = sha256(session.token);
      if (!(await repository.deleteSession(tokenHash))) return;
      await audit.record({
        actor: session.username,
        action: 'session.logout',
        target: session.username,
        details: { session: sessionRef(tokenHash) },
      });
    },

    /** Ends a reviewer's sessions (and any login in progress) and records it. */
    async endFor(reviewerId: string, actor: string, reason: string): Promise<number> {
      await repository.deleteTicketsOf(reviewerId);
      const sessions = await repository.deleteSessionsOf(reviewerId);
      await audit.record({ actor, action: 'session.end', target: reviewerId, details: { reason, sessions } });
      return sessions;
    },

    /** Ends every reviewer's sessions (a new agency key) and records it. */
    async endAll(actor: string, reason: string): Promise<number> {
      await repository.deleteAllTickets();
      const sessions = await repository.deleteAllSessions();
      await audit.record({ actor, action: 'session.end', target: '*', details: { reason, sessions } });
      return sessions;
    },
  };
}
