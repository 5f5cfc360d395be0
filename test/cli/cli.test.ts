/**
 * The `device-signin` command line as a user or a script meets it: the built CLI, run as a child
 * process against the real demo provider, with Chromium playing the phone, the real Secret Service
 * of `npm test`'s D-Bus session as the keyring, and a data folder of its own for each test.
 */
import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, copyCli, runCli, startCli } from '../support/built-cli.ts';
import { type CliEvent, closedPort, environment, eventOfType, events, expectNoStackTrace, storedTokens, target, useCliFixture } from '../support/cli-fixture.ts';
import { isTokenActive } from '../support/introspect.ts';
import { approveOnPhone, denyOnPhone, enterCodeOnPhone } from '../support/phone.ts';
import { decodeTerminalQr } from '../support/terminal-qr.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
const fixture = useCliFixture('cli-test');
const { phone, dataFolder, keyringEntry, signIn } = fixture;

describe('device-signin login, status, token, logout against the demo provider', () => {
  it.skipIf(!keyring.available)(
    'signs in with --json (code, then pending polls, then signed_in), keeps the session in the keyring, and status, token and logout work like the app',
    async () => {
      const op = await phone.provider();
      const home = await dataFolder();
      const entry = keyringEntry(op);
      const startedAt = Date.now();
      const login = startCli(fixture.cli(), ['login', '--json', '--no-open', ...target(op)], environment(home));
      const code = await login.waitForLine(eventOfType('code'));
      // Approve only after the first poll was answered, so `pending` is part of the story.
      await login.waitForLine(eventOfType('pending'));
      await approveOnPhone(phone.browser(), String(code.verification_uri_complete), { login: 'alice' });
      const signedInAt = await login.waitForLine((line) => (eventOfType('signed_in')(line) === undefined ? undefined : Date.now()));
      const result = await login.ended;
      // Nothing is left running once the user is signed in: no timer, no socket keeps it alive.
      expect(Date.now() - signedInAt).toBeLessThan(1_500);
      expect(result).toMatchObject({ status: 0, stderr: '' });

      const printed = events(result.stdout);
      expect(printed.map((event) => event.type)).toEqual(['code', ...Array<string>(printed.length - 2).fill('pending'), 'signed_in']);
      expect(printed.length).toBeGreaterThanOrEqual(3);
      const userCode = String(code.user_code);
      expect(printed[0]).toEqual({
        type: 'code',
        user_code: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/) as unknown,
        verification_uri: `${op.issuer}/device`,
        verification_uri_complete: `${op.issuer}/device?user_code=${userCode}`,
        expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        interval: 5,
      });
      expect(Date.parse(String(code.expires_at)) - startedAt).toBeGreaterThan(590_000);
      expect(printed.at(-1)).toEqual({ type: 'signed_in', sub: 'alice', name: 'Alice', email: 'alice@example.test' });

      // The tokens are in the Secret Service, and nothing was written to the data folder.
      const tokens = await storedTokens(entry);
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(await readdir(home)).toEqual([]);

      const status = await runCli(fixture.cli(), ['status', ...target(op)], environment(home));
      expect(status).toMatchObject({ status: 0, stderr: '' });
      expect(status.stdout).toContain(`Signed in to ${op.issuer} as Alice <alice@example.test> (alice).`);
      expect(status.stdout).toContain('The session is kept in the system keyring.');
      expect(status.stdout).not.toContain('not encrypted');

      const statusJson = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
      expect(statusJson.status).toBe(0);
      const [statusEvent] = events(statusJson.stdout);
      expect(statusEvent).toMatchObject({ type: 'status', signed_in: true, issuer: op.issuer, client_id: op.clientId, sub: 'alice', refreshable: true, storage: 'keyring' });
      expect(Date.parse(String(statusEvent?.expires_at)) - Date.now()).toBeGreaterThan(3_000_000);

      const token = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
      // The demo provider binds tokens (DPoP): the token alone is refused, and stderr says to use fetch.
      expect(token).toMatchObject({ status: 0, signal: null, stdout: `${tokens.accessToken}\n` });
      expect(token.stderr).toContain('device-signin fetch');
      expect(await isTokenActive(op, tokens.accessToken)).toBe(true);

      const logout = await runCli(fixture.cli(), ['logout', ...target(op)], environment(home));
      expect(logout).toMatchObject({ status: 0, stderr: '' });
      expect(logout.stdout).toContain(`Signed out of ${op.issuer}`);
      // Revoked at the provider, as the app's sign-out does, and gone from the keyring.
      expect(await isTokenActive(op, tokens.accessToken)).toBe(false);
      expect(await isTokenActive(op, tokens.refreshToken ?? '')).toBe(false);
      expect(await entry.getPassword()).toBeNull();

      const after = await runCli(fixture.cli(), ['status', ...target(op)], environment(home));
      expect(after).toMatchObject({ status: 1, stdout: '' });
      expect(after.stderr).toBe(`You're not signed in to ${op.issuer}.\nRun \`device-signin login\` to sign in.\n`);
      const noToken = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
      expect(noToken).toMatchObject({ status: 1, stdout: '' });
      expect(noToken.stderr).toContain("You're not signed in");
      expectNoStackTrace(noToken);
    },
  );

  it('shows the URL, the code and a scannable QR code; typing the code on the phone signs in, and --insecure-storage keeps the session in a 0600 file, not the keyring', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    const login = startCli(fixture.cli(), ['login', '--no-open', '--qr', '--insecure-storage', ...target(op)], environment(home));
    await login.waitForLine((line) => (line.startsWith('Waiting for approval') ? true : undefined));
    const lines = login.stdout().split('\n');
    const url = lines[lines.indexOf('To sign in, open this page on any device:') + 2]?.trim() ?? '';
    const userCode = lines[lines.indexOf('and enter the code:') + 2]?.trim() ?? '';
    expect(url).toBe(`${op.issuer}/device`);
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    // The QR code drawn in the terminal reads back as the page with the code filled in.
    expect(decodeTerminalQr(login.stdout())).toBe(`${op.issuer}/device?user_code=${userCode}`);

    await enterCodeOnPhone(phone.browser(), url, userCode, { login: 'bob' });
    const result = await login.ended;
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain('Signed in as Bob <bob@example.test> (bob). The session is kept in the file');

    const files = await readdir(home);
    expect(files).toEqual([expect.stringMatching(/^session-[0-9a-f]{16}\.json$/)]);
    const file = join(home, files[0] ?? '');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain('"sub":"bob"');
    if (keyring.available) expect(await keyringEntry(op).getPassword()).toBeNull();

    // Without the flag the CLI looks in the keyring, and says which flag was forgotten.
    const withoutFlag = await runCli(fixture.cli(), ['status', ...target(op)], environment(home));
    expect(withoutFlag.status).toBe(1);
    expect(withoutFlag.stderr).toContain('--insecure-storage');
    const status = await runCli(fixture.cli(), ['status', '--insecure-storage', ...target(op)], environment(home));
    expect(status).toMatchObject({ status: 0, stderr: '' });
    expect(status.stdout).toContain('as Bob <bob@example.test> (bob)');
    expect(status.stdout).toContain('Warning: this file is not encrypted.');

    const logout = await runCli(fixture.cli(), ['logout', '--insecure-storage', ...target(op)], environment(home));
    expect(logout.status).toBe(0);
    expect(await readdir(home)).toEqual([]);
  });

  it.skipIf(!keyring.available)('token refreshes an access token that has expired or is about to, and stores the rotated tokens', async () => {
    // Without DPoP: oidc-provider rotates a public client's refresh token only when it is not sender-constrained.
    const op = await phone.provider({ interval: 1, accessTokenTtl: 2, dpop: 'off' });
    const home = await dataFolder();
    const entry = keyringEntry(op);
    await signIn(op, home, 'carol');
    const fromLogin = await storedTokens(entry);

    // A 2-second token is inside the refresh margin at once: `token` renews it before handing it out.
    const first = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
    expect(first).toMatchObject({ status: 0, stderr: '' });
    const firstToken = first.stdout.trim();
    expect(firstToken).not.toBe(fromLogin.accessToken);

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const second = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
    expect(second).toMatchObject({ status: 0, stderr: '' });
    const secondToken = second.stdout.trim();
    expect(secondToken).not.toBe(firstToken);
    expect(await isTokenActive(op, secondToken)).toBe(true);
    expect(await isTokenActive(op, firstToken)).toBe(false); // expired
    const stored = await storedTokens(entry);
    expect(stored.accessToken).toBe(secondToken);
    expect(stored.refreshToken).not.toBe(fromLogin.refreshToken); // oidc-provider rotates refresh tokens of public clients
  });
});

