import { MessageChannel, type MessagePort } from 'node:worker_threads';

import type { CryptoApi } from '../../../crypto/src/api';
import { CryptoError } from '../../../crypto/src/errors';
import {
  CryptoProxy,
  inThreadEndpoint,
  remoteApi,
  setCryptoEndpoint,
  withTransfer,
  workerEndpoint,
  type WorkerLike,
} from '../../../crypto/src/proxy';
import {
  serveApi,
  transferOf,
  type ApiPort,
  type WorkerRequest,
  type WorkerResponse,
} from '../../../crypto/src/serve-api';

/**
 * The worker boundary itself (serveApi on one side, workerEndpoint on the other) over a real MessageChannel, with
 * small APIs of plain functions: which answer goes to which call, what crosses for an error, and what is moved
 * rather than copied. proxy.test.ts runs the real crypto API over the same boundary. A moved ArrayBuffer is
 * detached on the side that sent it (its byteLength becomes 0); a copied one is left as it was.
 */
const GENERIC = 'The encryption component failed unexpectedly.';
const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((port) => port.close()));

function channel() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return { workerSide: port1, pageSide: port2 };
}

/** `api` served on one end of a new channel (set up inside each test), the endpoint for the other. */
function serve(api: object) {
  const { workerSide, pageSide } = channel();
  serveApi(workerSide as unknown as ApiPort, api);
  return workerEndpoint(pageSide as unknown as WorkerLike);
}

/** A worker written by hand: the requests it received, in order, and a way to answer anything. */
function handWrittenWorker() {
  const { workerSide, pageSide } = channel();
  const received: WorkerRequest[] = [];
  let arrived = () => {};
  workerSide.on('message', (request: WorkerRequest) => {
    received.push(request);
    arrived();
  });
  return {
    endpoint: workerEndpoint(pageSide as unknown as WorkerLike),
    async requests(count: number) {
      while (received.length < count) await new Promise<void>((resolve) => (arrived = resolve));
      return received.slice(0, count);
    },
    answer: (response: WorkerResponse) => workerSide.postMessage(response),
  };
}

/** Which of these rejects, and with what (a CryptoError keeps its code; anything else is a plain Error). */
async function rejection(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e as Error,
  );
  if (!error) return 'resolved';
  return { ...error, crypto: error instanceof CryptoError, name: error.name, message: error.message };
}

describe('CryptoProxy before an endpoint is chosen', () => {
  // First in the file: the module's endpoint is unset until the next test sets it.
  it('refuses every call, saying why', () => {
    expect(() => CryptoProxy.clearKeyStore()).toThrow(new Error('setCryptoEndpoint() was not called'));
  });

  it('then sends each call, by its method name and options, to the endpoint chosen', async () => {
    const calls: unknown[] = [];
    const api = {
      unlockKey: (options: unknown) => {
        calls.push(['unlockKey', options]);
        return Promise.resolve('unlocked');
      },
    };
    setCryptoEndpoint(inThreadEndpoint(api as unknown as CryptoApi));
    const options = { armoredPrivateKey: 'key', passphrase: 'words' };
    await expect(CryptoProxy.unlockKey(options)).resolves.toBe('unlocked');
    expect(calls).toEqual([['unlockKey', options]]);
  });
});

describe('serveApi and workerEndpoint', () => {
  it('answer each call with its own result, whatever order the answers come in', async () => {
    let releaseSlow = () => {};
    const endpoint = serve({
      slow: async ({ n }: { n: number }) => {
        await new Promise<void>((resolve) => (releaseSlow = resolve));
        return `slow ${n}`;
      },
      fast: ({ n }: { n: number }) => Promise.resolve(`fast ${n}`),
    });
    const slow = endpoint.call('slow', { n: 1 });
    const fast = endpoint.call('fast', { n: 2 });
    await expect(fast).resolves.toBe('fast 2');
    releaseSlow();
    await expect(slow).resolves.toBe('slow 1');
  });

  it('give each call its own id and ignore answers to no pending call', async () => {
    const worker = handWrittenWorker();
    const first = worker.endpoint.call('first', null);
    const second = worker.endpoint.call('second', 'options');
    const [a, b] = await worker.requests(2);
    expect([a!.method, a!.options, b!.method, b!.options]).toEqual(['first', null, 'second', 'options']);
    expect(a!.id).not.toBe(b!.id);
    worker.answer({ id: a!.id + b!.id + 100, ok: true, value: 'stray' });
    worker.answer({ id: b!.id, ok: true, value: 'B' });
    worker.answer({ id: a!.id, ok: true, value: 'A' });
    await expect(Promise.all([first, second])).resolves.toEqual(['A', 'B']);
  });

  it('turn an answered error into a CryptoError with its code, and an internal one into a plain Error', async () => {
    const worker = handWrittenWorker();
    const coded = worker.endpoint.call('x', null);
    const internal = worker.endpoint.call('y', null);
    const [a, b] = await worker.requests(2);
    worker.answer({ id: a!.id, ok: false, error: { code: 'invalid_key', message: 'Not a key.' } });
    worker.answer({ id: b!.id, ok: false, error: { code: 'internal', message: 'Went wrong.' } });
    expect(await rejection(coded)).toEqual({
      crypto: true,
      name: 'CryptoError',
      message: 'Not a key.',
      code: 'invalid_key',
    });
    expect(await rejection(internal)).toEqual({ crypto: false, name: 'Error', message: 'Went wrong.' });
  });

  it('carry a CryptoError across with its code and words', async () => {
    const endpoint = serve({
      refuse: () => Promise.reject(new CryptoError('invalid_key', 'The key is not a reporter key.')),
    });
    expect(await rejection(endpoint.call('refuse', {}))).toEqual({
      crypto: true,
      name: 'CryptoError',
      message: 'The key is not a reporter key.',
      code: 'invalid_key',
    });
  });

  it('carry any other failure across as a generic error: no message, code or stack from the worker', async () => {
    const secret = 'SECRET KEY MATERIAL 0123456789abcdef';
    const endpoint = serve({
      fails: () => Promise.reject(Object.assign(new Error(secret), { code: 'invalid_key' })),
      throws: () => {
        throw new TypeError(secret);
      },
      notAFunction: 42,
    });
    for (const method of ['fails', 'throws', 'notAFunction', 'noSuchMethod', 'toString']) {
      expect([method, await rejection(endpoint.call(method, {}))]).toEqual([
        method,
        { crypto: false, name: 'Error', message: GENERIC },
      ]);
    }
  });

  it('answer results that are not objects as they are', async () => {
    const endpoint = serve({
      nothing: () => Promise.resolve(null),
      text: () => Promise.resolve('text'),
      count: () => Promise.resolve(42),
      none: () => Promise.resolve(undefined),
    });
    await expect(
      Promise.all(['nothing', 'text', 'count', 'none'].map((method) => endpoint.call(method, null))),
    ).resolves.toEqual([null, 'text', 42, undefined]);
  });

  it('take options of any kind, marked or not (null, numbers, strings)', async () => {
    const endpoint = serve({ echo: (options: unknown) => Promise.resolve(options) });
    for (const options of [null, undefined, 7, 'text', { a: 1 }]) {
      await expect(endpoint.call('echo', options)).resolves.toEqual(options);
    }
  });
});

