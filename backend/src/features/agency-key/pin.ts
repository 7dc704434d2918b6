import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { parseFingerprint } from '../../crypto';

/**
 * The agency fingerprint the pages are configured with. It lives in the
 * deployment's configuration (AGENCY_FINGERPRINT, or the file `admin init`
 * writes beside the data), not in the database, so whoever can change the
 * stored agency key cannot also change the fingerprint browsers check it against.
 */
const PIN_FILE = 'agency-fingerprint';

export interface AgencyPin {
  read(): string | null;
}

export function agencyPin({ dataDir, override }: { dataDir: string; override: string | undefined }): AgencyPin {
  return {
    read() {
      if (override) return parseFingerprint(override);
      try {
        return parseFingerprint(readFileSync(path.join(dataDir, PIN_FILE), 'utf8'));
      } catch {
        return null;
      }
    },
  };
}

export function writeAgencyPin(dataDir: string, fingerprint: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, PIN_FILE);
  writeFileSync(file, `${fingerprint}\n`, { mode: 0o644 });
  return file;
}
