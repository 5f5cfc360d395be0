/**
 * docs/cli.md's exit-status table, one test per row, against the built CLI and a scripted
 * provider on loopback; and the mistakes whose words name what was given: fetch's URL, a
 * settings.json key, git-credential's --host, and the language a Traditional Chinese terminal gets.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType } from '../support/cli-fixture.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import type { ScriptedProviderOptions } from '../support/scripted-provider.ts';
import { serveScriptedProvider } from '../support/scripted-server.ts';

const { cli, cleanups } = useBuiltCli('exit-statuses');

async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'device-signin-exit-'));
  cleanups.push(() => rm(made, { recursive: true, force: true }));
  return made;
}

/** The fixture's environment, with a shell for the terminal test's `script`. */
function env(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return environment(home, { SHELL: '/bin/sh', ...extra });
}

/** A scripted provider and a data folder; `signedIn` signs in there first (file session). */
async function setUp(
  options: Omit<ScriptedProviderOptions, 'clock' | 'issuer'> = {},
  signedIn = false,
): Promise<{ issuer: string; home: string; args: string[] }> {
  const { issuer } = await serveScriptedProvider(options, cleanups);
  const home = await folder();
  const args = ['--issuer', issuer, '--client-id', 'demo-client', '--insecure-storage'];
  if (signedIn) expect((await runCli(cli(), ['login', '--no-open', ...args], env(home))).status).toBe(0);
  return { issuer, home, args };
}

async function run(args: readonly string[], home: string, extra: Record<string, string> = {}): Promise<CliResult> {
  return runCli(cli(), args, env(home, extra));
}

describe('exit statuses (docs/cli.md, one test per row)', () => {
  it('0: the command did what it was asked (status while signed in)', async () => {
    const { home, args } = await setUp({}, true);
    expect((await run(['status', ...args], home)).status).toBe(0);
  });

  it('1: the command was tried and failed (not signed in; declined; an API answer other than 2xx)', async () => {
    const { home, args, issuer } = await setUp({ polls: [{ error: 'access_denied' }] });
    expect((await run(['token', ...args], home)).status).toBe(1);
    expect((await run(['login', '--no-open', ...args], home)).status).toBe(1);
    const signedIn = await setUp({}, true);
    const notFound = await run(['fetch', ...signedIn.args, `${signedIn.issuer}/missing`], signedIn.home);
    expect(notFound.status).toBe(1);
    expect(notFound.stderr).toContain('HTTP 404');
    expect(issuer).not.toBe(signedIn.issuer);
  });

  it('2: a usage error (an unknown command or option, a missing value, an --account that names no account kept)', async () => {
    const home = await folder();
    for (const args of [['logn'], ['status', '--jsn'], ['status', '--issuer']])
      expect((await run(args, home)).status, args.join(' ')).toBe(2);
    const signedIn = await setUp({}, true);
    const nobody = await run(['token', '--account', 'nobody@example.com', ...signedIn.args], signedIn.home);
    expect(nobody.status).toBe(2);
    expect(nobody.stderr).toContain('(alice) (current)');
  });

  it('2: no issuer or client id set', async () => {
    const home = await folder();
    expect((await run(['status'], home)).status).toBe(2);
    expect((await run(['status', '--issuer', 'https://login.example.com'], home)).status).toBe(2);
  });

  it('2: a setting that cannot be used (settings.json, an issuer that is not https)', async () => {
    const home = await folder();
    await writeFile(join(home, 'settings.json'), '{ "issuer": ');
    expect((await run(['status', '--client-id', 'x'], home)).status).toBe(2);
    const other = await folder();
    const notHttps = await run(['login', '--issuer', 'http://login.example.com', '--client-id', 'x'], other);
    expect(notHttps.status).toBe(2);
    expect(notHttps.stderr).toContain('is not https');
  });

  it('2: an --issuer the provider contradicts (explicit endpoints, its ID token names another issuer), not "try again"', async () => {
    const { issuer, home } = await setUp();
    const endpoints = ['--device-authorization-endpoint', `${issuer}/device/auth`, '--token-endpoint', `${issuer}/token`];
    const result = await run(
      ['login', '--json', '--no-open', '--insecure-storage', '--issuer', `${issuer}/tenant`, '--client-id', 'demo-client', ...endpoints],
      home,
    );
    expect(result.status).toBe(2);
    const error = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { code?: string; detail?: string; message?: string };
    expect(error.code).toBe('invalid_config');
    expect(error.detail).toContain(`names the issuer ${issuer}, not the configured ${issuer}/tenant`);
    // The sentence names the setting and the provider's own value, not a retry.
    expect(error.message).toContain(`The provider says its issuer is ${issuer}, not ${issuer}/tenant: set --issuer`);
    expect(error.message).toContain(`to ${issuer}.`);
    expect(error.message).not.toContain('moment');
  });

  it('2: a kept session these settings would send to another endpoint (session_elsewhere)', async () => {
    const { home, args, issuer } = await setUp({}, true);
    const elsewhere = await run(['token', '--json', ...args, '--token-endpoint', `${issuer}/another-token`], home);
    expect(elsewhere.stdout).toContain('"code":"session_elsewhere"');
    expect(elsewhere.status).toBe(2);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during login: %i', async (signal, status) => {
    const { home, args } = await setUp({ polls: [{ error: 'authorization_pending' }] });
    const run = startCli(cli(), ['login', '--json', '--no-open', ...args], env(home));
    await run.waitForLine(eventOfType('code'));
    run.child.kill(signal);
    expect((await run.ended).status).toBe(status);
  });
});

