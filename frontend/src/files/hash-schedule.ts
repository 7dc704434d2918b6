/**
 * When the whole-file SHA-256 may use the CPU.
 *
 * The hash (plain JavaScript, in the hash worker) and the encryption (the
 * crypto worker) are separate threads. With cores to spare they run side by
 * side. On two cores, shared with the page, the browser's network and its
 * other processes, the hash took the encryption's CPU: without a JIT (Tor
 * Browser's "Safer" level) the page encrypted at 0.47 of the OpenPGP.js
 * floor where its crypto worker alone ran at 1.00 (docs/benchmarks.md,
 * "files"). There the hash yields: it
 * hashes its next piece only once the crypto worker has had nothing to
 * encrypt for QUIET_MS (its queue of encrypted segments is full and waits
 * for the network), and freely once the encryption is over. Over a slow
 * uplink (Tor) that is most of the time; over a fast one the hash follows the
 * encryption, which on a machine whose cores are all busy delays the SHA-256
 * by next to nothing (the same CPU work either way) and never the upload.
 *
 * A piece is at most 1 MiB (under a second without a JIT), so the encryption
 * waits at most that long for the CPU when it starts again.
 */
export const QUIET_MS = 100;

export class HashSchedule {
  readonly #yields: boolean;
  readonly #quietMs: number;
  /** Encryptions asked of the crypto worker and not yet settled. */
  #asked = 0;
  #quiet = true;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #waiting = new Set<() => void>();

  /** `yieldToEncryption`: false where there are cores to spare (yieldsToEncryption says). */
  constructor({ yieldToEncryption, quietMs = QUIET_MS }: { yieldToEncryption: boolean; quietMs?: number }) {
    this.#yields = yieldToEncryption;
    this.#quietMs = quietMs;
  }

  /**
   * Marks work asked of the crypto worker (a segment's encryption, a proof
   * of work); call what it returns once that has settled.
   */
  busy(): () => void {
    this.#asked += 1;
    this.#quiet = false;
    clearTimeout(this.#timer);
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      if (--this.#asked > 0) return;
      // The next encryption is often asked within microseconds (the pipeline refills its queue): wait to be sure.
      this.#timer = setTimeout(() => {
        this.#quiet = true;
        for (const go of this.#waiting) go();
        this.#waiting.clear();
      }, this.#quietMs);
    };
  }

  /** Resolves when the hash may hash its next piece; rejects when `signal` aborts. */
  turn(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (!this.#yields || this.#quiet) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', stop);
        resolve();
      };
      const stop = () => {
        this.#waiting.delete(go);
        reject(signal.reason);
      };
      this.#waiting.add(go);
      signal.addEventListener('abort', stop, { once: true });
    });
  }
}

/**
 * Whether the hash should yield on this device: with two cores or fewer (or
 * when the browser does not say), the two workers and the page compete.
 */
export const yieldsToEncryption = (cores: number | undefined): boolean => !(cores !== undefined && cores > 2);
