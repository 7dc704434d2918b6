import path from 'node:path';

import { defineConfig } from '@playwright/test';

const root = path.resolve(__dirname, '..', '..');

/** Debian's Chromium, never a downloaded browser (DEVELOPERS.md). */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: __dirname,
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  globalTeardown: path.join(__dirname, 'global-teardown.ts'),
  outputDir: path.join(root, 'test-results', 'e2e'),
  reporter: [['list'], ['json', { outputFile: path.join(root, 'tmp', 'playwright-results.json') }]],
  projects: [
    // `jitless.spec.ts` and `<name>.jitless.spec.ts` run only without the JIT.
    { name: 'chromium', testIgnore: /jitless\.spec\.ts$/ },
    {
      // Tor Browser's "Safer" level turns the JavaScript JIT off; OpenPGP.js must still work there.
      name: 'chromium-jitless',
      testMatch: /jitless\.spec\.ts$/,
      dependencies: ['chromium'],
      use: { launchOptions: { ...CHROMIUM_LAUNCH, args: [...CHROMIUM_LAUNCH.args, '--js-flags=--jitless'] } },
    },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH,
    screenshot: 'only-on-failure',
    trace: 'off',
    locale: 'en-US',
  },
});