describe('what crosses the boundary moved, not copied', () => {
  const sum = ({ bytes }: { bytes: Uint8Array }) => Promise.resolve(bytes.reduce((a, b) => a + b, 0));

  it('a request moves what withTransfer marked, and copies what is not marked', async () => {
    const endpoint = serve({ sum });
    const moved = new Uint8Array(1024).fill(1);
    await expect(endpoint.call('sum', withTransfer({ bytes: moved }, [moved.buffer]))).resolves.toBe(1024);
    expect(moved.buffer.byteLength).toBe(0);

    const copied = new Uint8Array(1024).fill(1);
    await expect(endpoint.call('sum', { bytes: copied })).resolves.toBe(1024);
    expect(copied.buffer.byteLength).toBe(1024);
  });

  it('the mark is not part of the value: a copy of it does not carry it', () => {
    const buffer = new ArrayBuffer(8);
    const marked = withTransfer({ bytes: new Uint8Array(buffer) }, [buffer]);
    expect(transferOf(marked)).toEqual([buffer]);
    expect(transferOf({ ...marked })).toBeUndefined();
    expect(Object.keys(marked)).toEqual(['bytes']);
  });

  it('a result moves its byte arrays that own their whole buffer, and copies views into a larger one', async () => {
    const shared = new ArrayBuffer(64);
    const kept = {
      whole: new Uint8Array(32).fill(1),
      offset: new Uint8Array(shared, 8, 8).fill(2),
      head: new Uint8Array(new ArrayBuffer(64), 0, 8).fill(3),
      wide: new Uint16Array(4).fill(4),
    };
    const endpoint = serve({ result: () => Promise.resolve({ ...kept, count: 3 }) });
    const got = (await endpoint.call('result', null)) as typeof kept & { count: number };
    expect([got.whole.length, got.offset.length, got.head.length, got.wide.length, got.count]).toEqual([
      32, 8, 8, 4, 3,
    ]);
    expect([...got.offset, ...got.head]).toEqual([...Array(8).fill(2), ...Array(8).fill(3)]);
    // Moved: the worker's whole array is left detached. Copied: the views and the wider array, intact.
    expect(kept.whole.buffer.byteLength).toBe(0);
    expect([kept.offset.buffer.byteLength, kept.head.buffer.byteLength, kept.wide.buffer.byteLength]).toEqual([
      64, 64, 8,
    ]);
  });

  it('a result over shared memory is shared, not moved (a SharedArrayBuffer cannot be)', async () => {
    const bytes = new Uint8Array(new SharedArrayBuffer(16)).fill(5);
    const endpoint = serve({ result: () => Promise.resolve({ bytes }) });
    const got = (await endpoint.call('result', null)) as { bytes: Uint8Array };
    expect([...got.bytes]).toEqual(Array(16).fill(5));
    expect(bytes.buffer.byteLength).toBe(16);
  });

  it('a marked result moves only what it marked', async () => {
    const marked = new Uint8Array(16).fill(6);
    const unmarked = new Uint8Array(16).fill(7);
    const endpoint = serve({
      result: () => Promise.resolve(withTransfer({ marked, unmarked }, [marked.buffer])),
    });
    const got = (await endpoint.call('result', null)) as { marked: Uint8Array; unmarked: Uint8Array };
    expect([got.marked[0], got.unmarked[0]]).toEqual([6, 7]);
    expect([marked.buffer.byteLength, unmarked.buffer.byteLength]).toEqual([0, 16]);
  });
});

describe('remoteApi', () => {
  it('calls the worker by the method name used, with the options given', async () => {
    interface Doubler {
      double(options: { n: number }): Promise<number>;
    }
    const remote = remoteApi<Doubler>(serve({ double: ({ n }: { n: number }) => Promise.resolve(n * 2) }));
    await expect(remote.double({ n: 21 })).resolves.toBe(42);
  });
});
