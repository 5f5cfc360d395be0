/**
 * A copy of the project for the launch tests, so that `npm start` runs the way it does for a new
 * user (its own node_modules/electron, with no binary unless the test puts one there) without
 * reading or changing the real node_modules/electron, out/ or ~/.cache/electron. The copy lives
 * inside the repository, so every other package resolves from the repository's node_modules.
 */
import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
const electronManifest = await readFile(join(repoRoot, 'node_modules/electron/package.json'), 'utf8');
export const electronVersion = (JSON.parse(electronManifest) as { version: string }).version;

export interface ProjectCopy {
  readonly root: string;
  /** Its own Electron package: the npm files only, no `dist/`, no `path.txt`. */
  readonly electronDir: string;
}

/**
 * The npm scripts, the launcher and Electron's package; with `sources`, also what electron-vite
 * builds from. Without them `npm start -- --skipBuild` still finds an entry file, a placeholder
 * nobody runs, because the launch tests put a stand-in where Electron would be.
 */
export async function copyProject(name: string, options: { sources: boolean }): Promise<ProjectCopy> {
  // A folder per run, so that two test runs side by side never share a copy.
  await mkdir(join(repoRoot, 'test-output/launch'), { recursive: true });
  const root = await mkdtemp(join(repoRoot, 'test-output/launch', `${name}-`));
  const entries = ['package.json', 'scripts/start-app.ts', 'scripts/electron-runtime-advice.ts'];
  // The config's own imports come along: the catalog plugin lives beside the scripts.
  const configs = ['tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json'];
  if (options.sources) entries.push('electron.vite.config.ts', 'scripts/i18n-catalogs.ts', 'scripts/i18n', ...configs, 'src', 'resources');
  for (const entry of entries) await cp(join(repoRoot, entry), join(root, entry), { recursive: true });
  if (!options.sources) {
    await mkdir(join(root, 'out/main'), { recursive: true });
    await writeFile(join(root, 'out/main/index.js'), '// placeholder: the launch tests never run it\n');
  }
  const electronDir = join(root, 'node_modules/electron');
  await cp(join(repoRoot, 'node_modules/electron'), electronDir, {
    recursive: true,
    filter: (source) => !/[\\/]electron[\\/](dist|path\.txt)$/.test(source),
  });
  return { root, electronDir };
}

export interface Launch {
  readonly cwd: string;
  readonly args: readonly string[];
  /** Set by `electron-vite dev` only: where the renderer is served. */
  readonly rendererUrl: string;
}

export interface StandIn {
  readonly script: string;
  /** Every time it was started, oldest first. */
  launches(): Promise<Launch[]>;
}

/** The shell script that stands in for Electron: it notes how it was started and exits 0, as if the window were closed. */
export function standInScript(recordFile: string): string {
  return [
    '#!/bin/sh',
    '{',
    '  printf "launch\\ncwd=%s\\nrenderer=%s\\n" "$PWD" "${ELECTRON_RENDERER_URL:-}"',
    '  for arg in "$@"; do printf "arg=%s\\n" "$arg"; done',
    `} >> '${recordFile}'`,
    '',
  ].join('\n');
}

/** Writes a stand-in Electron executable into `folder` under `fileName`. */
export async function writeStandIn(folder: string, fileName = 'electron'): Promise<StandIn> {
  await mkdir(folder, { recursive: true });
  const recordFile = join(folder, 'launches.txt');
  const script = join(folder, fileName);
  await writeFile(script, standInScript(recordFile));
  await chmod(script, 0o755);
  return { script, launches: () => readLaunches(recordFile) };
}

export async function readLaunches(recordFile: string): Promise<Launch[]> {
  let text: string;
  try {
    text = await readFile(recordFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('launch\n')
    .filter((block) => block !== '')
    .map((block) => {
      const lines = block.split('\n').filter((line) => line !== '');
      const value = (key: string): string => (lines.find((line) => line.startsWith(`${key}=`)) ?? `${key}=`).slice(key.length + 1);
      return {
        cwd: value('cwd'),
        rendererUrl: value('renderer'),
        args: lines.filter((line) => line.startsWith('arg=')).map((line) => line.slice(4)),
      };
    });
}

export interface NpmResult {
  readonly status: number | null;
  /** stdout and stderr as a terminal would show them, interleaved. */
  readonly output: string;
}

/** A home, temporary folder and Electron cache of its own, so nothing on the machine is read or left behind. */
export async function cleanEnvironment(): Promise<{ readonly folder: string; readonly env: Record<string, string> }> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-launch-'));
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: folder,
    TMPDIR: folder,
    electron_config_cache: join(folder, 'electron-cache'),
    // npm would otherwise ask the registry whether it is out of date.
    npm_config_update_notifier: 'false',
    npm_config_cache: join(folder, 'npm-cache'),
  };
  return { folder, env };
}

type Environment = Readonly<Record<string, string>>;

/** `npm run <script> -- <args>` in the copy, with exactly `env`. */
export function runNpm(project: ProjectCopy, script: string, args: readonly string[], env: Environment): Promise<NpmResult> {
  const child = spawn('npm', ['run', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: project.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolveRun) => {
    child.on('close', (status) => {
      resolveRun({ status, output });
    });
  });
}
