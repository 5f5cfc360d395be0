/**
 * `npm start` and `npm run dev`: makes sure the Electron runtime is on this machine, then hands
 * over to electron-vite (`preview` builds the app and launches it, `dev` serves it with reload):
 *
 *   node scripts/start-app.ts preview|dev [electron-vite options]
 *
 * Electron 42 and later download their binary the first time it is used, not at install time,
 * and electron-vite 6 only looks at ELECTRON_EXEC_PATH or node_modules/electron/path.txt, so a
 * fresh `npm install` then `npm start` ended in "Error: Electron uninstall"
 * (alex8088/electron-vite#904). The download is Electron's own installer (its `install-electron`
 * command), run as a child and watched: a network that refuses ends it at once, one that goes
 * quiet ends it after DEVICE_SIGNIN_ELECTRON_STALL_SECONDS (default 20) without a byte. Either
 * way the user gets a few lines (electron-runtime-advice.ts), never the installer's stack trace.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DownloadFailure, electronCacheFolder, installerFailure, missingRuntimeAdvice } from './electron-runtime-advice.ts';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const electronVersion = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
const env = process.env;
// Read the way Electron's install.js reads them, so the file named here is the one it fetches.
const platform = env['ELECTRON_INSTALL_PLATFORM'] || env['npm_config_platform'] || process.platform;
const arch = env['ELECTRON_INSTALL_ARCH'] || env['npm_config_arch'] || process.arch;

type Mode = 'preview' | 'dev';
const mode = process.argv[2];
const command: Record<Mode, string> = { preview: 'npm start', dev: 'npm run dev' };

/** Where the runtime is, that it must be downloaded, or why a setting that names it is wrong. */
type Runtime = { readonly found: string } | { readonly missing: true } | { readonly misconfigured: string };

/** The executable inside an Electron folder, as Electron's install.js names it per platform. */
function executableInDist(): string {
  const pathFile = join(electronDir, 'path.txt');
  if (existsSync(pathFile)) return readFileSync(pathFile, 'utf8');
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** The same places, in the same order, that `require('electron')` and electron-vite look. */
function findRuntime(): Runtime {
  const execPath = env['ELECTRON_EXEC_PATH'];
  if (execPath) {
    return existsSync(execPath) ? { found: execPath } : { misconfigured: `ELECTRON_EXEC_PATH is ${execPath}, which does not exist.` };
  }
  const overrideDist = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (overrideDist) {
    const binary = join(overrideDist, executableInDist());
    return existsSync(binary)
      ? { found: binary }
      : { misconfigured: `ELECTRON_OVERRIDE_DIST_PATH is ${overrideDist}, but there is no Electron executable at ${binary}.` };
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: true };
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? { found: binary } : { missing: true };
}

/** The mirror @electron/get will use instead of GitHub: ELECTRON_MIRROR, or .npmrc's electron_mirror. */
const mirror = env['npm_config_electron_mirror'] || env['ELECTRON_MIRROR'] || undefined;

/** The address @electron/get will fetch: the mirror or GitHub's releases. */
function downloadUrl(): string {
  const base = mirror ?? 'https://github.com/electron/electron/releases/download/';
  const customFolder = env['npm_config_electron_custom_dir'] || env['ELECTRON_CUSTOM_DIR'] || `v${electronVersion}`;
  const folder = customFolder.replace('{{ version }}', electronVersion);
  const customFile = env['npm_config_electron_custom_filename'] || env['ELECTRON_CUSTOM_FILENAME'];
  const file = customFile || `electron-v${electronVersion}-${platform}-${arch}.zip`;
  return `${base}${folder}/${file}`;
}

/** Bytes under a folder that files may appear in, vanish from or grow in while we look. */
function bytesUnder(folder: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(folder, { recursive: true, encoding: 'utf8' });
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const stats = statSync(join(folder, name));
      if (stats.isFile()) total += stats.size;
    } catch {
      // Renamed into the cache or deleted between the listing and the stat.
    }
  }
  return total;
}

const megabytes = (bytes: number): string => `${Math.round(bytes / 1_000_000)} MB`;

