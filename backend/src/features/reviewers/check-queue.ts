import os from 'node:os';

/**
 * Password checks (argon2id, 64 MiB and 0.1–0.2 s of CPU each) run on libuv's
 * thread pool, which static files and other work share. This line lets at most
 * `concurrency` checks run at a time on this instance and keeps a bounded
 * number waiting; a login beyond the line is turned away at once, before any
 * database work, so a flood of logins cannot starve other requests.
 *
 * Attempts that paid with a proof of work get a longer line than free ones:
 * a flood of free attempts fills only its share, and the reviewer who paid
 * still finds a place.
 */
export interface CheckQueueLimits {
  /** Checks running at once. */
  concurrency: number;
  /** Free attempts admitted at once (running or waiting). */
  free: number;
  /** Paid attempts admitted at once, free ones included. */
  paid: number;
  /**
   * After each check its slot rests this many times as long as the check took
   * before the next one starts: 1 keeps password checking to half of one core
   * however many logins arrive. 0 when not given.
   */
  rest?: number;
}

/** Half the cores (one on a 2-core machine) checks passwords; the rest serves pages and reports. */
const CONCURRENCY = Math.max(1, Math.floor(os.availableParallelism() / 2));
export const DEFAULT_CHECK_LIMITS: CheckQueueLimits = {
  concurrency: CONCURRENCY,
  // A short line for free attempts: each waits at most ~3 checks.
  free: CONCURRENCY + 3,
  // At ~0.2 s a check and as long a rest, the last paid attempt in line waits about 4 s.
  paid: CONCURRENCY + 10,
  // Measured: with no rest, one core of argon2 doubled the reporter page's p95 on 2 busy cores (login-flood).
  rest: 1,
};

export interface Admission {
  /** Runs the check when its turn comes. */
  run<T>(check: () => Promise<T>): Promise<T>;
  /** Gives the place in line back; safe to call more than once. */
  leave(): void;
}

export class CheckQueue {
  #admitted = 0;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limits: CheckQueueLimits = DEFAULT_CHECK_LIMITS) {}

  /** How many attempts hold a place (running or waiting). */
  get admitted(): number {
    return this.#admitted;
  }

  /** A place in line, or null when the line for this kind of attempt is full. */
  admit(kind: 'free' | 'paid'): Admission | null {
    if (this.#admitted >= this.limits[kind]) return null;
    this.#admitted += 1;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      this.#admitted -= 1;
    };
    return {
      run: async <T>(check: () => Promise<T>): Promise<T> => {
        if (left) throw new Error('this admission has left the line');
        await this.#turn();
        const started = Date.now();
        try {
          return await check();
        } finally {
          // The answer goes out now; the slot rests (if it does) without holding it up.
          const rest = (Date.now() - started) * (this.limits.rest ?? 0);
          if (rest > 0) setTimeout(() => this.#release(), rest);
          else this.#release();
        }
      },
      leave,
    };
  }

  /** A finished check hands its slot straight to the next in line, or frees it. */
  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running -= 1;
  }

  #turn(): Promise<void> {
    if (this.#running < this.limits.concurrency) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => resolve()));
  }
}
