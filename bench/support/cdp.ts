import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { CHROMIUM_LAUNCH } from '../../tests/e2e/playwright.config';

type Listener = (params: Record<string, unknown>, sessionId?: string) => void;

/**
 * A DevTools protocol client over Chromium's debugging pipe (NUL-separated
 * JSON on file descriptors 3 and 4), with flattened sessions. It enables
 * nothing on its own: unlike Playwright, which enables the Network domain on
 * every page, and DevTools' network agent keeps every request body it saw
 * (an uploaded Blob stays alive while the agent holds the request), so
 * memory measured under Playwright is not the memory a reporter's browser uses.
 */
export class CdpClient {
  #next = 1;
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    let buffer = '';
    output.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
        const message = JSON.parse(buffer.slice(0, end)) as {
          id?: number;
          result?: unknown;
          error?: { message: string };
          method?: string;
          params?: Record<string, unknown>;
          sessionId?: string;
        };
        buffer = buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiter = this.#waiting.get(message.id);
          this.#waiting.delete(message.id);
          if (message.error) waiter?.reject(new Error(message.error.message));
          else waiter?.resolve(message.result);
        } else if (message.method) {
          for (const listener of this.#listeners.get(message.method) ?? [])
            listener(message.params ?? {}, message.sessionId);
        }
      }
    });
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  on(method: string, listener: Listener): void {
    if (!this.#listeners.has(method)) this.#listeners.set(method, new Set());
    this.#listeners.get(method)!.add(listener);
  }

  /** Attaches to the first target whose URL `matches`, waiting for it; returns the session id. */
  async attach(matches: (url: string, type: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { targetInfos } = await this.send<{ targetInfos: { targetId: string; url: string; type: string }[] }>(
        'Target.getTargets',
      );
      const target = targetInfos.find((t) => matches(t.url, t.type));
      if (target) {
        return (
          await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true })
        ).sessionId;
      }
      if (Date.now() > deadline) throw new Error('no such target');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Evaluates `expression` in a session's page or worker, awaiting a promise; returns its value. */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  }

  /** Waits until `expression` is truthy in the session's page, polling every 100 ms. */
  async waitFor(sessionId: string, expression: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // A page just opened has no execution context for a moment: that counts as "not yet".
    while (!(await this.evaluate<boolean>(sessionId, `Boolean(${expression})`).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Chooses `files` in the page's first `<input type=file>` (as Playwright's setInputFiles does). */
  async setInputFiles(sessionId: string, files: string[]): Promise<void> {
    const { root } = await this.send<{ root: { nodeId: number } }>('DOM.getDocument', { depth: 0 }, sessionId);
    const { nodeId } = await this.send<{ nodeId: number }>(
      'DOM.querySelector',
      { nodeId: root.nodeId, selector: 'input[type=file]' },
      sessionId,
    );
    await this.send('DOM.setFileInputFiles', { files, nodeId }, sessionId);
  }
}

export interface RawChromium {
  cdp: CdpClient;
  /** For Playwright's connectOverCDP: drive a form, then disconnect before measuring. */
  wsEndpoint: string;
  close(): Promise<void>;
}

/** Debian's Chromium as the tests launch it, headless, with a debugging pipe and port; nothing attached. */
export async function launchRawChromium({ jitless }: { jitless: boolean }): Promise<RawChromium> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'whistle412-bench-'));
  const args = [
    '--headless',
    '--remote-debugging-pipe',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    ...CHROMIUM_LAUNCH.args,
    ...(jitless ? ['--js-flags=--jitless'] : []),
    'about:blank',
  ];
  const child: ChildProcess = spawn(CHROMIUM_LAUNCH.executablePath, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const wsEndpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${seen.slice(-500)}`)));
  });
  const cdp = new CdpClient(child.stdio[3] as Writable, child.stdio[4] as Readable);
  return {
    cdp,
    wsEndpoint,
    async close() {
      await cdp.send('Browser.close').catch(() => {});
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.on('exit', () => resolve());
      });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
