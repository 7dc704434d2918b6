import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { buildFerretdb, cachedFerretdbPath, canBuildFerretdb, FERRETDB_VERSION } from './ferretdb-build';
import { captureTail, findExecutable, processAlive, socketAnswers, stopProcess, waitForSocket } from './processes';

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
  socket: string;
  pid: number;
  description: string;
}

/**
 * The embedded engine listens on this Unix socket only, in a folder of mode
 * 0700 inside the data folder: no other user's process can connect, and no
 * process at all can reach it over TCP (docs/threat-model.md).
 */
const SOCKET_FOLDER = 'socket';
// The MongoDB driver takes a host ending in .sock as a socket path.
const SOCKET_NAME = 'engine.sock';
/** sun_path holds 108 bytes on Linux (104 on macOS), the terminating NUL included. */
const SOCKET_PATH_MAX = process.platform === 'darwin' ? 103 : 107;

/**
 * Starts the database the way DESIGN.md orders it: MONGODB_URI if set; else
 * an engine already running on this data folder; else mongod from the tools
 * folder or PATH; else our patched FerretDB (cached, or built with Go); else a
 * ferretdb found on PATH (unpatched, with a warning); else
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
  if (ownFerretdb && existsSync(ownFerretdb)) return startFerretdb({ binary: ownFerretdb, dataDir });
  if (canBuildFerretdb()) return startFerretdb({ binary: await buildFerretdb(toolsDir, log), dataDir });

  const ferretdb = findExecutable('ferretdb', [toolsDir]);
  if (ferretdb) {
    log(`Using ${ferretdb}: without Whistle412's patches, _id lookups scan and concurrent updates can be lost.`);
    return startFerretdb({ binary: ferretdb, dataDir, ownBuild: false });
  }
  log('No mongod, ferretdb or Go found: using mongodb-memory-server (downloads MongoDB on first use).');
  return startMemoryServer(dataDir);
}

/**
 * Starts a FerretDB binary on `dataDir`, listening on the private socket only.
 * `ownBuild` is our tools/ferretdb build, which also exits when our stdin closes.
 * The engine benchmark uses this to run the patched and unpatched builds.
 */
export function startFerretdb({
  binary,
  dataDir,
  ownBuild = true,
}: {
  binary: string;
  dataDir: string;
  ownBuild?: boolean;
}): Promise<Engine> {
  const sqliteDir = path.join(dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true, mode: 0o700 });
  return spawnEngine('ferretdb', binary, dataDir, (socket) => ({
    args: [
      // An empty TCP address turns the TCP listener off (our build's default too).
      '--listen-addr=',
      `--listen-unix=${socket}`,
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      '--telemetry=disable',
      // The official binary opens a debug port (8088) and writes state.json into the working folder unless told otherwise.
      '--debug-addr=-',
      `--state-dir=${sqliteDir}`,
      '--log-level=warn',
      ...(ownBuild ? ['--exit-with-stdin'] : []),
    ],
    description: `FerretDB ${FERRETDB_VERSION} (SQLite${ownBuild ? ', patched' : ''}), data in ${sqliteDir}`,
  }));
}

function passive(kind: EngineKind, uri: string, description: string): Engine {
  return { kind, uri, description, stop: async () => {}, onUnexpectedExit: () => {} };
}

/** The connection string for a MongoDB-wire server on a Unix socket: the path, percent-encoded, as the host. */
export function socketUri(socketPath: string): string {
  return `mongodb://${encodeURIComponent(socketPath)}/`;
}

async function runningEngine(dataDir: string): Promise<EngineFile | null> {
  const file = path.join(dataDir, ENGINE_FILE);
  if (!existsSync(file)) return null;
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Partial<EngineFile>;
    if (recorded.socket && recorded.pid && processAlive(recorded.pid) && (await socketAnswers(recorded.socket))) {
      return recorded as EngineFile;
    }
  } catch {
    // unreadable: treated as stale
  }
  rmSync(file, { force: true });
  return null;
}

/** The private socket folder (created, mode 0700) and the socket's path in it, free to listen on. */
async function privateSocket(dataDir: string): Promise<{ folder: string; socket: string }> {
  const folder = path.join(dataDir, SOCKET_FOLDER);
  const socket = path.join(folder, SOCKET_NAME);
  const length = Buffer.byteLength(socket);
  if (length > SOCKET_PATH_MAX) {
    throw new Error(
      `The database engine's socket would be ${socket} (${length} bytes), but a Unix socket path may have at most ` +
        `${SOCKET_PATH_MAX}. Choose a DATA_DIR of at most ${SOCKET_PATH_MAX - (length - Buffer.byteLength(dataDir))} bytes.`,
    );
  }
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700); // also when it existed with a wider mode
  if (existsSync(socket)) {
    if (await socketAnswers(socket)) {
      throw new Error(
        `A database engine already answers on ${socket}, but ${path.join(dataDir, ENGINE_FILE)} does not name it. ` +
          'Stop it (or the server that started it) first: two engines must never share one data folder.',
      );
    }
    rmSync(socket, { force: true }); // left by an engine that did not stop cleanly
  }
  return { folder, socket };
}

type ArgsFor = (socket: string, folder: string) => { args: string[]; description: string };

/**
 * mongod listens on a socket path given to --bind_ip and on no TCP address
 * (untested here: no mongod on these machines). It also makes its default
 * socket, mongodb-<port>.sock, which --unixSocketPrefix keeps in the same
 * private folder; the port only names that file.
 */
function mongodArgs(dataDir: string): ArgsFor {
  const dbPath = path.join(dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  return (socket, folder) => ({
    args: ['--dbpath', dbPath, '--bind_ip', socket, '--unixSocketPrefix', folder, '--port', '27017', '--quiet'],
    description: `mongod, data in ${dbPath}`,
  });
}

async function spawnEngine(kind: EngineKind, binary: string, dataDir: string, argsFor: ArgsFor): Promise<Engine> {
  const { folder, socket } = await privateSocket(dataDir);
  const { args, description } = argsFor(socket, folder);
  // stdin stays an open pipe: our FerretDB build exits when it closes, so a
  // killed parent leaves no engine behind.
  const child = spawn(path.resolve(binary), args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: dataDir });
  const output = captureTail(child);
  const failedToSpawn = new Promise<never>((_resolve, reject) => child.once('error', reject));
  try {
    await Promise.race([waitForSocket(child, socket, output), failedToSpawn]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const uri = socketUri(socket);
  const record: EngineFile = { kind, uri, socket, pid: child.pid ?? 0, description };
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

/** The last resort, and the one engine that listens on TCP (127.0.0.1): see docs/threat-model.md. */
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
