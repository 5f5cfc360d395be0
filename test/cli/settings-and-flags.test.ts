/**
 * Where the built `device-signin` takes its settings from (flags, the environment, settings.json,
 * the admin's policy), how it refuses a command line it cannot run, and when it opens the browser.
 * None of this needs a phone: the one sign-in here is interrupted once its code is shown.
 */
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDemoProvider } from '../../src/demo-provider/provider.ts';
import { type CliResult, copyCli, runCli, startCli } from '../support/built-cli.ts';
import { type CliEvent, environment, eventOfType, events, expectNoStackTrace, target } from '../support/cli-fixture.ts';
import { useBuiltCli } from '../support/cli-suite.ts';

const { cli, cleanups, dataFolder } = useBuiltCli('cli-settings-and-flags');

describe('device-signin settings and command line', () => {
  it('refuses a command line it cannot run with exit 2 and a hint on stderr', async () => {
    const home = await dataFolder();
    const cases = [
      [],
      ['frobnicate'],
      ['login', '--bogus'],
      ['token', '--json'],
      ['status', '--issuer'],
      ['status', 'extra'],
      ['login', '--client-id', 'x'],
    ];
    const results = await Promise.all(cases.map((args) => runCli(cli(), args, environment(home))));
    for (const [index, result] of results.entries()) {
      expect({ args: cases[index], status: result.status, stdout: result.stdout }).toEqual({ args: cases[index], status: 2, stdout: '' });
      expect(result.stderr).toMatch(/^device-signin: .+\n/);
      expectNoStackTrace(result);
    }
    expect(results[6]?.stderr).toContain('No issuer is set: pass --issuer, set DEVICE_SIGNIN_ISSUER');
  });

  it('refuses an http issuer that is not on loopback as insecure_uri, before any request', async () => {
    const result = await runCli(
      cli(),
      ['login', '--json', '--insecure-storage', '--issuer', 'http://login.example.com', '--client-id', 'x'],
      environment(await dataFolder()),
    );
    // A setting that must change first exits 2 (docs/cli.md, exit statuses).
    expect(result.status).toBe(2);
    expect(events(result.stdout)).toEqual([expect.objectContaining({ type: 'error', code: 'insecure_uri' })]);
  });

  it('takes flags over the environment, and the environment over settings.json', async () => {
    const home = await dataFolder();
    await writeFile(join(home, 'settings.json'), JSON.stringify({ issuer: 'https://settings.example.com', clientId: 'from-settings' }));
    const status = (env: Record<string, string>, flags: string[] = []): Promise<CliResult> =>
      runCli(cli(), ['status', '--json', '--insecure-storage', ...flags], environment(home, env));
    const issuerAndClient = (result: CliResult): unknown[] => {
      const event = events(result.stdout)[0];
      return [event?.issuer, event?.client_id];
    };
    expect(issuerAndClient(await status({}))).toEqual(['https://settings.example.com', 'from-settings']);
    expect(issuerAndClient(await status({ DEVICE_SIGNIN_CLIENT_ID: 'from-env' }))).toEqual(['https://settings.example.com', 'from-env']);
    expect(issuerAndClient(await status({ DEVICE_SIGNIN_CLIENT_ID: 'from-env' }, ['--client-id', 'from-flag']))).toEqual([
      'https://settings.example.com',
      'from-flag',
    ]);
  });

  it('refuses a flag or variable against a value the admin locked (exit 2), uses the locked value, and stops on a bad policy', async () => {
    const managed = await copyCli(cli(), 'cli-settings-locked');
    cleanups.push(() => rm(managed.root, { recursive: true, force: true }));
    const policyFile = join(managed.root, 'resources/policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({
        issuer: 'https://login.example.com',
        clientId: 'managed-client',
        tokenStorage: 'protected',
        locked: ['issuer', 'tokenStorage'],
      }),
    );
    const home = await dataFolder();
    const flag = await runCli(managed, ['status', '--json', '--issuer', 'https://elsewhere.example.com'], environment(home));
    expect(flag.status).toBe(2);
    const locked = `Your administrator has locked issuer (policy ${policyFile}); the --issuer flag cannot change it.`;
    const sentence = `${locked} Remove it to use the managed value.`;
    expect(events(flag.stdout)).toEqual([{ type: 'error', code: 'invalid_config', message: sentence, detail: sentence }]);
    const variable = await runCli(managed, ['status'], environment(home, { DEVICE_SIGNIN_ISSUER: 'https://elsewhere.example.com' }));
    expect(variable.status).toBe(2);
    expect(variable.stderr).toContain('the environment variable DEVICE_SIGNIN_ISSUER cannot change it.');
    expectNoStackTrace(variable);
    const insecure = await runCli(managed, ['status', '--insecure-storage'], environment(home));
    expect(insecure.status).toBe(2);
    expect(insecure.stderr).toContain('the --insecure-storage flag cannot change it.');

    // The unlocked client id is still the user's to change; the locked issuer is used.
    const noKeyring = environment(home, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/device-signin-test-bus' });
    const status = await runCli(managed, ['status', '--json', '--client-id', 'mine'], noKeyring);
    expect(events(status.stdout)[0]).toMatchObject({
      type: 'status',
      signed_in: false,
      issuer: 'https://login.example.com',
      client_id: 'mine',
      // The bundled policy is the only one here: no system file, no Group Policy or profile on Linux.
      policy_sources: [{ kind: 'installer', name: policyFile }],
    });

    // A policy that fails its schema stops the CLI, naming the file, the key and the problem.
    await writeFile(policyFile, JSON.stringify({ issuer: 'http://login.example.com' }));
    const invalid = await runCli(managed, ['status'], environment(home));
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain(`In the policy ${policyFile}, "issuer" must use https`);
    expectNoStackTrace(invalid);
  });
});

describe('device-signin opening the browser', () => {
  it('opens the page with the code, as one argument, only with a display and no --no-open; Ctrl-C ends the wait at once', async () => {
    const op = await startDemoProvider();
    cleanups.push(() => op.close());
    const home = await dataFolder();
    const bin = await dataFolder();
    const log = join(bin, 'opened.log');
    // A stand-in for xdg-open that records its arguments, one per line, after their count.
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > '${log}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const path = `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;

    async function loginAndInterrupt(
      extraArgs: string[],
      extraEnv: { DISPLAY?: string },
      opens: boolean,
    ): Promise<{ code: CliEvent; result: CliResult }> {
      const login = startCli(
        cli(),
        ['login', '--json', '--insecure-storage', ...extraArgs, ...target(op)],
        environment(home, { PATH: path, ...extraEnv }),
      );
      const code = await login.waitForLine(eventOfType('code'));
      // The opener runs right after the code is printed; give it time to show up, or to not.
      for (let waited = 0; waited < (opens ? 5_000 : 300); waited += 50) {
        if (opens && (await readFile(log, 'utf8').catch(() => '')).split('\n').length >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      login.child.kill('SIGINT');
      const result = await login.ended;
      return { code, result };
    }

    const withDisplay = await loginAndInterrupt([], { DISPLAY: ':99' }, true);
    expect(await readFile(log, 'utf8')).toBe(`1\n${String(withDisplay.code.verification_uri_complete)}\n`);
    expect(withDisplay.result.status).toBe(130);
    await rm(log);

    const noOpen = await loginAndInterrupt(['--no-open'], { DISPLAY: ':99' }, false);
    const noDisplay = await loginAndInterrupt([], {}, false);
    for (const run of [noOpen, noDisplay]) expect(run.result.status).toBe(130);
    await expect(stat(log)).rejects.toThrow(/ENOENT/);
  });
});
