/**
 * The `device-signin` command line as users get it: built with the project's own
 * vite.cli.config.ts from the current sources, then run as a child process with Node. Each
 * build gets a root of its own (`<root>/out/cli/device-signin.js`), whose `resources/policy.json`
 * is that CLI's bundled configuration, so a test can give one copy a managed policy.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sharedBuild } from './shared-build.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface BuiltCli {
  /** The folder standing for an installation: `out/cli/device-signin.js` and `resources/`. */
  readonly root: string;
  readonly script: string;
}

/**
 * The CLI in `test-output/cli/<name>`, inside the repository so its imports resolve from
 * node_modules: a copy of this run's one build (shared-build.ts), so each file has an
 * installation of its own to give a bundled policy to, without building again.
 */
export async function buildCli(name: string): Promise<BuiltCli> {
  const built = await sharedBuild('cli', async (outDir) => {
    await promisify(execFile)(
      process.execPath,
      [
        join(repoRoot, 'node_modules/vite/bin/vite.js'),
        'build',
        '-c',
        'vite.cli.config.ts',
        '--outDir',
        join(outDir, 'out/cli'),
        '--logLevel',
        'warn',
      ],
      { cwd: repoRoot },
    );
  });
  return copyCli({ root: built, script: join(built, 'out/cli/device-signin.js') }, name);
}

/** Another installation of the same build, for a test that needs its own bundled configuration. */
export async function copyCli(built: BuiltCli, name: string): Promise<BuiltCli> {
  const root = join(repoRoot, 'test-output/cli', name);
  await rm(root, { recursive: true, force: true });
  await mkdir(join(root, 'out/cli'), { recursive: true });
  await mkdir(join(root, 'resources'), { recursive: true });
  const script = join(root, 'out/cli/device-signin.js');
  // The executable and the chunks it loads, one per command.
  await cp(dirname(built.script), dirname(script), { recursive: true });
  return { root, script };
}

export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `device-signin`: its output so far, a way to wait for a line, and its end. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  /** Resolves with the first stdout line `pick` accepts (returns a value for); rejects if the process ends first. */
  waitForLine<T>(pick: (line: string) => T | undefined): Promise<T>;
  readonly ended: Promise<CliResult>;
}

/** Starts the CLI with exactly `env` (nothing inherited), so no setting leaks in from the machine. */
export function startCli(cli: BuiltCli, args: readonly string[], env: Readonly<Record<string, string>>): CliProcess {
  const child = spawn(process.execPath, [cli.script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    for (const watch of watchers) watch();
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<CliResult>((resolveEnd) => {
    child.on('close', (status, signal) => {
      resolveEnd({ status, signal, stdout, stderr });
      for (const watch of watchers) watch();
    });
  });
  return {
    child,
    stdout: () => stdout,
    ended,
    waitForLine(pick) {
      return new Promise((resolveLine, reject) => {
        const check = (): void => {
          for (const line of stdout.split('\n')) {
            const found = pick(line);
            if (found !== undefined) {
              watchers.delete(check);
              resolveLine(found);
              return;
            }
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            watchers.delete(check);
            reject(new Error(`device-signin ended before the expected line.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to the end. */
export function runCli(cli: BuiltCli, args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliResult> {
  return startCli(cli, args, env).ended;
}
