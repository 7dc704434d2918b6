/**
 * Slows password guessing per username without remembering who guessed:
 * after five failures in a row, each further attempt must wait, doubling from
 * 30 s up to 15 min. Kept in memory: a restart forgets it, which costs an
 * attacker a restart per few guesses.
 */
const FREE_ATTEMPTS = 5;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 15 * 60_000;

export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly now: () => number) {}

  /** Milliseconds the caller must wait before trying this username again, or 0. */
  waitFor(username: string): number {
    const entry = this.#failures.get(username);
    return entry ? Math.max(0, entry.until - this.now()) : 0;
  }

  failed(username: string): void {
    const count = (this.#failures.get(username)?.count ?? 0) + 1;
    const wait = count < FREE_ATTEMPTS ? 0 : Math.min(FIRST_WAIT_MS * 2 ** (count - FREE_ATTEMPTS), LONGEST_WAIT_MS);
    this.#failures.set(username, { count, until: this.now() + wait });
  }

  succeeded(username: string): void {
    this.#failures.delete(username);
  }
}
