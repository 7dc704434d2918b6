import { CryptoError } from './errors';
import type { CryptoApi, CryptoMethod } from './api';
import { transferOf, type Movable, type WorkerRequest, type WorkerResponse } from './serve-api';

export { withTransfer } from './serve-api';

/** Where crypto calls go: a Web Worker in the browser, the same thread in Node. */
export interface CryptoEndpoint {
  call(method: CryptoMethod, options: unknown): Promise<unknown>;
}

/** What crosses a worker boundary: plain data only. */
export type CryptoRequest = WorkerRequest;
export type CryptoResponse = WorkerResponse;

type Proxied = { [M in CryptoMethod]: (...options: Parameters<CryptoApi[M]>) => ReturnType<CryptoApi[M]> };

let endpoint: CryptoEndpoint | null = null;

/** Chosen once at start-up; every call after that goes through it. */
export function setCryptoEndpoint(chosen: CryptoEndpoint): void {
  endpoint = chosen;
}

export function inThreadEndpoint(api: CryptoApi): CryptoEndpoint {
  return {
    call: (method, options) => (api[method] as (o: unknown) => Promise<unknown>)(options),
  };
}

/** A minimal view of a Worker, so this module needs no DOM types. */
export interface WorkerLike {
  postMessage(message: CryptoRequest, transfer?: Movable[]): void;
  addEventListener(type: 'message', listener: (event: { data: CryptoResponse }) => void): void;
}

/** Calls to any worker served by serveApi (the crypto worker, the hash worker). */
export interface GenericEndpoint {
  call(method: string, options: unknown): Promise<unknown>;
}

export function workerEndpoint(worker: WorkerLike): CryptoEndpoint & GenericEndpoint {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  worker.addEventListener('message', ({ data }) => {
    const waiter = pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    if (data.ok) waiter.resolve(data.value);
    else if (data.error.code === 'internal') waiter.reject(new Error(data.error.message));
    else waiter.reject(new CryptoError(data.error.code, data.error.message));
  });
  return {
    call(method: string, options: unknown) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // What the caller marked with withTransfer moves to the worker instead of being copied.
        worker.postMessage({ id, method, options }, transferOf(options) ?? []);
      });
    },
  };
}

/** The one door to the crypto layer for pages. */
export const CryptoProxy = new Proxy({} as Proxied, {
  get(_target, method: string) {
    return (options: unknown) => {
      if (!endpoint) throw new Error('setCryptoEndpoint() was not called');
      return endpoint.call(method as CryptoMethod, options);
    };
  },
});

/** A typed client for a worker that serves `Api` (each method takes one options object). */
export type Remote<Api> = {
  [M in keyof Api]: Api[M] extends (options: infer O) => Promise<infer R> ? (options: O) => Promise<R> : never;
};

export function remoteApi<Api>(endpoint: GenericEndpoint): Remote<Api> {
  return new Proxy({} as Remote<Api>, {
    get: (_target, method: string) => (options: unknown) => endpoint.call(method, options),
  });
}
