import { isCryptoError, type CryptoErrorCode } from './errors';

/** What crosses a worker boundary: plain data only. */
export type WorkerRequest = { id: number; method: string; options: unknown };
export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: CryptoErrorCode | 'internal'; message: string } };

/** What postMessage may move instead of copying: ArrayBuffers, MessagePorts (kept abstract: crypto/ has no DOM types). */
export type Movable = ArrayBuffer | object;

/** The receiving side of a message channel: a Web Worker's global scope, or a MessagePort in tests. */
export interface ApiPort {
  addEventListener(type: 'message', listener: (event: { data: WorkerRequest }) => void): void;
  postMessage(message: WorkerResponse, transfer?: Movable[]): void;
}

const TRANSFER = Symbol('transfer');

/**
 * Marks what a request or a result moves across the worker boundary instead
 * of copying: megabyte buffers the sender no longer needs, and message ports
 * (which cannot be copied). The mark is a symbol, which structured cloning
 * leaves behind.
 */
export function withTransfer<T extends object>(value: T, transfer: Movable[]): T {
  Object.defineProperty(value, TRANSFER, { value: transfer, enumerable: false });
  return value;
}

export function transferOf(value: unknown): Movable[] | undefined {
  return typeof value === 'object' && value !== null ? (value as { [TRANSFER]?: Movable[] })[TRANSFER] : undefined;
}

/**
 * What a result moves to the page: what it marked (withTransfer), else its
 * byte arrays (an encrypted or decrypted segment, megabytes each) that own
 * their whole buffer; nothing in the worker uses them after returning them.
 */
function transferables(value: unknown): Movable[] {
  const marked = transferOf(value);
  if (marked) return marked;
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
