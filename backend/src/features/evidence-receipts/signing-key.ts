import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { Clock } from '../../clock';
import { generatePlatformKey, platformSigner, type PlatformSigner } from '../../crypto';

/**
 * The platform signing key: the server's own OpenPGP key that signs evidence
 * receipts, separate from the agency key (whose private half the server never
 * has). Its private half is a file (mode 0600) beside the data, made at setup
 * (`admin init`) or at the first start, whichever comes first: written to a
 * temporary file and linked into place, so two processes starting at once
 * agree on one key. Several server instances must share the file.
 */
export async function loadPlatformKey({
  file,
  clock,
}: {
  file: string;
  clock: Clock;
}): Promise<PlatformSigner & { created: boolean }> {
  try {
    return { ...(await platformSigner({ armoredPrivateKey: readFileSync(file, 'utf8') })), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = await generatePlatformKey({ now: clock.now() });
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, key.armoredPrivateKey, { mode: 0o600, flag: 'wx' });
  let created = true;
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  } finally {
    rmSync(temporary, { force: true });
  }
  return { ...(await platformSigner({ armoredPrivateKey: readFileSync(file, 'utf8') })), created };
}

/** Loads (or makes) the key on first use and keeps it; a failed load is tried again next time. */
export function lazyPlatformKey(options: { file: string; clock: Clock }) {
  let loading: Promise<PlatformSigner> | null = null;
  return {
    get(): Promise<PlatformSigner> {
      loading ??= loadPlatformKey(options);
      loading.catch(() => {
        loading = null;
      });
      return loading;
    },
  };
}
export type LazyPlatformKey = ReturnType<typeof lazyPlatformKey>;
