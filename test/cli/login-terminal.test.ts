/**
 * `login` as a person sees it in a real terminal (a pseudo-terminal made by util-linux `script`,
 * sized with stty) and as a script sees it in a pipe: in 80×24 the code and the host are on the
 * last line and everything fits on one screen; a QR code only where it fits, with its quiet
 * zone; no escape sequence where no terminal is or colour is refused; a browser opener that
 * fails is said to have failed; Ctrl-C ends `--json` with an event; a short code says seconds.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/built-cli.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import { eventOfType, events } from '../support/cli-fixture.ts';
import type { ScriptedProviderOptions } from '../support/scripted-provider.ts';
import { serveScriptedProvider } from '../support/scripted-server.ts';
import { decodeTerminalQr } from '../support/terminal-qr.ts';

const { cli, cleanups } = useBuiltCli('login-terminal');

/** A provider whose first poll is declined, so `login` ends on its own after showing the code. */
async function provider(options: Omit<ScriptedProviderOptions, 'clock' | 'issuer'> = {}): Promise<string> {
  return (await serveScriptedProvider({ polls: [{ error: 'access_denied' }], ...options }, cleanups)).issuer;
}

async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'device-signin-login-terminal-'));
  cleanups.push(() => rm(made, { recursive: true, force: true }));
  return made;
}

function env(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    DEVICE_SIGNIN_HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    SHELL: '/bin/sh',
    ...extra,
  };
}

function loginArgs(issuer: string, extra: readonly string[] = []): string[] {
  return ['login', '--no-open', '--insecure-storage', '--issuer', issuer, '--client-id', 'demo-client', ...extra];
}

/** `device-signin …` with a pseudo-terminal of `columns`×`rows` as stdin, stdout and stderr; returns what the terminal received. */
async function inTerminal(
  size: { columns: number; rows: number },
  args: readonly string[],
  environment: Record<string, string>,
): Promise<string> {
  const quoted = [process.execPath, cli().script, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const command = `stty rows ${String(size.rows)} cols ${String(size.columns)}; exec ${quoted}`;
  // `login` ends with exit status 1 (the provider declines): what the terminal shows is in the error too.
  const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { env: environment, encoding: 'utf8' }).catch(
    (error: unknown) => ({
      stdout: (error as { stdout?: string }).stdout ?? '',
    }),
  );
  return stdout.replaceAll('\r', '');
}

/** The lines up to and including the one `login` waits on. */
function untilWaiting(output: string): string[] {
  const lines = output.split('\n');
  const waiting = lines.findIndex((line) => line.startsWith('Waiting for approval'));
  expect(waiting, output).toBeGreaterThan(0);
  return lines.slice(0, waiting + 1);
}

/** Terminal rows a line takes at this width (no wide characters in these English lines). */
function rowsOf(line: string, columns: number): number {
  return Math.max(1, Math.ceil(Array.from(stripVTControlCharacters(line)).length / columns));
}

