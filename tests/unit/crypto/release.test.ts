import { release } from '../../../crypto/src/release';

/**
 * release() frees bytes by moving their buffer into a message on a closed channel, where the platform is a
 * browser's (a page has `document`, a worker `importScripts`), else by ES2024's `transfer(0)`. Node has a real
 * MessageChannel, so the channel is the real one; Node 20 has no `ArrayBuffer.prototype.transfer`, so where a
 * test needs it, a buffer is given one of its own that records the call (what a browser's would do: detach).
 */
type Scope = { document?: unknown; importScripts?: unknown };
const scope = globalThis as Scope;

/** Runs `body` as in a worker's or a page's global scope (the marks release() looks for), then restores it. */
function asBrowser(mark: 'document' | 'importScripts', body: () => void): void {
  scope[mark] = mark === 'document' ? {} : () => {};
  try {
    body();
  } finally {
    delete scope[mark];
  }
}

/** A buffer that records `transfer(length)` calls, as ES2024's would be called. */
function withTransferSpy(buffer: ArrayBufferLike, extra: Record<string, unknown> = {}): number[] {
  const calls: number[] = [];
  Object.defineProperty(buffer, 'transfer', { value: (length: number) => calls.push(length) });
  for (const [name, value] of Object.entries(extra)) Object.defineProperty(buffer, name, { value });
  return calls;
}

describe('release() in a browser-like scope (the closed channel)', () => {
  it.each(['importScripts', 'document'] as const)(
    'frees an array that owns its whole buffer (scope with %s)',
    (mark) => {
      const bytes = new Uint8Array(1024).fill(7);
      const calls = withTransferSpy(bytes.buffer);
      asBrowser(mark, () => release(bytes));
      // Moved away: the array reads as empty, and transfer(0) was not needed.
      expect(bytes.buffer.byteLength).toBe(0);
      expect(bytes.length).toBe(0);
      expect(calls).toEqual([]);
    },
  );

  it('leaves a view into a larger buffer alone, unless told the whole buffer is free', () => {
    const buffer = new ArrayBuffer(64);
    const offset = new Uint8Array(buffer, 8, 16);
    const prefix = new Uint8Array(buffer, 0, 16);
    asBrowser('importScripts', () => {
      release(offset);
      release(prefix);
    });
    expect(buffer.byteLength).toBe(64);
    asBrowser('importScripts', () => release(offset, { wholeBuffer: true }));
    expect(buffer.byteLength).toBe(0);
    expect(prefix.length).toBe(0);
  });

  it('falls back to transfer(0) when the buffer cannot be moved into a message', () => {
    // A SharedArrayBuffer cannot be in a message's transfer list: postMessage throws, and release() goes on.
    const bytes = new Uint8Array(new SharedArrayBuffer(32));
    const calls = withTransferSpy(bytes.buffer);
    asBrowser('importScripts', () => expect(() => release(bytes)).not.toThrow());
    expect(calls).toEqual([0]);
  });
});

describe('release() elsewhere (Node: no channel used)', () => {
  it('detaches the buffer in place with transfer(0) where the platform has it', () => {
    const bytes = new Uint8Array(16);
    const calls = withTransferSpy(bytes.buffer);
    release(bytes);
    expect(calls).toEqual([0]);
    // Not moved through a channel outside a browser (Node's ports would need closing on the event loop).
    expect(bytes.buffer.byteLength).toBe(16);
  });

  it('does nothing to a view, an already detached or an empty buffer', () => {
    const view = new Uint8Array(new ArrayBuffer(32), 0, 16);
    const viewCalls = withTransferSpy(view.buffer);
    const detached = new Uint8Array(16);
    const detachedCalls = withTransferSpy(detached.buffer, { detached: true });
    const empty = new Uint8Array(0);
    const emptyCalls = withTransferSpy(empty.buffer);
    release(view);
    release(detached);
    release(empty);
    expect([viewCalls, detachedCalls, emptyCalls]).toEqual([[], [], []]);
    release(view, { wholeBuffer: true });
    expect(viewCalls).toEqual([0]);
  });

  it('does nothing where neither a channel nor transfer exists', () => {
    const bytes = new Uint8Array(16).fill(1);
    expect(() => release(bytes)).not.toThrow();
    expect([...bytes]).toEqual(new Array(16).fill(1));
  });
});
