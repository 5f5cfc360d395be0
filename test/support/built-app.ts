/**
 * The app (main, preload, renderer) built with the project's own electron-vite config, once per
 * run of the suite (shared-build.ts), so the window under test is always built from the current
 * sources and files running side by side never build it twice. Callers only read it.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sharedBuild } from './shared-build.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Returns the build (`outDir`) and its renderer folder (`<outDir>/renderer`); `_name` says which file asks. */
export async function buildApp(_name: string): Promise<{ outDir: string; rendererDir: string }> {
  const outDir = await sharedBuild('app', async (into) => {
    await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', into, '--logLevel', 'warn'],
      { cwd: repoRoot },
    );
  });
  return { outDir, rendererDir: join(outDir, 'renderer') };
}
