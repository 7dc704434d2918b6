import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { startProduct } from '../support/product';
import type { E2ePlatform } from './platform';
import { STATE_FILE } from './platform';

const root = path.resolve(__dirname, '..', '..');

/**
 * Starts the product as a user does after `npm run build` (tests/support/product.ts)
 * and leaves what the specs need in a state file. The server's whole output goes
 * to a log file that the canary scan reads.
 */
export default async function globalSetup() {
  const page = path.join(root, 'dist', 'public', 'index.ru.html');
  if (!existsSync(page)) throw new Error(`${path.relative(root, page)} is missing: run \`npm run build\` first`);
  const workDir = path.dirname(STATE_FILE);
  // Proof of work on, at a small difficulty: the browser fetches, solves and sends a real proof in every run.
  const product = await startProduct({ root, workDir, env: { PROOF_OF_WORK_BITS: '8' } });
  writeFileSync(path.join(workDir, 'server.pid'), String(product.server.pid));
  const { baseUrl, dataDir, serverLog, keyFile, passphrase, reviewer, fingerprint } = product;
  const state: E2ePlatform = { baseUrl, dataDir, serverLog, keyFile, passphrase, reviewer, fingerprint, workDir };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}
