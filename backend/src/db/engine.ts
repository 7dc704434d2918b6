import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { buildFerretdb, cachedFerretdbPath, canBuildFerretdb, FERRETDB_VERSION } from './ferretdb-build';
import {
  captureTail,
  findExecutable,
  freePort,
  portAnswers,
  processAlive,
  stopProcess,
  waitForPort,
} from './processes';

export type EngineKind = 'external' | 'shared' | 'mongod' | 'ferretdb' | 'mongodb-memory-server';

export interface Engine {
  kind: EngineKind;
  /** A connection string without a database name. */
  uri: string;
  /** One line for people: what runs and where the data is. */
  description: string;
  /** Stops the engine if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
  /** Called if an engine this process started ends on its own. */
  onUnexpectedExit(listener: (detail: string) => void): void;
}

export interface StartEngineOptions {
  /** MONGODB_URI: when set, nothing is started. */
  mongodbUri?: string | undefined;
  /** Where the embedded engine keeps its files (it uses a sub-folder per engine kind). */
  dataDir: string;
  /** Where binaries are looked for and FerretDB is built to. */
  toolsDir: string;
  log?: (line: string) => void;
}

/** Written while an embedded engine runs, so the admin CLI can use the server's engine instead of opening the files twice. */
const ENGINE_FILE = 'engine.json';
interface EngineFile {
  kind: EngineKind;
  uri: string;
  port: number;
  pid: number;
  description: string;
}

/**
 * Starts the database the way DESIGN.md orders it: MONGODB_URI if set; else
 * an engine already running on this data folder; else mongod or ferretdb from
 * the tools folder or PATH; else FerretDB built with Go; else
 * mongodb-memory-server (which downloads MongoDB on first use where it can).
 */
export async function startEngine(options: StartEngineOptions): Promise<Engine> {
  const log = options.log ?? (() => {});
  if (options.mongodbUri) {
    return passive('external', options.mongodbUri, 'MongoDB at MONGODB_URI');
  }
  const dataDir = path.resolve(options.dataDir);
  const toolsDir = path.resolve(options.toolsDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const running = await runningEngine(dataDir);
  if (running) return passive('shared', running.uri, `${running.description} (started by process ${running.pid})`);

  const mongod = findExecutable('mongod', [toolsDir]);
  if (mongod) return spawnEngine('mongod', mongod, dataDir, mongodArgs(dataDir));

  const ownFerretdb = cachedFerretdbPath(toolsDir);
  if (ownFerretdb && existsSync(ownFerretdb)) {
    return spawnEngine('ferretdb', ownFerretdb, dataDir, ferretdbArgs(dataDir, true));
  }
  const ferretdb = findExecutable('ferretdb', [toolsDir]);
  if (ferretdb) return spawnEngine('ferretdb', ferretdb, dataDir, ferretdbArgs(dataDir, false));

  if (canBuildFerretdb()) {
    const built = await buildFerretdb(toolsDir, log);
    return spawnEngine('ferretdb', built, dataDir, ferretdbArgs(dataDir, true));
  }
  log('No mongod, ferretdb or Go found: using mongodb-memory-server (downloads MongoDB on first use).');
  return startMemoryServer(dataDir);
}

function passive(kind: EngineKind, uri: string, description: string): Engine {
  return { kind, uri, description, stop: async () => {}, onUnexpectedExit: () => {} };
}

async function runningEngine(dataDir: string): Promise<EngineFile | null> {
  const file = path.join(dataDir, ENGINE_FILE);
  if (!existsSync(file)) return null;
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as EngineFile;
    if (processAlive(recorded.pid) && (await portAnswers(recorded.port))) return recorded;
  } catch {
    // unreadable: treated as stale
  }
  rmSync(file, { force: true });
  return null;
}

type ArgsFor = (port: number) => { args: string[]; description: string };

function mongodArgs(dataDir: string): ArgsFor {
  const dbPath = path.join(dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  return (port) => ({
    args: ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
    description: `mongod, data in ${dbPath}`,
  });
}

function ferretdbArgs(dataDir: string, ownBuild: boolean): ArgsFor {
  const sqliteDir = path.join(dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true, mode: 0o700 });
  return (port) => ({
    args: [
      `--listen-addr=127.0.0.1:${port}`,
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      '--telemetry=disable',
      // The official binary opens a debug port (8088) and writes state.json into the working folder unless told otherwise.
      '--debug-addr=-',
      `--state-dir=${sqliteDir}`,
      '--log-level=warn',
      ...(ownBuild ? ['--exit-with-stdin'] : []),
    ],
    description: `FerretDB ${FERRETDB_VERSION} (SQLite), data in ${sqliteDir}`,
  });
}

async function spawnEngine(kind: EngineKind, binary: string, dataDir: string, argsFor: ArgsFor) {
  const port = await freePort();
  const { args, description } = argsFor(port);
  // stdin stays an open pipe: our FerretDB build exits when it closes, so a
  // killed parent leaves no engine behind.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: dataDir });
  const output = captureTail(child);
  try {
    await waitForPort(child, port, output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const uri = `mongodb://127.0.0.1:${port}/`;
  const record: EngineFile = { kind, uri, port, pid: child.pid ?? 0, description };
  const file = path.join(dataDir, ENGINE_FILE);
  writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  return ownedEngine(kind, uri, description, child, output, () => rmSync(file, { force: true }));
}

function ownedEngine(
  kind: EngineKind,
  uri: string,
  description: string,
  child: ChildProcess,
  output: () => string,
  cleanup: () => void,
): Engine {
  let stopping = false;
  const listeners: ((detail: string) => void)[] = [];
  child.once('exit', (code, signal) => {
    cleanup();
    if (!stopping) listeners.forEach((l) => l(`exit ${code ?? signal}: ${output().trim()}`));
  });
  return {
    kind,
    uri,
    description,
    async stop() {
      stopping = true;
      await stopProcess(child);
      child.stdin?.destroy();
      cleanup();
    },
    onUnexpectedExit: (listener) => listeners.push(listener),
  };
}

async function startMemoryServer(dataDir: string): Promise<Engine> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = path.join(dataDir, 'mongodb-memory-server');
  mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  const server = await MongoMemoryServer.create({ instance: { dbPath, ip: '127.0.0.1', storageEngine: 'wiredTiger' } });
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri(),
    description: `mongodb-memory-server, data in ${dbPath}`,
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
    onUnexpectedExit: () => {},
  };
}
