import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import mongoose from 'mongoose';

import { startEngine, type Engine } from '../../backend/src/engine/engine';
import { processAlive, socketAnswers } from '../../backend/src/engine/processes';
import { ROOT, until } from '../support/processes';

const TOOLS_DIR = path.join(ROOT, 'tools', 'bin');

/** The inodes of every socket the process holds open (Linux: /proc/<pid>/fd/* → "socket:[inode]"). */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

/** Listening TCP sockets (IPv4 and IPv6) as local address and inode, from /proc/net/tcp{,6}. */
function tcpListeners(): { local: string; inode: string }[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A') // TCP_LISTEN
      .map((fields) => ({ local: fields[1]!, inode: fields[9]! })),
  );
}

/** Unix sockets bound to a path, as path and inode, from /proc/net/unix. */
function unixSockets(): { path: string; inode: string }[] {
  return readFileSync('/proc/net/unix', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8)
    .map((fields) => ({ inode: fields[6]!, path: fields[7]! }));
}

const engineFile = (dataDir: string) =>
  JSON.parse(readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { pid: number; socket: string; uri: string };

/**
 * The embedded engine is reachable by the server alone: a Unix socket in a
 * folder only the server's user can enter, and no TCP port for any other local
 * process to connect to (docs/threat-model.md). MONGODB_URI is deliberately
 * not passed: this is about the engine the product starts itself.
 */
describe('the embedded database engine', () => {
  let dataDir: string;
  const engines: Engine[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'w412-socket-'));
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (dir = dataDir) => {
    const engine = await startEngine({ dataDir: dir, toolsDir: TOOLS_DIR });
    engines.push(engine);
    return engine;
  };

  it('listens only on a Unix socket in a private folder of the data folder, and on no TCP port', async () => {
    // A socket folder left with a wider mode is made private again.
    mkdirSync(path.join(dataDir, 'socket'), { mode: 0o755 });
    const engine = await start();
    expect(['ferretdb', 'mongod']).toContain(engine.kind);

    const { pid, socket, uri } = engineFile(dataDir);
    expect(socket).toBe(path.join(dataDir, 'socket', 'engine.sock'));
    expect(statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(uri).toBe(`mongodb://${encodeURIComponent(socket)}/`);
    expect(engine.uri).toBe(uri);

    // The launcher's readiness probes (and any other) leave no connection behind: each probe is answered only
    // once the engine has closed its end, so the engine holds one socket at that path, its listener.
    for (let i = 0; i < 5; i++) expect(await socketAnswers(socket)).toBe(true);
    const held = socketInodes(pid);
    // The engine's listening socket is the one at that path (so the TCP check below looks at the right process)…
    expect(unixSockets().filter((s) => s.path === socket && held.has(s.inode))).toHaveLength(1);
    // …and none of the sockets it holds is listening on TCP.
    const listening = tcpListeners().filter((l) => held.has(l.inode));
    expect(listening).toEqual([]);

    const db = await mongoose.createConnection(uri, { dbName: 'socket_check' }).asPromise();
    try {
      expect(await db.db!.admin().command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await db.close();
    }
  });

  it('is shared through engine.json by a second process on the same data folder (as the admin command does)', async () => {
    const first = await start();
    const second = await start();
    expect(second.kind).toBe('shared');
    expect(second.uri).toBe(first.uri);
  });

  it('starts again after its engine was killed outright, replacing the stale socket', async () => {
    await start();
    const { pid, socket } = engineFile(dataDir);
    process.kill(pid, 'SIGKILL');
    expect(await until(() => !processAlive(pid))).toBe(true);
    expect(statSync(socket).isSocket()).toBe(true); // left behind

    const again = await start();
    expect(['ferretdb', 'mongod']).toContain(again.kind);
    expect(engineFile(dataDir).pid).not.toBe(pid);
    const db = await mongoose.createConnection(again.uri, { dbName: 'socket_check' }).asPromise();
    await db.close();
  });

  it('refuses a data folder too deep for a socket path, and says how long DATA_DIR may be', async () => {
    const deep = path.join(dataDir, 'd'.repeat(60), 'e'.repeat(60));
    await expect(start(deep)).rejects.toThrow(/at most 107[\s\S]*Choose a DATA_DIR of at most \d+ bytes/);
  });
});
