/**
 * What a test file that runs the built `device-signin` without a phone needs: its own installation
 * of this run's build (built-cli.ts), and a list of things to undo after each test (servers,
 * folders), undone in any order.
 */
import { afterEach, beforeAll } from 'vitest';
import { type BuiltCli, buildCli } from './built-cli.ts';

export function useBuiltCli(name: string): { readonly cli: () => BuiltCli; readonly cleanups: (() => Promise<unknown>)[] } {
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
  };
}
