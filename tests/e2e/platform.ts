import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What global-setup.ts started, shared with the specs through a file. */
export interface E2ePlatform {
  baseUrl: string;
  dataDir: string;
  serverLog: string;
  keyFile: string;
  passphrase: string;
  /** The first administrator; `secret` is their TOTP secret (enrolled in global setup). */
  reviewer: { username: string; password: string; secret: string };
  fingerprint: string;
  workDir: string;
}

export const STATE_FILE = path.resolve(__dirname, '..', '..', 'tmp', 'e2e', 'state.json');

export function platform(): E2ePlatform {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2ePlatform;
}
