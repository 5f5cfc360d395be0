import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The command line and the app are built once per run, by the first file that needs them.
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Most files wait on a real server, a real browser or the keyring more than they compute:
    // four at once on two cores took the whole run from 483 s to 371 s here.
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
