// Mutation testing (`npm run mutate`, not part of `npm test`): see docs/testing.md.
// Slices: `npm run mutate -- --mutate crypto/src/packets.ts` mutates one file; the tests run are chosen from what
// is mutated, so a crypto slice runs the unit suites only and never starts the database engine.
import path from 'node:path';
import process from 'node:process';

import jestConfig from './jest.config.js';

/** What `npm run mutate` covers when no --mutate is given: the spine's pure crypto and its two services. */
const SPINE = [
  'crypto/src/**/*.ts',
  // Entry points and declarations: nothing in them to break that a test could see.
  '!crypto/src/{index,types,worker,hash-worker,serve}.ts',
  'backend/src/features/reports/service.ts',
  'backend/src/features/reviewers/{accounts,sessions,login,login-guard,second-factor}.ts',
];

// The unit suites that exercise each crypto file, by its name (the rest get tests/unit/crypto/<name>.test.ts); a
// name with a folder (`files/segments`, `../access-codes`) is a path under tests/unit/crypto/.
// Each mutant is tested against the tests here that reach it; the focused suites kill a mutant in seconds, where
// the key-generating and fuzzing suites, which reach nearly everything, would take a minute for each survivor.
const UNIT_TESTS = {
  packets: ['packets', 'inspect-refusals'],
  inspect: ['inspect', 'inspect-refusals'],
  armor: ['armor', 'inspect'],
  encoding: ['encoding', 'armor', 'packets', 'receipt'],
  'byte-reader': ['byte-reader', 'packets', 'reporter-key'],
  // The signature checks' suite reads every field of the reporter key; reviewer keys are read here too.
  'key-packets': ['reporter-key', 'reporter-key-signatures', 'reviewer-key', 'hostile'],
  // The hostile corpus holds the key layout's refusals (a packet missing, extra or out of place, another half).
  'reporter-key': ['reporter-key', 'reporter-key-signatures', 'hostile'],
  fingerprint: ['fingerprint', 'keys'],
  // profile: its own suite sets OpenPGP.js's defaults the other way (the profile must not rest on them).
  profile: ['profile', 'keys', 'report'],
  report: ['report', 'report-signature', '../representative'],
  'access-code': ['../access-codes'],
  // The console's key checks: each refusal in its words (reviewer-key-check), the certification round trip
  // (reviewer-key), the console's plain functions (reviewer-key-flows). destination(-key) run their own suites.
  'reviewer-key-check': ['reviewer-key-check', 'reviewer-key', '../reviewer-key-flows'],
  'reviewer-key': ['reviewer-key', 'reviewer-key-check', '../reviewer-key-flows'],
  // The crypto endpoint's verbs, through the suites that call them as the pages do (submit, return visit, access
  // codes, the console's key and report flows, evidence segments) and its own suite for the rest.
  api: [
    'api',
    'proxy',
    'report-signature',
    'reviewer-key',
    '../access-codes',
    '../return-visit',
    '../reviewer-key-flows',
    '../open-report',
    '../submit-report',
    '../files/segments',
    '../files/upload-hash',
  ],
  keystore: ['api', 'proxy'],
  'file-api': ['file-api', '../files/segments', '../files/upload-hash', '../files/upload-pipeline'],
  release: ['release', 'file-api'],
  // RefMap's own contract (refs), and the endpoints that keep things by reference across the worker boundary (proxy).
  refs: ['refs', 'proxy'],
  // The error's name, code and message as a caller sees them (errors), and across the worker boundary (proxy).
  errors: ['errors', 'proxy'],
  // serve-api: the worker boundary itself with small plain APIs (ids, errors, what is moved); proxy: the real API
  // over it.
  proxy: ['serve-api', 'proxy'],
  'serve-api': ['serve-api', 'proxy'],
  // segment-limits: the size limit on both sides (a larger or inflating segment from outside the product).
  segments: ['../files/segments', '../files/upload-hash', '../files/segment-limits'],
  'segment-layout': ['../files/segments'],
  'file-source': ['../files/file-source', '../files/segments', '../files/upload-pipeline', '../files/segment-limits'],
  // The hash worker's API (file-hash), the whole-file hash end to end (segments, upload-hash).
  'file-hash': ['file-hash', '../files/segments', '../files/upload-hash'],
  // The generated rounds: the digests are checked in the incremental SHA-256's suite.
  'sha256-rounds': ['sha256'],
  // The segments suite cleans photos end to end through PlaintextSource (WebP's second pass with the output size).
  metadata: ['../files/metadata', '../files/segments'],
  // generateReporterKey (its dated, reporter profile) is read field by field in the reporter key's suite; notes,
  // referral and report-signature run their own suites (the name's default).
  keys: ['keys', 'reporter-key'],
};
const unitTestsFor = (pattern) => {
  // A line range (`key-packets.ts:177-279`) mutates part of the file; its tests are the file's.
  const file = pattern.replace(/:[\d-]+$/, '');
  const name = file.includes('/metadata/') ? 'metadata' : path.basename(file, '.ts');
  if (name.includes('*'))
    return ['<rootDir>/tests/unit/crypto/**/*.test.ts', '<rootDir>/tests/unit/files/**/*.test.ts'];
  return (UNIT_TESTS[name] ?? [name]).map((test) => path.posix.join('<rootDir>/tests/unit/crypto', `${test}.test.ts`));
};

