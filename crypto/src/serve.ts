import { createCryptoApi, type CryptoMethod } from './api';
import { isCryptoError } from './errors';
import type { CryptoRequest, CryptoResponse } from './proxy';

/** The receiving side of a message channel: a Web Worker's global scope, or a MessagePort in tests. */
export interface CryptoPort {
  addEventListener(type: 'message', listener: (event: { data: CryptoRequest }) => void): void;
  postMessage(message: CryptoResponse): void;
}

/**
 * Answers crypto requests arriving on `port`. Only CryptoErrors cross with
 * their message; anything else becomes a generic `internal` error, so no
 * stack or key material leaves the worker.
 */
export function serveCryptoApi(port: CryptoPort): void {
  const api = createCryptoApi();
  const methods = new Set(Object.keys(api));
  port.addEventListener('message', ({ data: { id, method, options } }) => {
    void (async () => {
      try {
        if (!methods.has(method)) throw new Error(`unknown crypto method ${method}`);
        const value = await (api[method as CryptoMethod] as (o: unknown) => Promise<unknown>)(options);
        port.postMessage({ id, ok: true, value });
      } catch (error) {
        const failure = isCryptoError(error)
          ? { code: error.code, message: error.message }
          : { code: 'internal' as const, message: 'The encryption component failed unexpectedly.' };
        port.postMessage({ id, ok: false, error: failure });
      }
    })();
  });
}
