/**
 * The `device-signin` command line as a user or a script meets it: the built CLI, run as a child
 * process against the real demo provider, with Chromium playing the phone, the real Secret Service
 * of `npm test`'s D-Bus session as the keyring, and a data folder of its own for each test.
 * The sign-ins that do not happen are in login-not-completed.test.ts; settings, flags and the
 * browser opener, which need no phone, in settings-and-flags.test.ts.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType, events, expectNoStackTrace, storedTokens, target, useCliFixture } from '../support/cli-fixture.ts';
import { isTokenActive } from '../support/introspect.ts';
import { approveOnPhone, enterCodeOnPhone } from '../support/phone.ts';
import { decodeTerminalQr } from '../support/terminal-qr.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
// The full sign-in story: the phone is Chromium.
const fixture = useCliFixture('cli-test', { phone: 'chromium' });
const { phone, dataFolder, keyringEntry, signIn } = fixture;

describe('device-signin login, status, token, logout against the demo provider', () => {
  it.skipIf(!keyring.available)(
    'signs in with --json (code, pending polls, signed_in), keeps the session in the keyring; status, token and logout work like the app',
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
      await login.waitForLine(eventOfType('signed_in'));
      // Nothing is left running once the user is signed in: no timer, no socket keeps it alive
      // (a process that lingered would fail this test by its timeout, never by a clock reading).
      const result = await login.ended;
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
      expect(statusEvent).toMatchObject({
        type: 'status',
        signed_in: true,
        issuer: op.issuer,
        client_id: op.clientId,
        sub: 'alice',
        refreshable: true,
        storage: 'keyring',
      });
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

  it('shows the page, the code and a QR code; typing the code on the phone signs in; --insecure-storage keeps a file', async () => {
    // The file is readable by its owner only (0600), and the keyring stays empty.
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

  it.skipIf(!keyring.available)(
    'token refreshes an access token that has expired or is about to, and stores the rotated tokens',
    async () => {
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
    },
  );
});
