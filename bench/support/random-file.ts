import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

const MIB = 1024 * 1024;

/**
 * A file of `mib` MiB of random bytes in `dir`, made once and reused (the
 * browser reads it from disk, as a reporter's file).
 */
export function randomFile(dir: string, mib: number): string {
  const file = path.join(dir, `random-${mib}MiB.bin`);
  if (existsSync(file) && statSync(file).size === mib * MIB) return file;
  mkdirSync(dir, { recursive: true });
  const fd = openSync(file, 'w');
  for (let i = 0; i < mib; i++) writeSync(fd, randomBytes(MIB));
  closeSync(fd);
  return file;
}
