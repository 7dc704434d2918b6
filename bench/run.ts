/**
 * `npm run bench -- <name> [arguments…]`: runs one benchmark. Benchmarks print
 * figures and assert nothing (speed claims live here, not in tests); their
 * results, with machine, command and date, go to docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const BENCHMARKS: Record<string, { file: string; what: string }> = {
  engine: { file: 'engine.ts', what: '_id lookups on the embedded engine, patched vs unpatched FerretDB' },
  inbox: {
    file: 'inbox.ts',
    what: 'inbox list (active, archive, filters) and open over HTTP vs the bare query, 1 000 / 5 000 / 20 000 [sizes…]',
  },
  ingest: {
    file: 'ingest.ts',
    what: 'POST /api/v1/reports vs a bare insert, concurrency 1 and 10, with a CPU profile [--rounds N] [--requests N]',
  },
  pow: {
    file: 'pow.ts',
    what: "the reporter's proof of work in Chromium, JIT and jitless: hash rate, time per difficulty [--runs N] [--bits N] [--no-build]",
  },
  'login-flood': {
    file: 'login-flood.ts',
    what: 'reporter page and report submission p95, idle vs 50 parallel bogus logins [--samples N] [--flood N]',
  },
  'login-bound': {
    file: 'login-bound.ts',
    what: "the reviewer's login in Chromium at the capped proof of work, with and without the JIT [--runs N]",
  },
  hostile: { file: 'hostile.ts', what: 'server CPU and memory per hostile report or key vs a valid report [--runs N]' },
  pages: {
    file: 'pages.ts',
    what: 'bytes per page and time to the fingerprint over a slow link [--runs N] [--no-build] [--root DIR]',
  },
  files: {
    file: 'files.ts',
    what: 'evidence files: encryption and decryption vs bare OpenPGP.js, memory, server RSS, downloads among 1 000 [--mib N] [--runs N]',
  },
  'files-buffers': {
    file: 'files-buffers.ts',
    what: 'what a worker keeps of read slices and upload bodies without a garbage collection, 64 vs 256 MiB [--sizes] [--variants]',
  },
  'files-segmem': {
    file: 'files-segmem.ts',
    what: "the crypto worker's memory while encrypting segments, and what frees it [--mib N] [--runs N] [--jitless] [--variants]",
  },
  sha256: {
    file: 'sha256.ts',
    what: "the browser's whole-file SHA-256 vs @noble/hashes, Chromium JIT and jitless, Node [--mib N] [--jitless-mib N] [--runs N]",
  },
  seal: {
    file: 'seal.ts',
    what: 'click to receipt vs an OpenPGP.js floor page, JIT and jitless [--runs N] [--no-build]',
  },
};

const [name, ...args] = process.argv.slice(2);
const benchmark = name ? BENCHMARKS[name] : undefined;
if (!benchmark) {
  console.error(name ? `Unknown benchmark: ${name}\n` : 'Which benchmark?\n');
  console.error('Usage: npm run bench -- <name> [arguments…]\n');
  for (const [known, { what }] of Object.entries(BENCHMARKS)) console.error(`  ${known.padEnd(12)} ${what}`);
  process.exit(2);
}
// Its own process, so each benchmark stays a plain script that also runs alone (npx tsx bench/<file>).
const result = spawnSync(
  process.execPath,
  ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(__dirname, benchmark.file), ...args],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
