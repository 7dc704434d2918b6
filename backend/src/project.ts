import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found from this file's place whether it runs from
 * source (tsx) or compiled (dist/server/...), so tools/ is found either way.
 */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'whistle412'
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
