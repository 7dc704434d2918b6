/** @type {import('jest').Config} */
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
  // FormatJS ships ES modules only; jest's module system needs CommonJS.
  '/node_modules/(intl-messageformat|@formatjs)/.+\\.js$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(intl-messageformat|@formatjs)/)'];

module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      // Real database engine (FerretDB or mongod, through the product's own launcher), real gpg, real processes.
      displayName: 'api',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/tests/api/**/*.test.ts', '<rootDir>/tests/interop/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
};
