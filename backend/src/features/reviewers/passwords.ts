import argon2 from 'argon2';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** argon2id with 64 MiB and 3 passes: OWASP's recommended floor, about 0.1 s here. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

/** Why a password (or, with `what`, a passphrase) is refused, or null. Spaces at the ends do not count. */
export function passwordProblem(password: string, what = 'A password'): string | null {
  if (password.trim().length < PASSWORD_MIN_LENGTH) {
    return `${what} needs at least ${PASSWORD_MIN_LENGTH} characters, not counting spaces at either end.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) return `${what} may have at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);

/** Hashed once, lazily: verified against when a username is unknown, so timing does not tell which usernames exist. */
let decoy: Promise<string> | null = null;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword('decoy password, never matches');
  const matched = await argon2.verify(hash ?? (await decoy), password).catch(() => false);
  return hash !== null && matched;
}