let running: ChildProcess | undefined;
const interruption: { signal?: NodeJS.Signals } = {};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // Passed on, and this process stays until the child has gone, so nothing is left running.
  process.on(signal, () => {
    interruption.signal = signal;
    if (running) running.kill(signal);
    else process.exit(1);
  });
}

/**
 * Runs Electron's install.js, which downloads (or takes from Electron's cache), checks the
 * checksum, unpacks into node_modules/electron/dist and writes path.txt. Its temporary download
 * goes to a folder of ours, so that progress can be measured and a partial download removed.
 * Resolves with why it failed, or undefined.
 */
async function runInstaller(): Promise<DownloadFailure | undefined> {
  const temp = mkdtempSync(join(tmpdir(), 'device-signin-electron-'));
  const stallSeconds = Number(env['DEVICE_SIGNIN_ELECTRON_STALL_SECONDS']) || 20;
  const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
    env: { ...env, TMPDIR: temp, TMP: temp, TEMP: temp },
    // stderr is read, not shown: on failure the installer prints a stack trace.
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  running = child;
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  // Bytes in the temporary download plus bytes unpacked: while either grows, the installer is getting somewhere.
  const seen = { bytes: 0, changedAt: Date.now(), shownStep: 0, stalled: false };
  const watch = setInterval(() => {
    const downloaded = bytesUnder(temp);
    const unpacked = bytesUnder(join(electronDir, 'dist'));
    if (downloaded + unpacked !== seen.bytes) {
      seen.bytes = downloaded + unpacked;
      seen.changedAt = Date.now();
      const progress = downloaded > 0 ? `downloaded ${megabytes(downloaded)}` : `unpacked ${megabytes(unpacked)}`;
      if (process.stdout.isTTY) {
        process.stdout.write(`\r  ${progress}   `);
      } else if (Math.floor(downloaded / 10_000_000) > seen.shownStep) {
        // Not a terminal (a log, CI): a line per 10 MB downloaded instead of one line rewritten.
        seen.shownStep = Math.floor(downloaded / 10_000_000);
        console.log(`  ${progress}`);
      }
    } else if (Date.now() - seen.changedAt > stallSeconds * 1000) {
      seen.stalled = true;
      child.kill();
    }
  }, 250);

  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(watch);
  running = undefined;
  if (process.stdout.isTTY && seen.bytes > 0) process.stdout.write('\n');
  rmSync(temp, { recursive: true, force: true });
  if (seen.stalled) return { kind: 'silent', seconds: stallSeconds };
  return status === 0 ? undefined : installerFailure(stderr);
}

function fail(...lines: string[]): never {
  console.error(lines.join('\n'));
  process.exit(1);
}

if (mode !== 'preview' && mode !== 'dev') fail('usage: node scripts/start-app.ts preview|dev [electron-vite options]');

let runtime = findRuntime();
if ('missing' in runtime) {
  const url = downloadUrl();
  const what = `Electron ${electronVersion} for ${platform}-${arch}, about 100 MB, once`;
  console.log(`Downloading the runtime the app runs in (${what}) from ${url}`);
  const failure = await runInstaller();
  if (interruption.signal) process.exit(1);
  runtime = findRuntime();
  if (failure !== undefined || !('found' in runtime)) {
    fail(
      ...missingRuntimeAdvice({
        command: command[mode],
        version: electronVersion,
        target: `${platform}-${arch}`,
        url,
        mirror,
        cacheFolder: electronCacheFolder(env, process.platform, homedir()),
        failure: failure ?? { kind: 'no_executable' },
      }),
    );
  }
  console.log(`Electron ${electronVersion} is installed.`);
}
if ('misconfigured' in runtime) fail(`${command[mode]} cannot start the app: ${runtime.misconfigured}`);

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
// electron-vite gets the executable found here, so it never looks for one on its own.
const child = spawn(process.execPath, [electronVite, ...process.argv.slice(2)], {
  env: { ...env, ELECTRON_EXEC_PATH: runtime.found },
  stdio: 'inherit',
});
running = child;
child.on('close', (status, signal) => process.exit(status ?? (signal ? 1 : 0)));