describe('device-signin login when the sign-in does not happen', () => {
  it('reports a code that expired before approval as expired_token, exit 1', async () => {
    const op = await phone.provider({ deviceCodeTtl: 2 });
    const result = await runCli(fixture.cli(), ['login', '--json', '--no-open', '--insecure-storage', ...target(op)], environment(await dataFolder()));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(events(result.stdout).map((event) => event.type)).toEqual(['code', 'error']);
    expect(events(result.stdout)[1]).toEqual({
      type: 'error',
      code: 'expired_token',
      message: 'The code expired before it was approved. Run `device-signin login` again for a new code.',
    });
  });

  it('reports a sign-in declined on the phone as access_denied, exit 1', async () => {
    const op = await phone.provider({ interval: 1 });
    const login = startCli(fixture.cli(), ['login', '--json', '--no-open', '--insecure-storage', ...target(op)], environment(await dataFolder()));
    const code = await login.waitForLine(eventOfType('code'));
    await denyOnPhone(phone.browser(), String(code.verification_uri_complete));
    const result = await login.ended;
    expect(result).toMatchObject({ status: 1, stderr: '' });
    expect(events(result.stdout).at(-1)).toMatchObject({ type: 'error', code: 'access_denied', message: expect.stringContaining('declined') as unknown });
  });

  it('reports an issuer nobody answers at as network, exit 1: two sentences on stderr, no stack trace', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const home = await dataFolder();
    const human = await runCli(fixture.cli(), ['login', '--no-open', '--insecure-storage', '--issuer', issuer, '--client-id', 'any'], environment(home));
    expect(human).toMatchObject({ status: 1, stdout: '' });
    expect(human.stderr).toBe(`Could not reach ${issuer}.\nCheck your network connection and the issuer URL, then try again.\n`);
    expectNoStackTrace(human);
    const json = await runCli(fixture.cli(), ['login', '--json', '--insecure-storage', '--issuer', issuer, '--client-id', 'any'], environment(home));
    expect(json).toMatchObject({ status: 1, stderr: '' });
    expect(events(json.stdout)).toEqual([{ type: 'error', code: 'network', message: expect.stringContaining(issuer) as unknown, detail: expect.any(String) as unknown }]);
  });

  it('refuses to start without a usable keyring (storage_unavailable, exit 1) before any code is shown, unless --insecure-storage', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const home = await dataFolder();
    const noKeyring = environment(home, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/device-signin-test-bus' });
    const args = ['--issuer', issuer, '--client-id', 'any'];
    // The issuer is unreachable on purpose: storage is checked before anything is sent.
    const login = await runCli(fixture.cli(), ['login', '--json', ...args], noKeyring);
    expect(login.status).toBe(1);
    expect(events(login.stdout)).toEqual([
      { type: 'error', code: 'storage_unavailable', message: expect.stringContaining('--insecure-storage') as unknown, detail: expect.any(String) as unknown },
    ]);
    const status = await runCli(fixture.cli(), ['status', '--json', ...args], noKeyring);
    expect(status.status).toBe(1);
    expect(events(status.stdout).map((event) => [event.type, event.code ?? event.signed_in])).toEqual([['status', false], ['error', 'storage_unavailable']]);
    const token = await runCli(fixture.cli(), ['token', ...args], noKeyring);
    expect(token).toMatchObject({ status: 1, stdout: '' });
    expect(token.stderr).toBe(
      'Your sign-in cannot be kept safely here: no usable system keyring was found.\n' +
        'Start a keyring service (such as gnome-keyring), or pass --insecure-storage to keep the tokens in a file only you can read.\n',
    );
    // With the flag the same machine gets as far as the network.
    const insecure = await runCli(fixture.cli(), ['login', '--json', '--insecure-storage', ...args], noKeyring);
    expect(events(insecure.stdout)[0]).toMatchObject({ type: 'error', code: 'network' });
  });
});

