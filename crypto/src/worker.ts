/**
 * Web Worker entry: serves the crypto API to the page over postMessage, so
 * encryption never blocks the page and unlocked keys stay in this worker.
 */
import { createCryptoApi, type CryptoMethod } from './api';
import { isCryptoError } from './errors';
import type { CryptoRequest, CryptoResponse } from './proxy';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { data: CryptoRequest }) => void): void;
  postMessage(message: CryptoResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
const api = createCryptoApi();
const methods = new Set(Object.keys(api));

scope.addEventListener('message', ({ data: { id, method, options } }) => {
  void (async () => {
    try {
      if (!methods.has(method)) throw new Error(`unknown crypto method ${method}`);
      const value = await (api[method as CryptoMethod] as (o: unknown) => Promise<unknown>)(options);
      scope.postMessage({ id, ok: true, value });
    } catch (error) {
      const failure = isCryptoError(error)
        ? { code: error.code, message: error.message }
        : { code: 'internal' as const, message: 'The encryption component failed unexpectedly.' };
      scope.postMessage({ id, ok: false, error: failure });
    }
  })();
});
