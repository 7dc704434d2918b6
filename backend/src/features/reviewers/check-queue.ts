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
}

/** Half the cores (one on a 2-core machine) checks passwords; the rest serves pages and reports. */
const CONCURRENCY = Math.max(1, Math.floor(os.availableParallelism() / 2));
export const DEFAULT_CHECK_LIMITS: CheckQueueLimits = {
  concurrency: CONCURRENCY,
  // A short line for free attempts: each waits at most ~3 checks.
  free: CONCURRENCY + 3,
  // At ~0.2 s a check, the last paid attempt in line waits about 2 s.
  paid: CONCURRENCY + 10,
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
        try {
          return await check();
        } finally {
          // The finishing check hands its slot straight to the next in line, or frees it.
          const next = this.#waiting.shift();
          if (next) next();
          else this.#running -= 1;
        }
      },
      leave,
    };
  }

  #turn(): Promise<void> {
    if (this.#running < this.limits.concurrency) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => resolve()));
  }
}