describe('device-signin settings and command line', () => {
  it('refuses a command line it cannot run with exit 2 and a hint on stderr', async () => {
    const home = await dataFolder();
    const cases = [[], ['frobnicate'], ['login', '--bogus'], ['token', '--json'], ['status', '--issuer'], ['status', 'extra'], ['login', '--client-id', 'x']];
    const results = await Promise.all(cases.map((args) => runCli(fixture.cli(), args, environment(home))));
    for (const [index, result] of results.entries()) {
      expect({ args: cases[index], status: result.status, stdout: result.stdout }).toEqual({ args: cases[index], status: 2, stdout: '' });
      expect(result.stderr).toMatch(/^device-signin: .+\n/);
      expectNoStackTrace(result);
    }
    expect(results[6]?.stderr).toContain('No issuer is set: pass --issuer, set DEVICE_SIGNIN_ISSUER');
  });

  it('refuses an http issuer that is not on loopback as insecure_uri, before any request', async () => {
    const result = await runCli(fixture.cli(), ['login', '--json', '--insecure-storage', '--issuer', 'http://login.example.com', '--client-id', 'x'], environment(await dataFolder()));
    expect(result.status).toBe(1);
    expect(events(result.stdout)).toEqual([expect.objectContaining({ type: 'error', code: 'insecure_uri' })]);
  });

  it('takes flags over the environment, and the environment over settings.json', async () => {
    const home = await dataFolder();
    await writeFile(join(home, 'settings.json'), JSON.stringify({ issuer: 'https://settings.example.com', clientId: 'from-settings' }));
    const status = (env: Record<string, string>, flags: string[] = []): Promise<CliResult> =>
      runCli(fixture.cli(), ['status', '--json', '--insecure-storage', ...flags], environment(home, env));
    const issuerAndClient = (result: CliResult): unknown[] => {
      const event = events(result.stdout)[0];
      return [event?.issuer, event?.client_id];
    };
    expect(issuerAndClient(await status({}))).toEqual(['https://settings.example.com', 'from-settings']);
    expect(issuerAndClient(await status({ DEVICE_SIGNIN_CLIENT_ID: 'from-env' }))).toEqual(['https://settings.example.com', 'from-env']);
    expect(issuerAndClient(await status({ DEVICE_SIGNIN_CLIENT_ID: 'from-env' }, ['--client-id', 'from-flag']))).toEqual(['https://settings.example.com', 'from-flag']);
  });

  it('refuses a flag or variable that contradicts a value the admin locked (exit 2), uses the locked value otherwise, and stops on an invalid policy', async () => {
    const managed = await copyCli(fixture.cli(), 'cli-test-locked');
    phone.afterTest(() => rm(managed.root, { recursive: true, force: true }));
    const policyFile = join(managed.root, 'resources/policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({ issuer: 'https://login.example.com', clientId: 'managed-client', tokenStorage: 'protected', locked: ['issuer', 'tokenStorage'] }),
    );
    const home = await dataFolder();
    const flag = await runCli(managed, ['status', '--json', '--issuer', 'https://elsewhere.example.com'], environment(home));
    expect(flag.status).toBe(2);
    expect(events(flag.stdout)).toEqual([
      {
        type: 'error',
        code: 'invalid_config',
        message: `Your administrator has locked issuer (policy ${policyFile}); the --issuer flag cannot change it. Remove it to use the managed value.`,
        detail: `Your administrator has locked issuer (policy ${policyFile}); the --issuer flag cannot change it. Remove it to use the managed value.`,
      },
    ]);
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
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain(`In the policy ${policyFile}, "issuer" must use https`);
    expectNoStackTrace(invalid);
  });
});

