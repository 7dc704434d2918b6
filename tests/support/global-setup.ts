import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startEngine, startFerretdb, type Engine } from '../../backend/src/engine/engine';
import { buildFerretdb } from '../../backend/src/engine/ferretdb-build';
import { projectRoot } from '../../backend/src/project';

declare global {
  var __W412_ENGINE__: { engine: Engine; dataDir: string } | undefined;
}

/**
 * One real engine for the API tests, started by the product's own launcher on
 * a temporary folder (each test file then uses a database of its own).
 * MONGODB_URI, if set, is used instead, as the product would.
 * W412_FERRETDB=unpatched starts FerretDB as released instead, to watch
 * tests/api/engine-patches.test.ts fail without the patches.
 */
export default async function globalSetup() {
  await startTestEngine(os.tmpdir());
}

/** The same, with the engine's data in a new folder inside `parent` (mutation runs keep it in their sandbox). */
export async function startTestEngine(parent: string) {
  const dataDir = mkdtempSync(path.join(parent, 'w412-jest-'));
  const toolsDir = path.join(projectRoot(), 'tools', 'bin');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const engine =
    process.env.W412_FERRETDB === 'unpatched'
      ? await startFerretdb({ binary: await buildFerretdb(toolsDir, log, 'unpatched'), dataDir })
      : await startEngine({ mongodbUri: process.env.MONGODB_URI, dataDir, toolsDir, log });
  process.env.W412_TEST_MONGODB_URI = engine.uri;
  process.env.W412_TEST_ENGINE_KIND = engine.kind;
  globalThis.__W412_ENGINE__ = { engine, dataDir };
}
