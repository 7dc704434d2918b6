import type { PrivateKey } from 'openpgp';

import { CryptoError } from './errors';
import { randomBytes, toHex } from './encoding';
import type { Fingerprint, KeyRef } from './types';

/**
 * Unlocked private keys live here, inside the crypto endpoint (the Web Worker
 * in a browser). Callers hold a reference and a fingerprint, never the key.
 */
export class KeyStore {
  readonly #keys = new Map<KeyRef, PrivateKey>();

  add(key: PrivateKey): { keyRef: KeyRef; fingerprint: Fingerprint } {
    const keyRef = `key_${toHex(randomBytes(16))}` as KeyRef;
    this.#keys.set(keyRef, key);
    return { keyRef, fingerprint: key.getFingerprint() as Fingerprint };
  }

  get(keyRef: KeyRef): PrivateKey {
    const key = this.#keys.get(keyRef);
    if (!key) throw new CryptoError('unknown_key_ref', 'The key is no longer unlocked; unlock it again.');
    return key;
  }

  /** Every unlocked key (a signature inside a report may be by one of them). */
  all(): PrivateKey[] {
    return [...this.#keys.values()];
  }

  clear(): void {
    this.#keys.clear();
  }
}
