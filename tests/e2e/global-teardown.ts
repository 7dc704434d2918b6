import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { stopProduct } from '../support/product';
import { STATE_FILE } from './platform';

/** Stops the server the way an operator does (SIGTERM); it stops its engine. The work folder stays for inspection. */
export default async function globalTeardown() {
  const pidFile = path.join(path.dirname(STATE_FILE), 'server.pid');
  if (!existsSync(pidFile)) return;
  await stopProduct(Number(readFileSync(pidFile, 'utf8')));
}
