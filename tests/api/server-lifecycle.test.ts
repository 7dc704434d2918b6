import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { findExecutable, processAlive } from '../../backend/src/engine/processes';
import { cleanEnv, exited, ROOT, spawn, tsNodeArgs, until, waitForOutput } from '../support/processes';

/**
 * The start path a user takes: no MONGODB_URI, so the server's launcher starts
 * the embedded engine on ./data itself, and must stop it again.
 */
describe('the server with its embedded database', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-server-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const startServer = async () => {
    const child = spawn(process.execPath, tsNodeArgs('backend/src/server.ts'), {
      cwd: ROOT,
      env: cleanEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, baseUrl, platformKey] = await waitForOutput(
      child,
      /Whistle412 is running at (http:\/\/localhost:\d+)\/[\s\S]*Platform key: +([0-9A-F ]{49})[\s\S]*Press Ctrl-C to stop\./,
    );
    const engine = JSON.parse(readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { pid: number; kind: string };
    return { child, baseUrl: baseUrl!, engine, platformKey: platformKey! };
  };

  it('prints where to open it and how to set it up, answers, and on SIGTERM stops the engine it started', async () => {
    const { child, baseUrl, engine, platformKey } = await startServer();
    expect(processAlive(engine.pid)).toBe(true);
    // The first start makes the platform signing key (before admin init) and prints its fingerprint.
    expect(statSync(path.join(dataDir, 'platform-signing-key.asc')).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dataDir, engine.kind === 'ferretdb' ? 'ferretdb' : engine.kind))).toBe(true);

    const health = await fetch(`${baseUrl}/api/v1/health`);
    expect(await health.json()).toEqual({ ok: true });
    const config = await fetch(`${baseUrl}/api/v1/config`);
    const served = (await config.json()) as { agencyFingerprint: unknown; platformFingerprint: string };
    expect(served.agencyFingerprint).toBeNull();
    expect(served.platformFingerprint).toBe(platformKey.replace(/ /g, '').toLowerCase());

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(await until(() => !processAlive(engine.pid))).toBe(true);
    expect(existsSync(path.join(dataDir, 'engine.json'))).toBe(false);
  });

  it('tells a first-time user to run admin init, on the same data folder as the server', async () => {
    const child = spawn(process.execPath, tsNodeArgs('backend/src/server.ts'), {
      cwd: ROOT,
      env: cleanEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Without DATA_DIR the admin command would open ./data, a database the server never reads.
    const command = `DATA_DIR=${dataDir} npm run admin -- init`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await waitForOutput(child, new RegExp(`First run:[\\s\\S]*\\n  ${command}\\n[\\s\\S]*Press Ctrl-C`));
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });

  // Only our FerretDB build watches its parent; a mongod (which the launcher prefers when it finds one) cannot.
  // Where that is the case the test shows as skipped, not passed.
  const serverRunsMongod = findExecutable('mongod', [path.join(ROOT, 'tools', 'bin')]) !== null;
  (serverRunsMongod ? it.skip : it)(
    'leaves no engine behind even when the server is killed outright (SIGKILL)',
    async () => {
      const { child, engine } = await startServer();
      expect(engine.kind).toBe('ferretdb');
      child.kill('SIGKILL');
      await exited(child);
      expect(await until(() => !processAlive(engine.pid))).toBe(true);
    },
  );

  it('when its port is taken, says so and stops the engine it had started', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const child = spawn(process.execPath, tsNodeArgs('backend/src/server.ts'), {
        cwd: ROOT,
        env: cleanEnv({ DATA_DIR: dataDir, PORT: String(port) }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      expect(await exited(child)).toBe(1);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(path.join(dataDir, 'engine.json'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const child = spawn(process.execPath, tsNodeArgs('backend/src/server.ts'), {
      cwd: ROOT,
      env: cleanEnv({ DATA_DIR: dataDir, PORT: 'eighty' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await exited(child)).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT');
  });
});
