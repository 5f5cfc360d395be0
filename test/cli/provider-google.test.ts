/**
 * The built `device-signin` signing in to the Google stand-in (test/support/stand-ins/google.ts)
 * as a user sets it up: `--provider google` and the client secret of a "TVs and Limited Input
 * devices" client, by flags or by environment, the session in a 0600 file (--insecure-storage).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltCli, buildCli, runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType, events } from '../support/cli-fixture.ts';
import { type GoogleStandIn, startGoogleStandIn } from '../support/stand-ins/google.ts';

let cli: BuiltCli;
beforeAll(async () => {
  cli = await buildCli('provider-google');
});
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp(): Promise<{ google: GoogleStandIn; home: string }> {
  const google = await startGoogleStandIn();
  const home = await mkdtemp(join(tmpdir(), 'device-signin-google-'));
  cleanups.push(
    () => google.close(),
    () => rm(home, { recursive: true, force: true }),
  );
  return { google, home };
}

/** Runs `login --json`, approves the code it prints on the stand-in, and returns its events. */
async function logInApproving(google: GoogleStandIn, args: readonly string[], env: Record<string, string>) {
  const login = startCli(cli, ['login', '--json', '--no-open', '--insecure-storage', ...args], env);
  const code = await login.waitForLine(eventOfType('code'));
  google.approve({ name: 'Grace Hopper', email: 'grace@example.test' }, String(code.user_code));
  const result = await login.ended;
  expect(result).toMatchObject({ status: 0, stderr: '' });
  return events(result.stdout);
}

describe('device-signin with --provider google', () => {
  it('signs in with the flags, shows Google’s page with no code link, and status and logout tell the truth', async () => {
    const { google, home } = await setUp();
    const flags = [
      '--provider',
      'google',
      '--issuer',
      google.issuer,
      '--client-id',
      google.clientId,
      '--client-secret',
      google.clientSecret,
    ];
    const printed = await logInApproving(google, flags, environment(home));
    expect(printed[0]).toMatchObject({ type: 'code', verification_uri: `${google.issuer}/device`, interval: 1 });
    expect(printed[0]).not.toHaveProperty('verification_uri_complete');
    expect(printed.at(-1)).toEqual({ type: 'signed_in', sub: '110169484474386276334', name: 'Grace Hopper', email: 'grace@example.test' });

    const status = await runCli(cli, ['status', '--json', '--insecure-storage', ...flags], environment(home));
    expect(events(status.stdout)).toEqual([
      expect.objectContaining({
        type: 'status',
        signed_in: true,
        issuer: google.issuer,
        sub: '110169484474386276334',
        name: 'Grace Hopper',
        refreshable: true,
        storage: 'file',
      }),
    ]);

    const logout = await runCli(cli, ['logout', '--json', '--insecure-storage', ...flags], environment(home));
    expect(events(logout.stdout)).toEqual([{ type: 'logout', signed_out: true, was_signed_in: true, revocation: 'revoked' }]);
    // One revocation ends Google's whole grant.
    expect(google.count('/revoke', 'POST')).toBe(1);
    const after = await runCli(cli, ['status', '--json', '--insecure-storage', ...flags], environment(home));
    expect(events(after.stdout)[0]).toMatchObject({ type: 'status', signed_in: false });
  });

  it('signs in with the environment alone, given Google’s endpoints instead of discovery', async () => {
    const { google, home } = await setUp();
    const env = environment(home, {
      DEVICE_SIGNIN_PROVIDER: 'google',
      DEVICE_SIGNIN_ISSUER: google.issuer,
      DEVICE_SIGNIN_CLIENT_ID: google.clientId,
      DEVICE_SIGNIN_CLIENT_SECRET: google.clientSecret,
      DEVICE_SIGNIN_DEVICE_AUTHORIZATION_ENDPOINT: `${google.issuer}/device/code`,
      DEVICE_SIGNIN_TOKEN_ENDPOINT: `${google.issuer}/token`,
      DEVICE_SIGNIN_USERINFO_ENDPOINT: `${google.issuer}/v1/userinfo`,
      DEVICE_SIGNIN_REVOCATION_ENDPOINT: `${google.issuer}/revoke`,
    });
    const printed = await logInApproving(google, [], env);
    expect(printed.at(-1)).toMatchObject({ type: 'signed_in', name: 'Grace Hopper' });
    expect(google.count('/.well-known/openid-configuration')).toBe(0);
    expect(google.requests.find((r) => r.path === '/token')?.form.get('client_secret')).toBe(google.clientSecret);

    const status = await runCli(cli, ['status', '--json', '--insecure-storage'], env);
    expect(events(status.stdout)[0]).toMatchObject({ type: 'status', signed_in: true, issuer: google.issuer, email: 'grace@example.test' });
    const logout = await runCli(cli, ['logout', '--json', '--insecure-storage'], env);
    expect(events(logout.stdout)[0]).toMatchObject({ type: 'logout', revocation: 'revoked' });
  });

  it('names the scopes Google allows device clients when it refuses the configured one', async () => {
    const { google, home } = await setUp();
    const flags = [
      '--provider',
      'google',
      '--issuer',
      google.issuer,
      '--client-id',
      google.clientId,
      '--client-secret',
      google.clientSecret,
    ];
    const result = await runCli(
      cli,
      ['login', '--json', '--no-open', '--insecure-storage', ...flags, '--scope', 'openid https://mail.google.com/'],
      environment(home),
    );
    expect(result.status).toBe(1);
    const [error] = events(result.stdout);
    expect(error).toMatchObject({ type: 'error', code: 'invalid_scope' });
    expect(error?.detail).toContain('Invalid device flow scope: https://mail.google.com/');
    expect(error?.detail).toContain('openid email profile https://www.googleapis.com/auth/drive.appdata');
  });
});
