/**
 * What the suite builds once per run instead of once per file: the command line (Vite) and the
 * app (electron-vite). The first file that needs a build makes it, under a lock folder; every other
 * file of the same run waits for it and reuses it. The run is named by global-setup.ts, so a new
 * run always builds from the current sources.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
/** A build lock older than this belongs to a test process that died mid-build: taken over. */
const staleLockMs = 5 * 60_000;

/** The folder of this run's build of `kind`, built by `build` into it the first time it is asked for. */
export async function sharedBuild(kind: string, build: (outDir: string) => Promise<void>): Promise<string> {
  const run = process.env.DEVICE_SIGNIN_TEST_RUN ?? `single-${String(process.pid)}`;
  const outDir = join(repoRoot, 'test-output/shared', run, kind);
  const done = join(outDir, '.built');
  const lock = `${outDir}.lock`;
  await mkdir(join(outDir, '..'), { recursive: true });
  for (;;) {
    if (existsSync(done)) return outDir;
    try {
      await mkdir(lock);
    } catch {
      const age = await stat(lock).then(
        (facts) => Date.now() - facts.mtimeMs,
        () => 0,
      );
      if (age > staleLockMs) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolveWait) => setTimeout(resolveWait, 250));
      continue;
    }
    try {
      if (!existsSync(done)) {
        await rm(outDir, { recursive: true, force: true });
        await build(outDir);
        await writeFile(done, '');
      }
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}
