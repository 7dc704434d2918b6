/**
 * `npm test`: every check and test the project has, in order, continuing
 * after a failure so the totals are real. Ends with one line,
 * `N passed, N failed`, which CI reads (it does not read jest's summary).
 *
 * Each of lint, format, typecheck and build counts as one test; jest and
 * Playwright report their own counts through their JSON output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const tmp = path.join(root, 'tmp');
mkdirSync(tmp, { recursive: true });

let passed = 0;
let failed = 0;
const failures: string[] = [];

/** No step may hang CI: one that runs past this is stopped and counted as failed. */
const STEP_LIMIT_MS = 25 * 60_000;

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    timeout: STEP_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) process.stdout.write(`\n${label}: ${result.error.message}\n`);
  return result.status === 0;
}

function step(label: string, command: string, args: string[]): boolean {
  const ok = run(label, command, args);
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
  return ok;
}

function counted(
  label: string,
  ok: boolean,
  file: string,
  read: (json: unknown) => { passed: number; failed: number },
) {
  if (!existsSync(file)) {
    failed += 1;
    failures.push(`${label} (no results: it did not run)`);
    return;
  }
  const totals = read(JSON.parse(readFileSync(file, 'utf8')));
  passed += totals.passed;
  failed += totals.failed;
  if (totals.failed > 0 || !ok) failures.push(label);
  if (!ok && totals.failed === 0) {
    failed += 1;
    failures.push(`${label} (exited with an error outside any test)`);
  }
}

const npx = (...args: string[]) => ['npx', args] as const;

step('database engine', ...npx('tsx', 'backend/src/engine/engine-cli.ts'));
step('lint', ...npx('eslint', '--max-warnings', '0', '.'));
step('format', ...npx('prettier', '--check', '.'));
step('typecheck (server, crypto, tests)', ...npx('tsc', '-p', 'tsconfig.json', '--noEmit'));
step('typecheck (end-to-end tests)', ...npx('tsc', '-p', 'tests/e2e/tsconfig.json', '--noEmit'));
step('typecheck (frontend)', ...npx('tsc', '-p', 'frontend/tsconfig.json', '--noEmit'));
const built = step('build', 'npm', ['run', 'build', '--silent']);

const jestResults = path.join(tmp, 'jest-results.json');
rmSync(jestResults, { force: true });
// --forceExit: a failed test that leaves a connection open must not keep CI waiting; the failure is still counted.
const jestOk = run('jest (unit, api, interop)', 'npx', [
  'jest',
  '--ci',
  '--forceExit',
  '--json',
  `--outputFile=${jestResults}`,
]);
counted('jest', jestOk, jestResults, (json) => {
  const j = json as { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites: number };
  return { passed: j.numPassedTests, failed: j.numFailedTests + j.numRuntimeErrorTestSuites };
});

// Once more in a half-hour time zone: code that cuts times to the hour in local time instead of UTC
// passes in UTC and fails here (10:37 UTC is 16:07 in Kolkata; a local cut gives 10:30 UTC).
const kolkataResults = path.join(tmp, 'jest-unit-kolkata.json');
rmSync(kolkataResults, { force: true });
const kolkataOk = run(
  'jest unit tests in TZ=Asia/Kolkata',
  'npx',
  ['jest', '--selectProjects', 'unit', '--ci', '--forceExit', '--json', `--outputFile=${kolkataResults}`],
  { TZ: 'Asia/Kolkata' },
);
counted('jest unit (TZ=Asia/Kolkata)', kolkataOk, kolkataResults, (json) => {
  const j = json as { numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites: number };
  return { passed: j.numPassedTests, failed: j.numFailedTests + j.numRuntimeErrorTestSuites };
});

const playwrightResults = path.join(tmp, 'playwright-results.json');
rmSync(playwrightResults, { force: true });
if (built) {
  const e2eOk = run('end to end (Playwright, Chromium)', 'npx', [
    'playwright',
    'test',
    '-c',
    'tests/e2e/playwright.config.ts',
  ]);
  counted('end to end', e2eOk, playwrightResults, (json) => {
    const s = (json as { stats: { expected: number; unexpected: number; flaky: number } }).stats;
    return { passed: s.expected, failed: s.unexpected + s.flaky };
  });
} else {
  failed += 1;
  failures.push('end to end (not run: the build failed)');
}

if (failures.length > 0) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