// The API suites that exercise each backend file (against the real engine, as always), by feature folder and name.
// The hostile corpus is left out: it passes the same refusal lines hundreds of times over, and its target is
// crypto/src. Suites that merely log in on the way (every console test) are left out too: each survivor would rerun
// them all. MUTATE_TESTS=login,accounts (names in tests/api/) replaces the choice for one run.
const API_TESTS = {
  'reports/service': ['reports', 'report-replay', 'inbox'],
  // console-api: the wait (Retry-After) when proof of work is off.
  'reviewers/login-guard': ['login', 'console-api'],
  'reviewers/login': ['login', 'second-factor'],
  'reviewers/second-factor': ['second-factor'],
  'reviewers/service': ['login', 'accounts'],
  'reviewers/sessions': ['console-api', 'accounts'],
  'reviewers/accounts': ['accounts'],
};
const apiTestsFor = (pattern) => {
  if (pattern.includes('*') || pattern.includes('{')) return Object.values(API_TESTS).flat();
  const key = `${path.basename(path.dirname(pattern))}/${path.basename(pattern, '.ts')}`;
  return API_TESTS[key] ?? [];
};

const mutateArg = process.argv.indexOf('--mutate');
const mutated = mutateArg > 0 ? process.argv[mutateArg + 1].split(',') : SPINE;
const backendMutated = mutated.some((pattern) => pattern.includes('backend/'));
const chosenTests = process.env.MUTATE_TESTS?.split(',');
const apiTests = [...new Set(chosenTests ?? mutated.filter((p) => p.startsWith('backend/')).flatMap(apiTestsFor))].map(
  (name) => `<rootDir>/tests/api/${name}.test.ts`,
);
// One report per slice, so slices run one after another keep their results side by side; named by the path
// under the feature folder or src/ (reports-service-ts, reviewers-login-guard-ts, packets-ts).
const slice =
  mutateArg > 0
    ? mutated
        .map((p) => p.replace(/^(backend\/src\/features|backend\/src|crypto\/src)\//, '').replace(/\W+/g, '-'))
        .join('+')
        .slice(0, 80)
    : 'spine';

// Named for tools/stryker-partial-reporter.mjs, which runs in this process.
process.env.W412_MUTATION_SLICE = slice;

const [unit, api] = jestConfig.projects;
const project = backendMutated ? api : unit;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: SPINE,
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: {
      // Stryker merges this over jest.config.js, whose two projects would otherwise run instead, each with its own
      // global setup and teardown (an engine started and stopped for every mutant); an empty list means none.
      projects: [],
      // jest's node environment, stopping a run at its first failing test (the file says why).
      testEnvironment: path.resolve('tests/support/mutation-environment.cjs'),
      transform: project.transform,
      transformIgnorePatterns: project.transformIgnorePatterns,
      testTimeout: jestConfig.testTimeout,
      testMatch: [...new Set([...mutated.filter((p) => p.startsWith('crypto/')).flatMap(unitTestsFor), ...apiTests])],
      // One engine per Stryker test process, kept from mutant to mutant (jest would start one for each).
      // Both clear the flag that stops a run at its first failing test (tests/support/mutation-environment.cjs).
      globalSetup: `<rootDir>/tests/support/${backendMutated ? 'mutation-global-setup' : 'mutation-run-start'}.ts`,
    },
  },
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process at a time (`--concurrency 2` on a quieter machine).
  concurrency: 1,
  // With --incremental, a rerun tests only the mutants whose code or tests changed since the slice's last run
  // (the files are committed: docs/testing.md).
  incrementalFile: `tests/mutation/${slice}.incremental.json`,
  // Mutants in module-level code would need every test rerun each; they are few and mostly constants' spelling.
  ignoreStatic: true,
  // Database-backed tests vary a lot in time on a busy machine: the margin keeps a slow run from counting as a kill,
  // while a mutant that loops forever still costs only seconds.
  timeoutFactor: 2,
  timeoutMS: 5_000,
  // The reports suites alone take over five minutes (Stryker's default) on a loaded machine.
  dryRunTimeoutMinutes: 20,
  plugins: ['@stryker-mutator/*', './tools/stryker-partial-reporter.mjs'],
  reporters: ['clear-text', 'progress', 'json', 'html', 'partial'],
  jsonReporter: { fileName: `tmp/mutation/${slice}.json` },
  htmlReporter: { fileName: `tmp/mutation/${slice}.html` },
  tempDirName: 'tmp/stryker',
  ignorePatterns: ['/dist', '/data', '/tmp', '/test-results', '/playwright-report', '/coverage', '/bench', '/docker'],
  cleanTempDir: true,
};