describe('fetch names what it was given', () => {
  it('says which URL could not be reached: the API’s, not the issuer’s', async () => {
    const { home, args, issuer } = await setUp({}, true);
    const result = await run(['fetch', ...args, 'http://127.0.0.1:9/items'], home);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Could not reach http://127.0.0.1:9.');
    expect(result.stderr).not.toContain(issuer);
  });

  it.each(['notaurl', 'ftp://example.com/file', 'api.example.com/me'])(
    'refuses %s as a usage error naming it (exit 2), before any session is read',
    async (url) => {
      const result = await run(['fetch', url], await folder());
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`'${url}' is not an address fetch can send to`);
    },
  );

  it('says https is required for an API off this computer, naming the URL (exit 2)', async () => {
    const { home, args } = await setUp({}, true);
    const result = await run(['fetch', ...args, 'http://example.com/'], home);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("http://example.com/ is not https: fetch sends the session's token over https only");
    expect(result.stderr).not.toContain('sign-in server');
  });

  it('starts the status line on its own line after a body without a last line feed, in a terminal', async () => {
    const { home, args, issuer } = await setUp({}, true);
    const quoted = [process.execPath, cli().script, 'fetch', ...args, `${issuer}/missing`].map((arg) => `'${arg}'`).join(' ');
    const shown = await promisify(execFile)('script', ['-qec', quoted, '/dev/null'], { env: env(home), encoding: 'utf8' }).catch(
      (error: unknown) => ({ stdout: (error as { stdout?: string }).stdout ?? '' }),
    );
    expect(shown.stdout.replaceAll('\r', '')).toContain('{"error":"not_found"}\nHTTP 404');
  });
});

describe('settings.json and --host say what they ignore', () => {
  it('names an unknown key and the known one it resembles, and lists the keys for one it does not (exit 2)', async () => {
    const home = await folder();
    await writeFile(join(home, 'settings.json'), JSON.stringify({ issuer: 'https://login.example.com', clientid: 'app' }));
    const slip = await run(['status'], home);
    expect(slip.status).toBe(2);
    expect(slip.stderr).toContain(`"clientid" in ${join(home, 'settings.json')} is not a setting; did you mean "clientId"?`);
    await writeFile(join(home, 'settings.json'), JSON.stringify({ issuer: 'https://login.example.com', clientId: 'app', colour: 'blue' }));
    const unknown = await run(['status'], home);
    expect(unknown.stderr).toContain('"colour"');
    expect(unknown.stderr).toContain('insecureStorage');
  });

  it('keeps the storage choice: "insecureStorage": true uses the file without the flag', async () => {
    const { home, issuer } = await setUp({}, true);
    await writeFile(join(home, 'settings.json'), JSON.stringify({ issuer, clientId: 'demo-client', insecureStorage: true }));
    const status = await run(['status', '--json'], home);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('"storage":"file"');
  });

  it('refuses a URL where git-credential expects a host name, and names the host (exit 2)', async () => {
    const result = await run(['git-credential', 'get', '--host', 'https://git.example.com/team'], await folder());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--host takes the host name git asks for, not a URL: use --host git.example.com.');
  });
});

describe('a terminal in Traditional Chinese', () => {
  it.each(['zh_TW.UTF-8', 'zh-HK', 'zh-Hant'])('%s gets English, not Simplified Chinese', async (lang) => {
    const result = await run(['logn'], await folder(), { LANG: lang });
    expect(result.stderr).toContain("Unknown command 'logn'.");
  });

  it('zh_CN gets Simplified Chinese', async () => {
    const result = await run(['logn'], await folder(), { LANG: 'zh_CN.UTF-8' });
    expect(result.stderr).toContain('未知命令');
  });
});
