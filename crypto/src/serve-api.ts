import { isCryptoError, type CryptoErrorCode } from './errors';

/** What crosses a worker boundary: plain data only. */
export type WorkerRequest = { id: number; method: string; options: unknown };
export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: CryptoErrorCode | 'internal'; message: string } };

/** The receiving side of a message channel: a Web Worker's global scope, or a MessagePort in tests. */
export interface ApiPort {
  addEventListener(type: 'message', listener: (event: { data: WorkerRequest }) => void): void;
  postMessage(message: WorkerResponse, transfer?: ArrayBuffer[]): void;
}

/**
 * Byte arrays in a result (an encrypted or decrypted segment, megabytes
 * each) are moved to the page instead of copied, when they own their whole
 * buffer; nothing in the worker uses them after returning them.
 */
function transferables(value: unknown): ArrayBuffer[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value)
    .filter(
      (field): field is Uint8Array<ArrayBuffer> =>
        field instanceof Uint8Array &&
        field.buffer instanceof ArrayBuffer &&
        field.byteOffset === 0 &&
        field.byteLength === field.buffer.byteLength,
    )
    .map((field) => field.buffer);
}

/**
 * Answers requests arriving on `port` with the methods of `api`. Only
 * CryptoErrors cross with their message; anything else becomes a generic
 * `internal` error, so no stack or key material leaves the worker.
 */
export function serveApi(port: ApiPort, api: object): void {
  const methods = new Map(
    Object.entries(api).filter(
      (entry): entry is [string, (o: unknown) => Promise<unknown>] => typeof entry[1] === 'function',
    ),
  );
  port.addEventListener('message', ({ data: { id, method, options } }) => {
    void (async () => {
      try {
        const run = methods.get(method);
        if (!run) throw new Error(`unknown method ${method}`);
        const value = await run(options);
        port.postMessage({ id, ok: true, value }, transferables(value));
      } catch (error) {
        const failure = isCryptoError(error)
          ? { code: error.code, message: error.message }
          : { code: 'internal' as const, message: 'The encryption component failed unexpectedly.' };
        port.postMessage({ id, ok: false, error: failure });
      }
    })();
  });
}
