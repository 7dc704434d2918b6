import type { Connection } from 'mongoose';
import { generateSync } from 'otplib';

import { TOTP_PERIOD_SECONDS } from '../../backend/src/features/reviewers/second-factor';

const stepOf = (ms: number) => Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);

/** The TOTP code an authenticator app would show for this step. */
export const totpAt = (secret: string, step: number) => generateSync({ secret, epoch: step * TOTP_PERIOD_SECONDS });

/** The reviewer's last used TOTP step, read from the database (null before enrollment). */
export async function lastTotpStep(db: Connection, username: string): Promise<number | null> {
  const reviewer = await db.collection('reviewers').findOne({ _id: username as never });
  return (reviewer?.secondFactor as { lastStep?: number } | null | undefined)?.lastStep ?? null;
}

/**
 * A code the server will accept now: a step after the last one used (codes
 * cannot be replayed) within one step of the clock. With a clock the test
 * moves, it moves it on when the next unused step is still ahead.
 */
export async function freshTotpCode({
  db,
  username,
  secret,
  now,
  advance,
}: {
  db: Connection;
  username: string;
  secret: string;
  now: () => Date;
  advance: (ms: number) => void;
}): Promise<string> {
  const last = await lastTotpStep(db, username);
  while (last !== null && stepOf(now().getTime()) + 1 <= last) advance(TOTP_PERIOD_SECONDS * 1000);
  const current = stepOf(now().getTime());
  return totpAt(secret, Math.max(current, (last ?? -1) + 1));
}

/**
 * For clients on the real clock (end-to-end tests, benchmarks): a code for a
 * step after `last` (the server refuses a step it has seen), waiting for the
 * next step when it must. Returns the step, to pass as `last` next time.
 */
export async function realTimeTotpCode(secret: string, last: number | null): Promise<{ code: string; step: number }> {
  const now = () => stepOf(Date.now());
  while (last !== null && last > now()) await new Promise((resolve) => setTimeout(resolve, 1000));
  const step = Math.max(now(), (last ?? now()) + 1);
  return { code: totpAt(secret, step), step };
}
