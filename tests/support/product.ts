import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { generateSync } from 'otplib';

export interface RunningProduct {
  baseUrl: string;
  /** As `admin init` printed it: ten groups of four hex digits. */
  fingerprint: string;
  dataDir: string;
  serverLog: string;
  keyFile: string;
  passphrase: string;
  /** The first administrator, with the TOTP secret their second factor was enrolled with (through the API). */
  reviewer: { username: string; password: string; secret: string };
  server: ChildProcess;
}

/**
 * Starts the product as a user does after `npm run build`: the compiled server
 * of the checkout at `root` on a fresh data folder in `workDir` (emptied first) (its launcher
 * starts the embedded engine), then `admin init` (which uses the running
 * server's engine). The server's whole output goes to `workDir/server.log`.
 * Used by the end-to-end tests and the benchmarks.
 */
export async function startProduct({
  root,
  workDir,
  env: extraEnv = {},
}: {
  root: string;
  workDir: string;
  env?: Record<string, string>;
}): Promise<RunningProduct> {
  const serverJs = path.join(root, 'dist', 'server', 'backend', 'src', 'server.js');
  const adminJs = path.join(root, 'dist', 'server', 'backend', 'src', 'cli', 'admin.js');
  for (const built of [serverJs, adminJs]) {
    if (!existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: run \`npm run build\` first`);
  }
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const dataDir = path.join(workDir, 'data');
  const serverLog = path.join(workDir, 'server.log');
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...extraEnv };
  delete env.MONGODB_URI;

  const log = openSync(serverLog, 'a');
  const server = spawn(process.execPath, [serverJs], { cwd: root, env, stdio: ['ignore', log, log] });
  try {
    return { ...(await initialise(server, serverLog, workDir, adminJs, env)), dataDir, serverLog, server };
  } catch (error) {
    await stopProduct(server.pid!);
    throw error;
  }
}

async function initialise(
  server: ChildProcess,
  serverLog: string,
  workDir: string,
  adminJs: string,
  env: NodeJS.ProcessEnv,
): Promise<Omit<RunningProduct, 'dataDir' | 'serverLog' | 'server'>> {
  const baseUrl = await waitForBanner(serverLog, server);

  const passphrase = 'e2e agency passphrase, long';
  const reviewer = { username: 'reviewer', password: 'e2e reviewer password' };
  writeFileSync(path.join(workDir, 'passphrase'), passphrase);
  writeFileSync(path.join(workDir, 'password'), reviewer.password);
  const keyFile = path.join(workDir, 'agency-private-key.asc');
  const init = spawnSync(
    process.execPath,
    [
      adminJs,
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
  const secret = await enrollSecondFactor(baseUrl, reviewer);
  return { baseUrl, fingerprint, keyFile, passphrase, reviewer: { ...reviewer, secret } };
}

/** The first login, as the console makes it: the password, then a code from the new TOTP secret. */
export async function enrolledSession(baseUrl: string, credentials: { username: string; password: string }) {
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${route}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const ticket = await post('session', credentials);
  const { secret } = ticket.enrollment as { secret: string };
  const session = await post('session/enrollment', {
    loginToken: ticket.loginToken,
    code: generateSync({ secret, epoch: Math.floor(Date.now() / 1000) }),
  });
  return { secret, token: session.token as string };
}

/** Enrolls the first administrator's second factor, then logs out. */
async function enrollSecondFactor(baseUrl: string, credentials: { username: string; password: string }) {
  const { secret, token } = await enrolledSession(baseUrl, credentials);
  await fetch(`${baseUrl}/api/v1/session`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  return secret;
}

/** Stops the server the way an operator does (SIGTERM); it stops its engine. */
export async function stopProduct(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, 'SIGKILL');
}

async function waitForBanner(logFile: string, server: ChildProcess): Promise<string> {
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
