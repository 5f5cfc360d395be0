/**
 * `device-signin login` when no one ends up signed in: the code expires, the phone declines, the
 * issuer does not answer, or there is no keyring to keep a session in. The built CLI against the
 * real demo provider, with Chromium playing the phone.
 */
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/built-cli.ts';
import { closedPort, environment, eventOfType, events, expectNoStackTrace, target, useCliFixture } from '../support/cli-fixture.ts';
import { denyOnPhone } from '../support/phone.ts';

const fixture = useCliFixture('cli-login-not-completed');
const { phone, dataFolder } = fixture;

describe('device-signin login when the sign-in does not happen', () => {
  it('reports a code that expired before approval as expired_token, exit 1', async () => {
    const op = await phone.provider({ deviceCodeTtl: 2 });
    const result = await runCli(
      fixture.cli(),
      ['login', '--json', '--no-open', '--insecure-storage', ...target(op)],
      environment(await dataFolder()),
    );
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
    const login = startCli(
      fixture.cli(),
      ['login', '--json', '--no-open', '--insecure-storage', ...target(op)],
      environment(await dataFolder()),
    );
    const code = await login.waitForLine(eventOfType('code'));
    await denyOnPhone(phone.browser(), String(code.verification_uri_complete));
    const result = await login.ended;
    expect(result).toMatchObject({ status: 1, stderr: '' });
    expect(events(result.stdout).at(-1)).toMatchObject({
      type: 'error',
      code: 'access_denied',
      message: expect.stringContaining('declined') as unknown,
    });
  });

  it('reports an issuer nobody answers at as network, exit 1: two sentences on stderr, no stack trace', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const home = await dataFolder();
    const human = await runCli(
      fixture.cli(),
      ['login', '--no-open', '--insecure-storage', '--issuer', issuer, '--client-id', 'any'],
      environment(home),
    );
    expect(human).toMatchObject({ status: 1, stdout: '' });
    expect(human.stderr).toBe(`Could not reach ${issuer}.\nCheck your network connection and the issuer URL, then try again.\n`);
    expectNoStackTrace(human);
    const json = await runCli(
      fixture.cli(),
      ['login', '--json', '--insecure-storage', '--issuer', issuer, '--client-id', 'any'],
      environment(home),
    );
    expect(json).toMatchObject({ status: 1, stderr: '' });
    expect(events(json.stdout)).toEqual([
      { type: 'error', code: 'network', message: expect.stringContaining(issuer) as unknown, detail: expect.any(String) as unknown },
    ]);
  });

  it('refuses to start without a usable keyring (storage_unavailable, exit 1) before a code, unless --insecure-storage', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const home = await dataFolder();
    const noKeyring = environment(home, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/device-signin-test-bus' });
    const args = ['--issuer', issuer, '--client-id', 'any'];
    // The issuer is unreachable on purpose: storage is checked before anything is sent.
    const login = await runCli(fixture.cli(), ['login', '--json', ...args], noKeyring);
    expect(login.status).toBe(1);
    expect(events(login.stdout)).toEqual([
      {
        type: 'error',
        code: 'storage_unavailable',
        message: expect.stringContaining('--insecure-storage') as unknown,
        detail: expect.any(String) as unknown,
      },
    ]);
    const status = await runCli(fixture.cli(), ['status', '--json', ...args], noKeyring);
    expect(status.status).toBe(1);
    expect(events(status.stdout).map((event) => [event.type, event.code ?? event.signed_in])).toEqual([
      ['status', false],
      ['error', 'storage_unavailable'],
    ]);
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
