import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { startTestEngine } from './global-setup';
import mutationRunStart from './mutation-run-start';

/**
 * The API tests' engine for mutation runs (stryker.config.mjs): Stryker calls jest once per mutant in the same
 * process, and jest runs its global setup each time; starting the engine once per test process instead spares every
 * mutant an engine start. There is no matching teardown: the engine lives as long as Stryker's test process, and
 * our FerretDB build exits when that process does (its stdin closes). The data folder is removed on the way out,
 * and lives in Stryker's sandbox (the working folder here), which Stryker removes too, even after a killed worker.
 */
export default async function mutationGlobalSetup() {
  mutationRunStart();
  const running = globalThis.__W412_ENGINE__;
  if (running) {
    process.env.W412_TEST_MONGODB_URI = running.engine.uri;
    process.env.W412_TEST_ENGINE_KIND = running.engine.kind;
    return;
  }
  const parent = path.join(process.cwd(), 'tmp');
  mkdirSync(parent, { recursive: true });
  await startTestEngine(parent);
  const { dataDir } = globalThis.__W412_ENGINE__!;
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}
