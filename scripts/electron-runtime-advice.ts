/**
 * What `npm start` and `npm run dev` say when the Electron runtime could not be downloaded
 * (scripts/start-app.ts): what is missing, where it was fetched from and why that failed, the
 * one setting that fixes each case, and that the command line and the tests do not need it.
 * The variables are Electron's own (docs/tutorial/installation.md of Electron, "Custom Mirrors
 * and Caches"; ELECTRON_OVERRIDE_DIST_PATH is read by its install.js and index.js).
 */
import { join } from 'node:path';

/** Why Electron's installer did not leave a runtime behind. */
export type DownloadFailure =
  | { readonly kind: 'http'; readonly status: number; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'silent'; readonly seconds: number }
  | { readonly kind: 'no_executable' };

/** Reads the installer's stderr: the message of its last error, without its stack and class name. */
export function installerFailure(stderr: string): DownloadFailure {
  const line = stderr
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('at ') && !text.startsWith('(node:'));
  const message = (line ?? 'it ended without saying why').replace(/^[A-Za-z]*Error: /, '');
  // @electron/get's HTTPError: "Response code 404 (Not Found) for <url>".
  const status = /Response code (\d{3})/.exec(message)?.[1];
  if (status === undefined) return { kind: 'unreachable', message };
  return { kind: 'http', status: Number(status), message: message.replace(/ for \S+$/, '') };
}

/** Where @electron/get keeps downloads (env-paths' cache folder for "electron"), unless electron_config_cache names another. */
export function electronCacheFolder(env: Readonly<Record<string, string | undefined>>, platform: string, home: string): string {
  const configured = env['electron_config_cache'];
  if (configured) return configured;
  if (platform === 'win32') return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'electron', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  return join(env['XDG_CACHE_HOME'] || join(home, '.cache'), 'electron');
}

export interface MissingRuntime {
  /** `npm start` or `npm run dev`. */
  readonly command: string;
  readonly version: string;
  /** `linux-x64`. */
  readonly target: string;
  /** The address the installer fetched. */
  readonly url: string;
  /** ELECTRON_MIRROR (or .npmrc's electron_mirror) when set. */
  readonly mirror: string | undefined;
  readonly cacheFolder: string;
  readonly failure: DownloadFailure;
}

function why(failure: DownloadFailure): string {
  switch (failure.kind) {
    case 'http':
    case 'unreachable':
      return failure.message;
    case 'silent':
      return `no data arrived for ${failure.seconds} ${failure.seconds === 1 ? 'second' : 'seconds'}`;
    case 'no_executable':
      return 'the installer left no executable';
  }
}

/** The first fix: the network or the mirror, whichever the failure points at. */
function firstFix(missing: MissingRuntime): string[] {
  const { failure, mirror, command } = missing;
  if (mirror !== undefined) {
    const fix = 'correct ELECTRON_MIRROR, or unset it to download from GitHub';
    if (failure.kind === 'http' && failure.status === 404) {
      return [`The mirror has no such file: ${fix} (ELECTRON_CUSTOM_DIR names its folder).`];
    }
    if (failure.kind === 'http') return [`The mirror refused (${failure.status}): ${fix}.`];
    return [`The mirror did not answer: ${fix}.`];
  }
  const mirrorFix = `A mirror: ELECTRON_MIRROR=https://mirror.example/electron/ ${command}`;
  // An HTTP answer means the network works and something on it refused: only a mirror helps.
  if (failure.kind === 'http') return [`${mirrorFix} (something on the way refused GitHub's download).`];
  return [`Online: connect to the internet, then ${command} again.`, `${mirrorFix}.`];
}

/** A few short lines: what is missing and why, one fix per case, what works without it. */
export function missingRuntimeAdvice(missing: MissingRuntime): string[] {
  const { command, version } = missing;
  return [
    `${command} needs Electron ${version} (${missing.target}, about 100 MB, downloaded once) and could not download it:`,
    `  ${missing.url}: ${why(missing.failure)}`,
    'To get it, one of:',
    ...firstFix(missing).map((line) => `  - ${line}`),
    `  - Electron's download cache: copy ${missing.cacheFolder} from a computer that downloaded it from that address.`,
    `  - An unpacked Electron ${version}: ELECTRON_OVERRIDE_DIST_PATH=/path/to/its/folder ${command}`,
    'The command line (`npm run build`, then `device-signin`) and the tests (`npm test`) do not need Electron.',
  ];
}
