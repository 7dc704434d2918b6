import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { STATE_FILE } from './platform';

/** Stops the server the way an operator does (SIGTERM); it stops its engine. The work folder stays for inspection. */
export default async function globalTeardown() {
  const pidFile = path.join(path.dirname(STATE_FILE), 'server.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
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
