import type { HashApi } from '../../../crypto/src/file-hash';
import { CryptoProxy, remoteApi, setCryptoEndpoint, workerEndpoint, type Remote } from '../../../crypto/src/proxy';
import { release } from '../../../crypto/src/release';

export { CryptoProxy };
export { isCryptoError, type CryptoError } from '../../../crypto/src/errors';
export { formatFingerprint } from '../../../crypto/src/fingerprint';
export { withTransfer } from '../../../crypto/src/proxy';
export { release };

let started = false;

/** Starts the crypto worker once per page; OpenPGP.js and unlocked keys live only there. */
export function startCrypto(): typeof CryptoProxy {
  if (!started) {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'crypto',
    });
    setCryptoEndpoint(workerEndpoint(worker));
    started = true;
  }
  return CryptoProxy;
}

let hashWorker: Remote<HashApi> | null = null;

/**
 * Starts the hash worker once per page: evidence files' SHA-256 is computed
 * there, on the second core, while the crypto worker encrypts. It holds no keys.
 */
export function startHashWorker(): Remote<HashApi> {
  if (!hashWorker) {
    const worker = new Worker(new URL('../../../crypto/src/hash-worker.ts', import.meta.url), {
      type: 'module',
      name: 'hash',
    });
    hashWorker = remoteApi<HashApi>(workerEndpoint(worker));
  }
  return hashWorker;
}
