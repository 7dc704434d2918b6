import { randomBytes } from 'node:crypto';

import type { Clock } from '../../clock';
import type { ProofOfWork } from '../../crypto';
import type { AppError } from '../../http/errors';
import type { AuditRecorder } from '../audit/service';
import type { ProofOfWorkService } from '../proof-of-work/service';
import { normalizeUsername } from './accounts';
import type { CheckQueue } from './check-queue';
import { reviewerErrors } from './errors';
import { loginGuard } from './login-guard';
import type { LoginTicketRecord, ReviewerRecord } from './model';
import type { verifyPassword } from './passwords';
import type { ReviewerRepository } from './repository';
import {
  newRecoveryCode,
  newTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
  RECOVERY_CODE_COUNT,
  recoveryCodeId,
  totpStep,
} from './second-factor';
import type { SecretBox } from './secret-box';
import { sha256, type SessionKeeper } from './sessions';

/** A refused login is answered after this pause (see refuseSlowly). */
const REFUSAL_DELAY_MS = 1000;
/** Refusals held at once; beyond this they are answered at once, so holding them stays bounded. */
const MAX_HELD_REFUSALS = 2000;
/** Time to type a code; enrolling also means installing and setting up an app. */
const TICKET_MINUTES = { 'second-factor': 5, enrollment: 15 } as const;
/** Codes tried with one login token before the password is needed again. */
export const MAX_TICKET_TRIES = 3;

const ticketContext = (reviewerId: string) => `whistle412 enrollment ticket\n${reviewerId}`;
export const secretContext = (reviewerId: string) => `whistle412 totp secret\n${reviewerId}`;

export type LoginFlow = ReturnType<typeof loginFlow>;

/**
 * Logging in, in steps: the password (login-guard.ts decides which attempts
 * are checked, check-queue.ts when), then a TOTP code or a recovery code, or
 * at the first login the enrollment of a TOTP authenticator; only then a
 * session. Every step that checks a secret (password, code) takes an attempt
 * from the same guard, so codes are throttled like passwords, and the count
 * is cleared only when the whole login succeeds.
 */
