import { createHash, randomBytes } from 'node:crypto';

import type { Clock } from '../../clock';
import type { ProofOfWork } from '../../crypto';
import { AppError, unauthorized } from '../../http/errors';
import type { AuthSession } from '../../http/route';
import type { ProofOfWorkService } from '../proof-of-work/service';
import { CheckQueue } from './check-queue';
import { reviewerErrors } from './errors';
import { loginGuard } from './login-guard';
import type { ReviewerRecord, Role } from './model';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import type { ReviewerRepository } from './repository';

export type ReviewerService = ReturnType<typeof reviewerService>;
export type ReviewerAccounts = ReturnType<typeof reviewerAccounts>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Sessions are touched at most this often, so reading the inbox is not a write per request. */
const TOUCH_EVERY_MS = 60_000;
/** A refused login is answered after this pause (see refuseSlowly). */
const REFUSAL_DELAY_MS = 1000;
/** Refusals held at once; beyond this they are answered at once, so holding them stays bounded. */
const MAX_HELD_REFUSALS = 2000;

export const normalizeUsername = (username: string) => username.trim().toLowerCase();
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** What the admin command needs: accounts and sessions, without the login machinery. */
export function reviewerAccounts({ repository, clock }: { repository: ReviewerRepository; clock: Clock }) {
  return {
    /**
     * Creates a reviewer, or with an existing username sets a new password and
     * roles. A disabled reviewer stays disabled.
     */
    async saveReviewer({ username, password, roles }: { username: string; password: string; roles: Role[] }) {
      const name = normalizeUsername(username);
      if (!USERNAME.test(name)) throw reviewerErrors.invalidUsername();
      const problem = passwordProblem(password);
      if (problem) throw new AppError(400, 'weak_password', problem);
      await repository.saveReviewer({
        _id: name,
        passwordHash: await hashPassword(password),
        roles,
        createdAt: clock.now(),
      });
      const saved = await repository.findReviewer(name);
      return { username: name, disabled: Boolean(saved?.disabledAt) };
    },

    /** Ends every reviewer's session (when the agency key is replaced, say). */
    endAllSessions: () => repository.deleteAllSessions(),
  };
}

export function reviewerService({
  repository,
  clock,
  session,
  proofOfWork,
  checks = new CheckQueue(),
  verify = verifyPassword,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  session: { idleMinutes: number; maxHours: number };
  proofOfWork: ProofOfWorkService;
  /** This instance's line for password checks. */
  checks?: CheckQueue;
  /** The password check; tests wrap the real one to count the checks. */
  verify?: typeof verifyPassword;
}) {
  const guard = loginGuard({ repository, clock, proofOfWork });
  const idleMs = session.idleMinutes * 60_000;
  const expired = () => unauthorized('Your session has ended. Log in again.');

  /**
   * Admits the attempt to the password-check line and counts it against the
   * username before its password is checked. Returns the place in line.
   */
  async function admitAttempt(name: string, proof: ProofOfWork | undefined) {
    // With proof of work off, a proof counts for nothing: the attempt is a free one.
    const paid = guard.proofsEnabled && proof !== undefined;
    const admission = checks.admit(paid ? 'paid' : 'free');
    if (!admission) {
      // Nothing was spent or stored: a paid attempt keeps its proof for the retry.
      return refuseSlowly(paid || !guard.proofsEnabled ? reviewerErrors.busy() : reviewerErrors.proofRequired());
    }
    let claimed: boolean;
    try {
      if (paid) await guard.payWithProof(name, proof);
      claimed = paid || (await guard.claimFreeAttempt(name));
    } catch (error) {
      admission.leave();
      throw error;
    }
    if (claimed) return admission;
    admission.leave();
    return refuseSlowly(
      guard.proofsEnabled
        ? reviewerErrors.proofRequired()
        : reviewerErrors.tooManyAttempts(guard.secondsToNextWindow()),
    );
  }

  /**
   * Answers a refused attempt after a pause that costs the server nothing
   * but a held connection: a client looping on refusals then sends about one
   * attempt a second per connection, instead of as many as the server can
   * refuse (which starved other requests as surely as password checks).
   */
  let held = 0;
  async function refuseSlowly(error: AppError): Promise<never> {
    if (held < MAX_HELD_REFUSALS) {
      held += 1;
      try {
        await new Promise((resolve) => setTimeout(resolve, REFUSAL_DELAY_MS));
      } finally {
        held -= 1;
      }
    }
    throw error;
  }

  return {
    ...reviewerAccounts({ repository, clock }),

    /** A proof-of-work challenge at this username's current difficulty, or `required: false` when proofs are off. */
    async loginChallenge({ username }: { username: string }) {
      if (!guard.proofsEnabled) return { required: false as const };
      const { challenge, bits, expiresAt } = await guard.challengeFor(normalizeUsername(username));
      return { required: true as const, challenge, bits, expiresAt };
    },

    async login({
      username,
      password,
      proofOfWork,
    }: {
      username: string;
      password: string;
      proofOfWork?: ProofOfWork;
    }) {
      const name = normalizeUsername(username);
      const admission = await admitAttempt(name, proofOfWork);
      let valid: boolean;
      let reviewer: ReviewerRecord | null;
      try {
        reviewer = await repository.findReviewer(name);
        valid = await admission.run(() => verify(reviewer?.passwordHash ?? null, password));
      } finally {
        admission.leave();
      }
      await guard.sweepIfDue();
      if (!reviewer || !valid || reviewer.disabledAt) throw reviewerErrors.invalidCredentials();
      await guard.clear(name);
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + session.maxHours * 3_600_000);
      await repository.deleteEndedSessions(now, idleMs);
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
        reviewer: { username: reviewer._id, roles: reviewer.roles },
      };
    },

    async authenticate(token: string): Promise<AuthSession> {
      const tokenHash = sha256(token);
      const found = await repository.findSession(tokenHash);
      const now = clock.now();
      // A refused request writes nothing: an ended session is left for the sweep at the next login.
      if (!found || found.expiresAt <= now || found.lastSeenAt.getTime() + idleMs <= now.getTime()) throw expired();
      const reviewer = await repository.findReviewer(found.reviewerId);
      if (!reviewer || reviewer.disabledAt) throw expired();
      if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repository.touchSession(tokenHash, now);
      return { reviewerId: reviewer._id, username: reviewer._id, roles: reviewer.roles, token };
    },

    async logout(token: string): Promise<void> {
      await repository.deleteSession(sha256(token));
    },
  };
}
