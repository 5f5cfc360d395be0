/**
 * Names this run of the suite, so that shared-build.ts builds the command line and the app once
 * for the whole run (the first file that needs one builds it, the others reuse it), and clears
 * the builds of runs long over. Another run going on at the same time keeps its own. (Chromium is
 * launched by each worker process, not here: see launchBrowser in phone.ts.)
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A run's builds are kept this long, well past the longest run. */
const keptMs = 6 * 60 * 60_000;

export default async function setup(): Promise<void> {
  const shared = join(resolve(import.meta.dirname, '../..'), 'test-output/shared');
  const runs = await readdir(shared).catch(() => []);
  for (const run of runs) {
    const age = await stat(join(shared, run)).then(
      (facts) => Date.now() - facts.mtimeMs,
      () => 0,
    );
    if (age > keptMs) await rm(join(shared, run), { recursive: true, force: true });
  }
  // Test files run in processes started after this, which inherit the variable.
  process.env.DEVICE_SIGNIN_TEST_RUN = `${String(Date.now())}-${String(process.pid)}`;
}