describe('login in a terminal', () => {
  it('in 80×24, fits on one screen without a QR code and ends with the code and the host', async () => {
    const issuer = await provider();
    const lines = untilWaiting(await inTerminal({ columns: 80, rows: 24 }, loginArgs(issuer), env(await folder())));
    // One row stays for the cursor below the last line.
    expect(lines.reduce((rows, line) => rows + rowsOf(line, 80), 0)).toBeLessThanOrEqual(23);
    expect(decodeTerminalQr(lines.join('\n'))).toBeUndefined();
    const last = lines.at(-1) ?? '';
    expect(last).toContain('WDJB-MJHT');
    expect(last).toContain(new URL(issuer).host);
    // The link with the code filled in, as text, since there is no QR code to scan.
    expect(lines.map((line) => line.trim())).toContain(`${issuer}/device?user_code=WDJB-MJHT`);
    // The code stands out: bold, where colour is allowed.
    expect(last).toContain('\u001b[1mWDJB-MJHT\u001b[22m');
  });

  it('in a tall terminal, draws a QR code that reads back, with a four-module quiet zone, and still ends with the code', async () => {
    const issuer = await provider();
    const lines = untilWaiting(await inTerminal({ columns: 100, rows: 50 }, loginArgs(issuer), env(await folder())));
    const output = lines.join('\n');
    expect(decodeTerminalQr(output)).toBe(`${issuer}/device?user_code=WDJB-MJHT`);
    const qr = lines.filter((line) => line.startsWith('\u001b[30m\u001b[47m')).map((line) => stripVTControlCharacters(line));
    expect(qr.length).toBeGreaterThan(10);
    // Two character rows are four modules: all light; and four light columns on each side of every row.
    expect(qr.slice(0, 2).every((row) => row.trim() === '')).toBe(true);
    expect(qr.every((row) => row.startsWith('    ') && row.endsWith('    '))).toBe(true);
    expect(lines.at(-1)).toContain('WDJB-MJHT');
  });

  it.each([
    ['NO_COLOR', { NO_COLOR: '1' }, []],
    ['--no-color', {}, ['--no-color']],
  ] as const)('writes no escape sequence to a terminal with %s', async (_name, extraEnv, flags) => {
    const issuer = await provider();
    const output = await inTerminal({ columns: 100, rows: 50 }, loginArgs(issuer, flags), env(await folder(), extraEnv));
    expect(output).toContain('WDJB-MJHT');
    expect(output).not.toContain('\u001b');
    // The QR code is drawn without colours and still reads back.
    expect(decodeTerminalQr(output)).toBe(`${issuer}/device?user_code=WDJB-MJHT`);
  });
});

describe('login into a pipe', () => {
  it('writes no escape sequence and no QR code, unless --qr asks for one, drawn without colours', async () => {
    const issuer = await provider();
    const plain = await runCli(cli(), loginArgs(issuer), env(await folder()));
    expect(plain.stdout).toContain('WDJB-MJHT');
    expect(plain.stdout).not.toContain('\u001b');
    expect(decodeTerminalQr(plain.stdout)).toBeUndefined();

    const withQr = await runCli(cli(), loginArgs(issuer, ['--qr']), env(await folder()));
    expect(withQr.stdout).not.toContain('\u001b');
    expect(decodeTerminalQr(withQr.stdout)).toBe(`${issuer}/device?user_code=WDJB-MJHT`);
  });

  it('says seconds, not "in 1 minute", for a code that lives 8 seconds', async () => {
    const issuer = await provider({ deviceAuthorization: { expires_in: 8 } });
    const result = await runCli(cli(), loginArgs(issuer), env(await folder()));
    expect(result.stdout).toMatch(/\(in [5-8] seconds\)/);
    expect(result.stdout).not.toContain('minute');
  });
});

describe('login and the browser opener', () => {
  /** A folder with an `xdg-open` that exits with `status`, first on PATH. */
  async function opener(status: number): Promise<Record<string, string>> {
    const bin = await folder();
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nexit ${String(status)}\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    return { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, DISPLAY: ':99' };
  }

  function withOpen(issuer: string): string[] {
    return loginArgs(issuer).filter((arg) => arg !== '--no-open');
  }

  it('says the page did not open, and gives its URL, when the opener exits with a failure', async () => {
    const issuer = await provider();
    const result = await runCli(cli(), withOpen(issuer), env(await folder(), await opener(4)));
    expect(result.stdout).not.toContain('Opened the page');
    expect(result.stderr).toContain('xdg-open could not open the page (exit status 4)');
    expect(result.stderr).toContain(`${issuer}/device?user_code=WDJB-MJHT`);
  });

  it('says the page was opened when the opener succeeds', async () => {
    const issuer = await provider();
    const result = await runCli(cli(), withOpen(issuer), env(await folder(), await opener(0)));
    expect(result.stdout).toContain('Opened the page in your browser.');
    expect(result.stderr).not.toContain('xdg-open');
  });
});

describe('login --json stopped by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('ends the stream with a cancelled error event on %s, exit %i', async (signal, status) => {
    const issuer = await provider({ polls: [{ error: 'authorization_pending' }] });
    const run = startCli(cli(), loginArgs(issuer, ['--json']), env(await folder()));
    await run.waitForLine(eventOfType('code'));
    run.child.kill(signal);
    const result = await run.ended;
    expect(result.status).toBe(status);
    expect(result.stderr).toBe('');
    expect(events(result.stdout).at(-1)).toMatchObject({ type: 'error', code: 'cancelled' });
  });
});
