import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { E2ePlatform } from './platform';
import { STATE_FILE } from './platform';

const root = path.resolve(__dirname, '..', '..');
const SERVER = path.join(root, 'dist', 'server', 'backend', 'src', 'server.js');
const ADMIN = path.join(root, 'dist', 'server', 'backend', 'src', 'cli', 'admin.js');

/**
 * Starts the product as a user does after `npm run build`: the compiled server
 * on a fresh data folder (its launcher starts the embedded engine), then
 * `admin init` (which uses the running server's engine). The server's whole
 * output goes to a log file that the canary scan reads.
 */
export default async function globalSetup() {
  for (const built of [SERVER, ADMIN, path.join(root, 'dist', 'public', 'index.ru.html')]) {
    if (!existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: run \`npm run build\` first`);
  }
  const workDir = path.dirname(STATE_FILE);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const dataDir = path.join(workDir, 'data');
  const serverLog = path.join(workDir, 'server.log');
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
  delete env.MONGODB_URI;

  const log = openSync(serverLog, 'a');
  const server = spawn(process.execPath, [SERVER], { cwd: root, env, stdio: ['ignore', log, log] });
  writeFileSync(path.join(workDir, 'server.pid'), String(server.pid));
  const baseUrl = await waitForBanner(serverLog, server);

  const passphrase = 'e2e agency passphrase, long';
  const reviewer = { username: 'reviewer', password: 'e2e reviewer password' };
  writeFileSync(path.join(workDir, 'passphrase'), passphrase);
  writeFileSync(path.join(workDir, 'password'), reviewer.password);
  const keyFile = path.join(workDir, 'agency-private-key.asc');
  const init = spawnSync(
    process.execPath,
    [
      ADMIN,
      'init',
      '--passphrase-file',
      'passphrase',
      '--password-file',
      'password',
      '--reviewer',
      reviewer.username,
      '--key-out',
      keyFile,
    ],
    { cwd: workDir, env, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`admin init failed:\n${init.stdout}\n${init.stderr}`);
  writeFileSync(path.join(workDir, 'admin-init.txt'), init.stdout);
  const fingerprint = /Agency key fingerprint:\s+([0-9A-F ]{49})/.exec(init.stdout)?.[1];
  if (!fingerprint) throw new Error(`no fingerprint in admin init output:\n${init.stdout}`);

  const state: E2ePlatform = { baseUrl, dataDir, serverLog, keyFile, passphrase, reviewer, fingerprint, workDir };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

async function waitForBanner(logFile: string, server: ReturnType<typeof spawn>): Promise<string> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const text = readFileSync(logFile, 'utf8');
    const match = /Whistle412 is running at (http:\/\/localhost:\d+)\//.exec(text);
    if (match && text.includes('Press Ctrl-C')) return match[1]!;
    if (server.exitCode !== null) throw new Error(`the server exited during start-up:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not start:\n${readFileSync(logFile, 'utf8')}`);
}
