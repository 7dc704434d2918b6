/**
 * `npm run bench -- <name> [options]`: runs one benchmark by name. Benchmarks
 * print figures and assert nothing; docs/benchmarks.md records them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const BENCHMARKS: Record<string, string> = {
  pages: 'pages.ts',
  seal: 'seal.ts',
  inbox: 'inbox.ts',
};

const [name, ...rest] = process.argv.slice(2);
const file = name ? BENCHMARKS[name] : undefined;
if (!file) {
  console.error(`usage: npm run bench -- <name> [options]\nbenchmarks: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(__dirname, file), ...rest],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
