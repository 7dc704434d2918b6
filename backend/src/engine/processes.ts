import { type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Whether something accepts connections on the Unix socket at `socketPath`.
 * The probe connection is half-closed and the answer given once the other side
 * has closed it too: destroying it at once left the engine holding the accepted
 * connection for a moment after start, a connection nobody uses (seen as a
 * second socket at the engine's path right after `startEngine` returned, on a
 * busy machine). A listener that never closes it is cut off after 500 ms.
 */
export function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    let connected = false;
    const socket = net.connect({ path: socketPath });
    socket.setTimeout(500);
    socket.once('connect', () => {
      connected = true;
      socket.end();
      socket.resume();
    });
    // The other side's end of stream: it read ours and closed the connection.
    socket.on('end', () => socket.destroy());
    socket.once('timeout', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.once('close', () => resolve(connected));
  });
}

/** Waits until the child listens on the socket, or fails with what it printed if it exits first. */
export async function waitForSocket(child: ChildProcess, socketPath: string, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the database engine exited before it was ready:\n${output().trim()}`);
    }
    if (await socketAnswers(socketPath)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the database engine did not answer on ${socketPath} within ${timeoutMs / 1000} s`);
}

/** Sends SIGTERM, then SIGKILL if the process has not ended after the grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in the given folders, then on PATH. */
export function findExecutable(name: string, folders: string[] = []): string | null {
  const pathFolders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const folder of [...folders, ...pathFolders]) {
    const candidate = path.join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Keeps the last part of a child's output for error messages. */
export function captureTail(child: ChildProcess, limit = 8192): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-limit);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}
