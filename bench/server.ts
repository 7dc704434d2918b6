/**
 * The product as users run it, for benchmarks: the compiled server (after
 * `npm run build`) on a fresh data folder with its embedded engine, set up by
 * `admin init`. Its output is drained and dropped once it has started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../backend/src/project';

const ROOT = projectRoot();
const SERVER = path.join(ROOT, 'dist', 'server', 'backend', 'src', 'server.js');
const ADMIN = path.join(ROOT, 'dist', 'server', 'backend', 'src', 'cli', 'admin.js');

export interface BenchServer {
  baseUrl: string;
  dataDir: string;
  reviewer: { username: string; password: string };
  pid: number;
  stop(): Promise<void>;
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  for (const built of [SERVER, ADMIN, path.join(ROOT, 'dist', 'public', 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${path.relative(ROOT, built)} is missing: run \`npm run build\` first`);
  }
  // Short: the engine's Unix socket lives inside the data folder (at most 107 bytes of path).
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'w412-bench-'));
  const dataDir = path.join(workDir, 'data');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', ...env };
  for (const name of ['MONGODB_URI', 'AGENCY_FINGERPRINT', 'NODE_OPTIONS']) delete childEnv[name];

  const server = spawn(process.execPath, [SERVER], { cwd: workDir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Whistle412 is running at (http:\/\/localhost:\d+)\/[\s\S]*Press Ctrl-C/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  // Keep reading (and dropping) its output, so a full pipe never slows the server.
  server.stdout.removeAllListeners('data').resume();
  server.stderr.removeAllListeners('data').resume();

  const reviewer = { username: 'bench.reviewer', password: 'bench reviewer password' };
  writeFileSync(path.join(workDir, 'passphrase'), 'bench agency passphrase');
  writeFileSync(path.join(workDir, 'password'), reviewer.password);
  const init = spawnSync(
    process.execPath,
    [ADMIN, 'init', '--passphrase-file', 'passphrase', '--password-file', 'password', '--reviewer', reviewer.username],
    { cwd: workDir, env: childEnv, encoding: 'utf8' },
  );
  if (init.status !== 0) {
    server.kill('SIGTERM');
    throw new Error(`admin init failed:\n${init.stdout}\n${init.stderr}`);
  }

  return {
    baseUrl,
    dataDir,
    reviewer,
    pid: server.pid!,
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
