/**
 * How long the built main bundle takes to import: what every launch pays before main's first
 * line runs, measured under Node with the boot test's stand-in `electron` (test/boot), since the
 * Electron binary cannot run here. Each run is a fresh process that imports out/main/index.js and
 * exits as soon as the import resolves; main has by then only registered its events and started
 * waiting for 'ready', so the demo provider (and oidc-provider with it, imported only when the
 * demo starts) is not part of it. The first run warms the OS's file cache, as a real launch finds it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { millis, type Row, spread } from './report.ts';

const runs = 9;
const hooks = join(import.meta.dirname, '../../test/boot/electron-hooks.ts');

async function importTime(bundle: string, folder: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)});
process.stdout.write(String(performance.now() - t)); process.exit(0);`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DEVICE_SIGNIN_')));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', hooks, '--input-type=module', '-e', script], {
    env: { ...env, STAND_IN_DIR: folder },
  });
  return Number(stdout);
}

export async function measureMainImport(outDir: string): Promise<Row[]> {
  const bundle = join(outDir, 'main/index.js');
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-bench-main-'));
  try {
    await importTime(bundle, folder);
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) times.push(await importTime(bundle, folder));
    const { min, median, max } = spread(times);
    return [
      {
        metric: `Main bundle import under a stand-in electron, without the demo provider, median (min–max) of ${runs}`,
        value: `${millis(median)} (${millis(min)}–${millis(max)})`,
        target: '≤ 100 ms',
        verdict: median <= 100 ? 'met' : 'missed',
      },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
