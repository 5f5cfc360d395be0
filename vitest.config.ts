import { defineConfig } from 'vitest/config';
import HeavyFirstSequencer from './test/support/heavy-first-sequencer.ts';

/**
 * Files share their worker processes instead of starting one each (about 0.4 s of start-up a
 * file), and the modules a worker has loaded: oidc-provider, Playwright and the app's sources are
 * imported once per worker, not once per file (the run's import share fell from 5-6 % to 1-2 %). The two files that
 * mock the electron module keep a worker to themselves. Unit files (no server, browser or child
 * process of their own) are a project apart so that they can be run alone.
 */
const unitFiles = ['test/{core,shared,main,structure,policy-templates,scripts}/**/*.test.ts'];
const mockingFiles = ['test/main/electron-glue.test.ts', 'test/preload/index.test.ts'];

export default defineConfig({
  test: {
    // The command line and the app are built once per run, by the first file that needs them.
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    sequence: { sequencer: HeavyFirstSequencer },
    // Most files wait on a real server, a real browser or the keyring more than they compute:
    // four at once on two cores took the whole run from 483 s to 371 s here.
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unitFiles, exclude: mockingFiles, isolate: false } },
      { extends: true, test: { name: 'system', include: ['test/**/*.test.ts'], exclude: [...unitFiles, ...mockingFiles], isolate: false } },
      { extends: true, test: { name: 'mocking', include: mockingFiles } },
    ],
  },
});
