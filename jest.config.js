/** @type {import('jest').Config} */
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
  // FormatJS, otplib's audited dependencies (@scure/base, @noble/hashes) and qr ship ES modules only;
  // jest's module system needs CommonJS (Node itself loads them with require since 20.19).
  '/node_modules/(intl-messageformat|@formatjs|@scure|@noble|qr)/.+\\.js$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
// otplib's plugins keep their own copy of @noble/hashes in a nested node_modules, which must not be skipped either.
const transformIgnorePatterns = ['/node_modules/(?!(intl-messageformat|@formatjs|@scure|@noble|@otplib|qr)/)'];

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
