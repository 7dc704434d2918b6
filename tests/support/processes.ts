import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { projectRoot } from '../../backend/src/project';

export const ROOT = projectRoot();

/** Runs a TypeScript entry point of the product as its own process (tsx as a Node loader, no wrapper process). */
export function tsNodeArgs(entry: string, args: string[] = []): string[] {
  // Resolved here, so the child may run in any folder.
  return ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, entry), ...args];
}

export function runTs(
  entry: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string },
) {
  const result = spawnSync(process.execPath, tsNodeArgs(entry, args), {
    cwd: options.cwd ?? ROOT,
    env: options.env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Environment for a child without anything the test runner's own engine or config would leak into it. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['MONGODB_URI', 'DATA_DIR', 'DB_NAME', 'PORT', 'AGENCY_FINGERPRINT', 'NODE_OPTIONS'])
    delete env[name];
  return { ...env, ...extra };
}

/** Collects a child's output and resolves when a line matching `pattern` appears. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before ${pattern}; output:\n${output}`));
    });
  });
}

export function exited(child: ChildProcess, timeoutMs = 20_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('process did not exit in time')), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export async function until(check: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

export { spawn };