export function loginFlow({
  repository,
  clock,
  proofOfWork,
  checks,
  verify,
  audit,
  box,
  sessions,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  proofOfWork: ProofOfWorkService;
  checks: CheckQueue;
  verify: typeof verifyPassword;
  audit: AuditRecorder;
  box: SecretBox;
  sessions: SessionKeeper;
}) {
  const guard = loginGuard({ repository, clock, proofOfWork });

  /** Names who failed: the username if it is a reviewer's; else a keyed hash, so a password typed as a username is never kept. */
  const actorFor = (name: string, reviewer: ReviewerRecord | null) =>
    reviewer ? reviewer._id : `unknown:${box.mac(name).slice(0, 16)}`;

  const failed = (actor: string, stage: string, reason: string) =>
    audit.record({
      actor,
      action: 'session.login-failed',
      target: actor.startsWith('unknown:') ? null : actor,
      details: { stage, reason },
    });

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

  const owed = () =>
    guard.proofsEnabled ? reviewerErrors.proofRequired() : reviewerErrors.tooManyAttempts(guard.secondsToNextWindow());

  /** Takes one of the username's attempts: free, or paid with the proof; refused (slowly) when neither. */
  async function claim(name: string, proof: ProofOfWork | undefined): Promise<boolean> {
    // With proof of work off, a proof counts for nothing: the attempt is a free one.
    if (guard.proofsEnabled && proof !== undefined) {
      await guard.payWithProof(name, proof);
      return true;
    }
    return guard.claimFreeAttempt(name);
  }

  /**
   * Admits a password attempt to the check line and counts it against the
   * username before the password is checked. Returns the place in line.
   */
  async function admitAttempt(name: string, proof: ProofOfWork | undefined) {
    const paid = guard.proofsEnabled && proof !== undefined;
    const admission = checks.admit(paid ? 'paid' : 'free');
    if (!admission) {
      // Nothing was spent or stored: a paid attempt keeps its proof for the retry.
      return refuseSlowly(paid || !guard.proofsEnabled ? reviewerErrors.busy() : reviewerErrors.proofRequired());
    }
    let claimed: boolean;
    try {
      claimed = await claim(name, proof);
    } catch (error) {
      admission.leave();
      throw error;
    }
    if (claimed) return admission;
    admission.leave();
    return refuseSlowly(owed());
  }

  /** The ticket behind a login token, with one try counted, and its reviewer; the attempt is claimed first. */
  async function useTicket(loginToken: string, kind: LoginTicketRecord['kind'], proof: ProofOfWork | undefined) {
    const ticketId = sha256(loginToken);
    const ticket = await repository.findTicket(ticketId);
    if (!ticket || ticket.kind !== kind || ticket.expiresAt <= clock.now()) throw reviewerErrors.loginExpired();
    if (!(await claim(ticket.reviewerId, proof))) return refuseSlowly(owed());
    if (!(await repository.countTicketTry(ticketId, MAX_TICKET_TRIES))) {
      await repository.deleteTicket(ticketId);
      throw reviewerErrors.loginExpired();
    }
    const reviewer = await repository.findReviewer(ticket.reviewerId);
    if (!reviewer || reviewer.disabledAt) {
      await repository.deleteTicket(ticketId);
      throw reviewerErrors.loginExpired();
    }
    return { ticketId, ticket, reviewer };
  }

  async function finish(ticketId: string, reviewer: ReviewerRecord, secondFactor: string) {
    await repository.deleteTicket(ticketId);
    await guard.clear(reviewer._id);
    const { ref, session } = await sessions.open(reviewer);
    await audit.record({
      actor: reviewer._id,
      action: 'session.login',
      target: reviewer._id,
      details: { secondFactor, session: ref },
    });
    return session;
  }

  return {
    /** A proof-of-work challenge at this username's current difficulty, or `required: false` when proofs are off. */
    async loginChallenge({ username }: { username: string }) {
      if (!guard.proofsEnabled) return { required: false as const };
      const { challenge, bits, expiresAt } = await guard.challengeFor(normalizeUsername(username));
      return { required: true as const, challenge, bits, expiresAt };
    },

    /** Step 1: the password. Gives a login token for the second factor (or its enrollment), never a session. */
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
      if (!reviewer || !valid || reviewer.disabledAt) {
        const reason = !reviewer ? 'unknown-username' : !valid ? 'wrong-password' : 'disabled';
        await failed(actorFor(name, reviewer), 'password', reason);
        throw reviewerErrors.invalidCredentials();
      }
      const now = clock.now();
      await repository.sweepTickets(now);
      const loginToken = randomBytes(32).toString('base64url');
      const kind = reviewer.secondFactor ? 'second-factor' : 'enrollment';
      const expiresAt = new Date(now.getTime() + TICKET_MINUTES[kind] * 60_000);
      const secret = kind === 'enrollment' ? newTotpSecret() : null;
      await repository.createTicket({
        _id: sha256(loginToken),
        reviewerId: reviewer._id,
        kind,
        sealedSecret: secret ? box.seal(secret, ticketContext(reviewer._id)) : null,
        tries: 0,
        expiresAt,
      });
      return {
        next: kind,
        loginToken,
        expiresAt,
        ...(secret ? { enrollment: { secret, otpauthUri: otpauthUri(reviewer._id, secret) } } : {}),
      };
    },

    /** Step 2: a TOTP code (each time step once) or a recovery code (each once). */
    async completeLogin({
      loginToken,
      code,
      recoveryCode,
      proofOfWork,
    }: {
      loginToken: string;
      code?: string | undefined;
      recoveryCode?: string | undefined;
      proofOfWork?: ProofOfWork | undefined;
    }) {
      const { ticketId, reviewer } = await useTicket(loginToken, 'second-factor', proofOfWork);
      const factor = reviewer.secondFactor;
      if (!factor) throw reviewerErrors.loginExpired();
      const now = clock.now();
      if (code !== undefined) {
        const secret = box.open(factor.sealedSecret, secretContext(reviewer._id));
        if (secret === null)
          throw new Error(`the TOTP secret of ${reviewer._id} cannot be opened with this server key`);
        const step = await totpStep(secret, code, now);
        // The claim is atomic: of two logins with one code, one wins and the other is a replay.
        if (step !== null && step > factor.lastStep) {
          if (await repository.claimTotpStep(reviewer._id, factor.recoveryBatch, step)) {
            return finish(ticketId, reviewer, 'totp');
          }
        }
        await failed(reviewer._id, 'second-factor', step === null ? 'wrong-code' : 'code-replayed');
        throw reviewerErrors.invalidSecondFactor();
      }
      const normalized = normalizeRecoveryCode(recoveryCode ?? '');
      const id = normalized && recoveryCodeId(reviewer._id, factor.recoveryBatch, normalized);
      if (id && (await repository.useRecoveryCode(id, now))) {
        const session = await finish(ticketId, reviewer, 'recovery-code');
        const remaining = await repository.unusedRecoveryCodes(reviewer._id, factor.recoveryBatch);
        await audit.record({
          actor: reviewer._id,
          action: 'second-factor.recovery-code-used',
          target: reviewer._id,
          details: { remaining },
        });
        return { ...session, recoveryCodesLeft: remaining };
      }
      await failed(reviewer._id, 'second-factor', 'wrong-recovery-code');
      throw reviewerErrors.invalidSecondFactor();
    },

    /** Step 2 at the first login: a code from the new authenticator confirms it; the recovery codes are shown once. */
    async enroll({
      loginToken,
      code,
      proofOfWork,
    }: {
      loginToken: string;
      code: string;
      proofOfWork?: ProofOfWork | undefined;
    }) {
      const { ticketId, ticket, reviewer } = await useTicket(loginToken, 'enrollment', proofOfWork);
      const secret = ticket.sealedSecret && box.open(ticket.sealedSecret, ticketContext(reviewer._id));
      if (!secret || reviewer.secondFactor) {
        await repository.deleteTicket(ticketId);
        throw reviewerErrors.loginExpired();
      }
      const now = clock.now();
      const step = await totpStep(secret, code, now);
      if (step === null) {
        await failed(reviewer._id, 'enrollment', 'wrong-code');
        throw reviewerErrors.invalidSecondFactor();
      }
      // The codes go in first under a new batch: they count only once the enrollment names that batch.
      const batch = randomBytes(12).toString('base64url');
      const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await repository.insertRecoveryCodes(
        recoveryCodes.map((c) => ({
          _id: recoveryCodeId(reviewer._id, batch, normalizeRecoveryCode(c)!),
          reviewerId: reviewer._id,
          batch,
          usedAt: null,
        })),
      );
      const enrolled = await repository.enrollSecondFactor(reviewer._id, {
        sealedSecret: box.seal(secret, secretContext(reviewer._id)),
        lastStep: step,
        enrolledAt: now,
        recoveryBatch: batch,
      });
      if (!enrolled) {
        await repository.deleteTicket(ticketId);
        throw reviewerErrors.loginExpired();
      }
      await repository.deleteRecoveryCodes(reviewer._id, batch);
      await audit.record({ actor: reviewer._id, action: 'second-factor.enroll', target: reviewer._id });
      const session = await finish(ticketId, { ...reviewer, secondFactor: null }, 'totp-enrolled');
      return { ...session, recoveryCodes };
    },
  };
}
