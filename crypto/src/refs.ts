import { CryptoError } from './errors';
import { randomBytes, toHex } from './encoding';

/**
 * Things a crypto endpoint keeps between calls (an open file, a prepared
 * recipient set, a running hash), handed out as opaque references so that
 * only plain data crosses the worker boundary.
 */
export class RefMap<T> {
  readonly #items = new Map<string, T>();

  constructor(private readonly prefix: string) {}

  add(item: T): string {
    const ref = `${this.prefix}_${toHex(randomBytes(12))}`;
    this.#items.set(ref, item);
    return ref;
  }

  get(ref: string): T {
    const item = this.#items.get(ref);
    if (item === undefined) throw new CryptoError('unknown_ref', 'This file or recipient set is no longer open.');
    return item;
  }

  /** The item, or undefined when it is gone (for cleaning up what may already be gone). */
  find(ref: string): T | undefined {
    return this.#items.get(ref);
  }

  delete(ref: string): void {
    this.#items.delete(ref);
  }

  clear(): void {
    this.#items.clear();
  }
}
