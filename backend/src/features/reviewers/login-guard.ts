import { createHash } from 'node:crypto';

import type { Clock } from '../../clock';
import { MAX_PROOF_OF_WORK_BITS, type ProofOfWork } from '../../crypto';
import type { ProofOfWorkService } from '../proof-of-work/service';
import type { ReviewerRepository } from './repository';

/**
 * How password guessing is slowed without ever locking the real reviewer out.
 *
 * Each username gets FREE_ATTEMPTS attempts per window. An attempt claims one
 * before its password is checked, as an insert with a unique `_id`, so
 * attempts in flight count and N parallel guesses get at most FREE_ATTEMPTS
 * checks, across every server instance, on the embedded engine as on MongoDB.
 * Beyond them, an attempt must carry a proof of work (proof-of-work feature)
 * whose difficulty rises by one bit for each doubling of the paid attempts
 * in this window and the one before, up to MAX_EXTRA_BITS above the base.
 *
 * Nobody waits for a lockout: whoever knows the right password pays at most
 * the capped proof (the bound is in docs/threat-model.md), however many wrong
 * guesses arrive, while each guess costs the guesser the same. A success
 * clears the username's count. Usernames are counted after normalisation, so
 * capitalisation does not open a new count.
 */
export const FREE_ATTEMPTS = 5;
export const WINDOW_MS = 15 * 60_000;
/**
 * 4 bits above the default 15: 2^19 hashes on average, a few seconds in a
 * browser (docs/benchmarks.md, login-bound). This cap is what bounds the real
 * reviewer's wait; more would price out nobody with native code anyway.
 */
export const MAX_EXTRA_BITS = 4;
/** The sweep of old attempt records runs at most this often per instance. */
const SWEEP_EVERY_MS = 5 * 60_000;

export type LoginGuard = ReturnType<typeof loginGuard>;

/** A username's attempts are filed by hash: a password typed into the username field is not stored as typed. */
const hashOf = (username: string) => createHash('sha256').update(username).digest('hex').slice(0, 32);
export const windowOf = (at: Date) => Math.floor(at.getTime() / WINDOW_MS);
const freeId = (window: number, username: string, n: number) => `free.${window}.${hashOf(username)}.${n}`;
/** The record that counts a username's paid attempts in a window (benchmarks set it directly). */
export const paidCountId = (window: number, username: string) => `paid.${window}.${hashOf(username)}`;

export function loginGuard({
  repository,
  clock,
  proofOfWork,
}: {
  repository: ReviewerRepository;
  clock: Clock;
  proofOfWork: ProofOfWorkService;
}) {
  const cap = Math.min(proofOfWork.baseBits + MAX_EXTRA_BITS, MAX_PROOF_OF_WORK_BITS);
  const windowNow = () => windowOf(clock.now());
  const windowEnd = (window: number) => new Date((window + 1) * WINDOW_MS);
  let lastSweep = 0;

  async function paidAttempts(username: string): Promise<number> {
    const window = windowNow();
    const counts = await Promise.all(
      [window, window - 1].map((w) => repository.attemptCount(paidCountId(w, username))),
    );
    return counts[0]! + counts[1]!;
  }

  async function requiredBits(username: string): Promise<number> {
    const paid = await paidAttempts(username);
    return Math.min(proofOfWork.baseBits + Math.floor(Math.log2(1 + paid)), cap);
  }

  return {
    /** Proofs are asked for only where proof of work is on (PROOF_OF_WORK_BITS > 0). */
    proofsEnabled: proofOfWork.enabled,
    maxBits: cap,
    requiredBits,

    /** Takes one of the username's free attempts in this window; false when none is left. */
    async claimFreeAttempt(username: string): Promise<boolean> {
      const window = windowNow();
      // Once the last one is taken, further attempts need one read, not FREE_ATTEMPTS failed inserts.
      if (await repository.attemptTaken(freeId(window, username, FREE_ATTEMPTS - 1))) return false;
      for (let n = 0; n < FREE_ATTEMPTS; n++) {
        if (await repository.claimAttempt(freeId(window, username, n), windowEnd(window))) return true;
      }
      return false;
    },

    /** Checks and spends the proof at the username's current difficulty, then counts the attempt. */
    async payWithProof(username: string, proof: ProofOfWork): Promise<void> {
      await proofOfWork.redeem('login', proof, await requiredBits(username));
      const window = windowNow();
      // Counted for this window and read again in the next, so the record lives two windows.
      await repository.countAttempt(paidCountId(window, username), windowEnd(window + 1));
    },

    /** A challenge at the username's difficulty (raised with this instance's load, never above the cap). */
    async challengeFor(username: string) {
      const required = await requiredBits(username);
      return proofOfWork.issue('login', required - proofOfWork.baseBits, cap);
    },

    /** After a successful login: the username starts afresh. */
    async clear(username: string): Promise<void> {
      const window = windowNow();
      await repository.forgetAttempts([
        ...Array.from({ length: FREE_ATTEMPTS }, (_, n) => freeId(window, username, n)),
        paidCountId(window, username),
        paidCountId(window - 1, username),
      ]);
    },

    /** Seconds until this window's free attempts come back. */
    secondsToNextWindow: () => Math.ceil((windowEnd(windowNow()).getTime() - clock.now().getTime()) / 1000),

    /** Removes attempt records that no longer count, at most every few minutes. */
    async sweepIfDue(): Promise<void> {
      const now = clock.now();
      if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
      lastSweep = now.getTime();
      await repository.sweepAttempts(now);
    },
  };
}