describe('device-signin opening the browser', () => {
  it('opens the page with the code, as one argument, only when there is a display and no --no-open; Ctrl-C ends the wait at once', async () => {
    const op = await phone.provider();
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
    ): Promise<{ code: CliEvent; result: CliResult; endedIn: number }> {
      const login = startCli(fixture.cli(), ['login', '--json', '--insecure-storage', ...extraArgs, ...target(op)], environment(home, { PATH: path, ...extraEnv }));
      const code = await login.waitForLine(eventOfType('code'));
      // The opener runs right after the code is printed; give it time to show up, or to not.
      for (let waited = 0; waited < (opens ? 5_000 : 300); waited += 50) {
        if (opens && (await readFile(log, 'utf8').catch(() => '')).split('\n').length >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const interruptedAt = Date.now();
      login.child.kill('SIGINT');
      const result = await login.ended;
      return { code, result, endedIn: Date.now() - interruptedAt };
    }

    const withDisplay = await loginAndInterrupt([], { DISPLAY: ':99' }, true);
    expect(await readFile(log, 'utf8')).toBe(`1\n${String(withDisplay.code.verification_uri_complete)}\n`);
    expect(withDisplay.result.status).toBe(130);
    expect(withDisplay.endedIn).toBeLessThan(1_000);
    await rm(log);

    const noOpen = await loginAndInterrupt(['--no-open'], { DISPLAY: ':99' }, false);
    const noDisplay = await loginAndInterrupt([], {}, false);
    for (const run of [noOpen, noDisplay]) expect(run.result.status).toBe(130);
    await expect(stat(log)).rejects.toThrow(/ENOENT/);
  });
});
