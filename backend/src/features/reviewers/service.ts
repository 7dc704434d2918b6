import { createHash, randomBytes } from 'node:crypto';

import type { Clock } from '../../clock';
import { AppError, unauthorized } from '../../http/errors';
import type { AuthSession } from '../../http/route';
import type { Role } from './model';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import type { ReviewerRepository } from './repository';
import { LoginThrottle } from './throttle';

export type ReviewerService = ReturnType<typeof reviewerService>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Sessions are touched at most this often, so reading the inbox is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

export const normalizeUsername = (username: string) => username.trim().toLowerCase();
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function reviewerService({
  repository,
  clock,
  session,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  session: { idleMinutes: number; maxHours: number };
}) {
  const throttle = new LoginThrottle(() => clock.now().getTime());
  const idleMs = session.idleMinutes * 60_000;
  const expired = () => unauthorized('Your session has ended. Log in again.');

  return {
    /** Creates a reviewer, or with an existing username sets a new password and roles. */
    async saveReviewer({ username, password, roles }: { username: string; password: string; roles: Role[] }) {
      const name = normalizeUsername(username);
      if (!USERNAME.test(name)) {
        throw new AppError(
          400,
          'invalid_username',
          'A username has 2–64 letters, digits, dots, dashes or underscores.',
        );
      }
      const problem = passwordProblem(password);
      if (problem) throw new AppError(400, 'weak_password', problem);
      await repository.upsert({
        _id: randomBytes(12).toString('base64url'),
        username: name,
        passwordHash: await hashPassword(password),
        roles,
        createdAt: clock.now(),
        disabledAt: null,
      });
      return { username: name };
    },

    async login({ username, password }: { username: string; password: string }) {
      const name = normalizeUsername(username);
      const wait = throttle.waitFor(name);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new AppError(429, 'too_many_attempts', `Too many failed attempts. Try again in ${seconds} s.`, true, {
          'Retry-After': String(seconds),
        });
      }
      const reviewer = await repository.findByUsername(name);
      const valid = await verifyPassword(reviewer?.passwordHash ?? null, password);
      if (!reviewer || !valid || reviewer.disabledAt) {
        throttle.failed(name);
        throw new AppError(401, 'invalid_credentials', 'The username or password is wrong.');
      }
      throttle.succeeded(name);
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + session.maxHours * 3_600_000);
      await repository.deleteSessionsBefore(now);
      await repository.createSession({
        _id: sha256(token),
        reviewerId: reviewer._id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      });
      return {
        token,
        expiresAt,
        idleMinutes: session.idleMinutes,
        reviewer: { username: reviewer.username, roles: reviewer.roles },
      };
    },

    async authenticate(token: string): Promise<AuthSession> {
      const tokenHash = sha256(token);
      const found = await repository.findSession(tokenHash);
      const now = clock.now();
      if (!found) throw expired();
      if (found.expiresAt <= now || found.lastSeenAt.getTime() + idleMs <= now.getTime()) {
        await repository.deleteSession(tokenHash);
        throw expired();
      }
      const reviewer = await repository.findById(found.reviewerId);
      if (!reviewer || reviewer.disabledAt) {
        await repository.deleteSession(tokenHash);
        throw expired();
      }
      if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repository.touchSession(tokenHash, now);
      return { reviewerId: reviewer._id, username: reviewer.username, roles: reviewer.roles, token };
    },

    async logout(token: string): Promise<void> {
      await repository.deleteSession(sha256(token));
    },
  };
}
