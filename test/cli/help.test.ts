/**
 * Help that helps: each command's own usage, options and examples (`login --help`, `help login`),
 * in every language; a slip of the keyboard gets the nearest command or option; a switch given a
 * value is told it takes none; a usage error speaks the language `--lang` asked for; and the demo
 * provider explains its options and prints the line that points the command line at it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommandName } from '../../src/cli/args.ts';
import { nearest } from '../../src/cli/nearest.ts';
import { helpText } from '../../src/cli/usage.ts';
import { runCli } from '../support/built-cli.ts';
import { everyCliLanguage } from '../support/catalogs.ts';
import { useBuiltCli } from '../support/cli-suite.ts';

const { cli, cleanups } = useBuiltCli('help');
const commands: readonly CommandName[] = ['login', 'status', 'token', 'logout', 'fetch', 'git-credential', 'accounts', 'switch'];
const repoRoot = resolve(import.meta.dirname, '../..');

async function env(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const home = await mkdtemp(join(tmpdir(), 'device-signin-help-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DEVICE_SIGNIN_HOME: home, LANG: 'C.UTF-8', ...extra };
}

describe('help for one command', () => {
  it.each(commands)('%s: `--help`, `-h` and `help` before it print its usage, options and examples', async (command) => {
    const global = await runCli(cli(), ['--help'], await env());
    for (const args of [
      [command, '--help'],
      ['help', command],
      [command, '-h'],
    ]) {
      const result = await runCli(cli(), args, await env());
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout.startsWith(`Usage: device-signin ${command}`), result.stdout).toBe(true);
      expect(result.stdout).toContain('Options:');
      const examples = result.stdout.split('Examples:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
      expect(examples.length).toBeGreaterThanOrEqual(2);
      expect(examples.every((line) => line.includes(command === 'git-credential' ? 'git' : `device-signin ${command}`))).toBe(true);
      expect(result.stdout).not.toBe(global.stdout);
    }
  });

  it.each(everyCliLanguage)('in %s, words every command’s help itself and keeps the examples as typed', (_locale, t) => {
    const english = everyCliLanguage[0]?.[1];
    if (english === undefined) throw new Error('no English');
    for (const command of commands) {
      const text = helpText(t, command);
      if (t !== english) expect(text.split('Examples')[0]).not.toBe(helpText(english, command).split('Examples')[0]);
      expect(text).toContain(`device-signin ${command === 'git-credential' ? 'git-credential get' : command}`);
      // No help line runs past an 80-column terminal by much (the usage lines of fetch are the longest).
      for (const line of text.split('\n')) expect(Array.from(line).length, `${command}: ${line}`).toBeLessThanOrEqual(120);
    }
  });
});

describe('a command line with a slip in it', () => {
  it.each([
    [['logn'], "Unknown command 'logn'. Did you mean 'login'?", "Run 'device-signin --help' for usage."],
    [['stauts', '--json'], "Unknown command 'stauts'. Did you mean 'status'?", "Run 'device-signin --help' for usage."],
    [['login', '--jsn'], "Unknown option '--jsn'. Did you mean '--json'?", "Run 'device-signin login --help' for its usage."],
    [
      ['fetch', '--ouput', 'x', 'https://api.example.com/'],
      "Unknown option '--ouput'. Did you mean '--output'?",
      "Run 'device-signin fetch --help'",
    ],
    [
      ['status', '--json=true'],
      '--json is a switch and takes no value: write --json alone, or leave it out.',
      "Run 'device-signin status --help'",
    ],
  ])('%j: says so, offers the nearest, and points to that command’s help (exit 2)', async (args, said, help) => {
    const result = await runCli(cli(), args, await env());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`device-signin: ${said}`);
    expect(result.stderr).toContain(help);
  });

  it('offers nothing for a word that is not a slip', async () => {
    const result = await runCli(cli(), ['frobnicate'], await env());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown command 'frobnicate'.");
    expect(result.stderr).not.toContain('Did you mean');
  });

  it('speaks the language --lang asks for, even when the rest of the line cannot be read', async () => {
    const german = await runCli(cli(), ['--lang', 'de', 'logn'], await env());
    expect(german.status).toBe(2);
    expect(german.stderr).toContain("Unbekannter Befehl 'logn'. Meinten Sie 'login'?");
    const french = await runCli(cli(), ['status', '--json=true', '--lang=fr'], await env());
    expect(french.stderr).toContain('--json est un interrupteur');
  });

  it('finds the nearest word by edits, ignoring case, and only for slips', () => {
    expect(nearest('logn', commands)).toBe('login');
    expect(nearest('LOGIN', commands)).toBe('login');
    expect(nearest('clientid', ['clientId', 'issuer'])).toBe('clientId');
    expect(nearest('tok', commands)).toBeUndefined();
    expect(nearest('deploy', commands)).toBeUndefined();
  });
});

describe('npm run demo-provider', () => {
  function serve(args: readonly string[]): { lines: Promise<string>; stop: () => void } {
    const child = spawn(process.execPath, ['src/demo-provider/serve.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const lines = new Promise<string>((resolveLines, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Ctrl-C')) resolveLines(stdout);
      });
      child.on('close', () => {
        if (stdout.includes('Usage') || stdout.includes('usage')) resolveLines(stdout);
        else reject(new Error(`the demo provider ended: ${stdout}`));
      });
    });
    return { lines, stop: () => child.kill('SIGTERM') };
  }

  it('--help prints every option', async () => {
    const text = await serve(['--help']).lines;
    for (const option of ['--port', '--lan', '--device-code-ttl', '--access-token-ttl', '--dpop', '--help']) expect(text).toContain(option);
  });

  it('prints a line that, pasted into a shell, points the command line at it', async () => {
    const server = serve(['--port', '0']);
    try {
      const exportLine = (await server.lines).split('\n').find((line) => line.trim().startsWith('export DEVICE_SIGNIN_ISSUER='));
      expect(exportLine).toBeDefined();
      const environment = await env();
      const script = `${exportLine ?? ''}; exec '${process.execPath}' '${cli().script}' status --json --insecure-storage`;
      // Not signed in there, `status` exits 1: its JSON is what counts.
      const stdout = await new Promise<string>((done) => {
        execFile('sh', ['-c', script], { env: environment, encoding: 'utf8' }, (_error, out) => {
          done(out);
        });
      });
      const status = JSON.parse(stdout.split('\n')[0] ?? '{}') as { issuer?: string; client_id?: string };
      expect(status.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(status.client_id).toBe('device-signin-demo');
    } finally {
      server.stop();
    }
  });
});
