import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__W412_ENGINE__;
  if (!state) return;
  await state.engine.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
}
