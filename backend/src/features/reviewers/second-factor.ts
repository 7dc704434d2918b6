import { createHash, randomInt } from 'node:crypto';

import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, as every authenticator
 * app expects) through otplib, and one-time recovery codes.
 */
export const TOTP_PERIOD_SECONDS = 30;
/** One step either side of now, for a phone's clock that is a little off and the time it takes to type. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
export const ISSUER = 'Whistle412';

export const newTotpSecret = () => generateSecret();

export const otpauthUri = (username: string, secret: string) =>
  generateURI({ issuer: ISSUER, label: username, secret });

/**
 * The time step the code belongs to (one step either side of now), or null.
 * The caller refuses a step at or before the last one used, so a code that
 * was used cannot be used again in its window.
 */
export async function totpStep(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
  }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Recovery codes: 16 characters from 32 unambiguous ones (80 bits), shown as four groups of four. */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** As typed: any case, with or without dashes and spaces; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return code.length === 16 && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/**
 * What is stored of a recovery code: a SHA-256 naming the reviewer and the
 * batch. 80 random bits make a fast hash enough; the `_id` it becomes is
 * looked up directly.
 */
export const recoveryCodeId = (reviewerId: string, batch: string, normalized: string) =>
  createHash('sha256').update(`whistle412 recovery code\n${reviewerId}\n${batch}\n${normalized}`).digest('hex');
