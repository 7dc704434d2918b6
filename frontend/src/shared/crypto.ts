import { CryptoProxy, setCryptoEndpoint, workerEndpoint } from '../../../crypto/src/proxy';

export { CryptoProxy };
export { isCryptoError, type CryptoError } from '../../../crypto/src/errors';
export { formatFingerprint } from '../../../crypto/src/fingerprint';

let started = false;

/** Starts the crypto worker once per page; OpenPGP.js and unlocked keys live only there. */
export function startCrypto(): typeof CryptoProxy {
  if (!started) {
    const worker = new Worker(new URL('../../../crypto/src/worker.ts', import.meta.url), {
      type: 'module',
      name: 'crypto',
    });
    setCryptoEndpoint(workerEndpoint(worker));
    started = true;
  }
  return CryptoProxy;
}
