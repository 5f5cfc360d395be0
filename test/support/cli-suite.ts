/**
 * What a test file that runs the built `device-signin` without a phone needs: its own installation
 * of this run's build (built-cli.ts), a data folder per test, and a list of things to undo after
 * each test (servers, folders), undone in any order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { type BuiltCli, buildCli } from './built-cli.ts';

export interface BuiltCliSuite {
  readonly cli: () => BuiltCli;
  readonly cleanups: (() => Promise<unknown>)[];
  /** A data folder of the test's own (DEVICE_SIGNIN_HOME), removed after it. */
  readonly dataFolder: () => Promise<string>;
}

export function useBuiltCli(name: string): BuiltCliSuite {
  const cleanups: (() => Promise<unknown>)[] = [];
  let built: BuiltCli | undefined;
  beforeAll(async () => {
    built = await buildCli(name);
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  return {
    cleanups,
    cli: () => {
      if (built === undefined) throw new Error('the CLI is used before beforeAll built it');
      return built;
    },
    async dataFolder() {
      const folder = await mkdtemp(join(tmpdir(), 'device-signin-cli-'));
      cleanups.push(() => rm(folder, { recursive: true, force: true }));
      return folder;
    },
  };
}
