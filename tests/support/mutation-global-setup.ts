import { rmSync } from 'node:fs';

import globalSetup from './global-setup';
import mutationRunStart from './mutation-run-start';

/**
 * The API tests' engine for mutation runs (stryker.config.mjs): Stryker calls jest once per mutant in the same
 * process, and jest runs its global setup each time; starting the engine once per test process instead spares every
 * mutant an engine start. There is no matching teardown: the engine lives as long as Stryker's test process, and
 * our FerretDB build exits when that process does (its stdin closes); the data folder is removed on the way out.
 */
export default async function mutationGlobalSetup() {
  mutationRunStart();
  const running = globalThis.__W412_ENGINE__;
  if (running) {
    process.env.W412_TEST_MONGODB_URI = running.engine.uri;
    process.env.W412_TEST_ENGINE_KIND = running.engine.kind;
    return;
  }
  await globalSetup();
  const { dataDir } = globalThis.__W412_ENGINE__!;
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}
