/**
 * Builds the app (main, preload, renderer) with the project's own electron-vite config into a
 * folder of the caller's choosing, so that test files running side by side never rebuild each
 * other's output, and the window under test is always built from the current sources.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Returns the built renderer folder (`<outDir>/renderer`). */
export async function buildApp(name: string): Promise<{ outDir: string; rendererDir: string }> {
  const outDir = join(repoRoot, 'test-output/build', name);
  await promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: repoRoot },
  );
  return { outDir, rendererDir: join(outDir, 'renderer') };
}
