/**
 * The built `device-signin` signing in to the Okta, Auth0 and Keycloak stand-ins
 * (test/support/stand-ins/) as a user sets each up, once by flags and once by the environment,
 * the session in a 0600 file (--insecure-storage); then `status --json` and `logout --json` say
 * what each provider did. One file for the three, built once; the providers run side by side.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { type BuiltCli, buildCli, runCli, startCli } from '../support/built-cli.ts';
import { type CliEvent, environment, eventOfType, events } from '../support/cli-fixture.ts';
import { auth0DefaultUser, startAuth0StandIn } from '../support/stand-ins/auth0.ts';
import { keycloakDefaultUser, startKeycloakStandIn } from '../support/stand-ins/keycloak.ts';
import { oktaDefaultUser, startOktaStandIn } from '../support/stand-ins/okta.ts';
import type { DeviceFlowControls } from '../support/stand-ins/device-grants.ts';
import { jwtClaims } from '../support/stand-ins/issued-tokens.ts';

let cli: BuiltCli;
beforeAll(async () => {
  cli = await buildCli('provider-okta-auth0-keycloak');
});

/** A data folder (DEVICE_SIGNIN_HOME) for this test alone. */
async function dataFolder(t: TestContext): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'device-signin-okta-auth0-keycloak-'));
  t.onTestFinished(() => rm(home, { recursive: true, force: true }));
  return home;
}

/** Stops the stand-in when the test ends. */
function closing<S extends { close(): Promise<void> }>(t: TestContext, standIn: S): S {
  t.onTestFinished(() => standIn.close());
  return standIn;
}

/** Runs `login --json`, approves the code it prints on the stand-in, and returns its events. */
async function logInApproving(
  provider: DeviceFlowControls<object>,
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliEvent[]> {
  const login = startCli(cli, ['login', '--json', '--no-open', '--insecure-storage', ...args], env);
  const code = await login.waitForLine(eventOfType('code'));
  provider.approve({}, String(code.user_code));
  const result = await login.ended;
  expect(result).toMatchObject({ status: 0, stderr: '' });
  return events(result.stdout);
}

/** `status`, `logout`, then `status` again, each with `--json`: what a script reads. */
async function statusLogoutStatus(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ status: CliEvent[]; logout: CliEvent[]; after: CliEvent[] }> {
  const run = async (command: string) => events((await runCli(cli, [command, '--json', '--insecure-storage', ...args], env)).stdout);
  return { status: await run('status'), logout: await run('logout'), after: await run('status') };
}

const signedOut = { type: 'logout', signed_out: true, was_signed_in: true, revocation: 'revoked' };

describe.concurrent('device-signin with --provider okta', () => {
  it('signs in to the default custom server by flags; status shows the userinfo profile, logout revokes', async (t) => {
    const okta = closing(t, await startOktaStandIn());
    const home = await dataFolder(t);
    const flags = ['--provider', 'okta', '--issuer', okta.defaultIssuer, '--client-id', okta.clientId];
    const printed = await logInApproving(okta, flags, environment(home));
    expect(printed[0]).toMatchObject({ type: 'code', verification_uri: `${okta.orgIssuer}/activate`, interval: 1 });
    expect(String(printed[0]?.verification_uri_complete)).toBe(`${okta.orgIssuer}/activate?user_code=${String(printed[0]?.user_code)}`);
    expect(printed.at(-1)).toEqual({ type: 'signed_in', sub: oktaDefaultUser.sub, name: 'Ada Lovelace', email: 'ada@example.test' });

    const { status, logout, after } = await statusLogoutStatus(flags, environment(home));
    expect(status).toEqual([
      expect.objectContaining({
        type: 'status',
        signed_in: true,
        issuer: okta.defaultIssuer,
        sub: oktaDefaultUser.sub,
        name: 'Ada Lovelace',
        refreshable: true,
        storage: 'file',
      }),
    ]);
    expect(logout).toEqual([signedOut]);
    expect(okta.count('/oauth2/default/v1/revoke', 'POST')).toBe(2);
    expect(after[0]).toMatchObject({ type: 'status', signed_in: false });
  });

  it('signs in to the org server from the environment alone', async (t) => {
    const okta = closing(t, await startOktaStandIn());
    const env = environment(await dataFolder(t), {
      DEVICE_SIGNIN_PROVIDER: 'okta',
      DEVICE_SIGNIN_ISSUER: okta.orgIssuer,
      DEVICE_SIGNIN_CLIENT_ID: okta.clientId,
    });
    const printed = await logInApproving(okta, [], env);
    expect(printed.at(-1)).toMatchObject({ type: 'signed_in', email: 'ada@example.test' });
    expect(okta.count('/oauth2/v1/device/authorize')).toBe(1);
    const { status, logout } = await statusLogoutStatus([], env);
    expect(status[0]).toMatchObject({ type: 'status', signed_in: true, issuer: okta.orgIssuer, email: 'ada@example.test' });
    expect(logout).toEqual([signedOut]);
  });
});

describe.concurrent('device-signin with --provider auth0', () => {
  const api = 'https://api.example.test/orders';

  it('signs in by flags with the audience from settings.json, and `token` prints a JWT for that API', async (t) => {
    const auth0 = closing(t, await startAuth0StandIn());
    const home = await dataFolder(t);
    // There is no --audience flag: settings.json (or DEVICE_SIGNIN_AUDIENCE, or policy) gives it.
    await writeFile(join(home, 'settings.json'), JSON.stringify({ audience: api }));
    const flags = ['--provider', 'auth0', '--issuer', auth0.issuer, '--client-id', auth0.clientId];
    const printed = await logInApproving(auth0, flags, environment(home));
    expect(printed.at(-1)).toEqual({
      type: 'signed_in',
      sub: auth0DefaultUser.sub,
      name: 'Katherine Johnson',
      email: 'katherine@example.test',
    });
    expect(auth0.audiences).toEqual([api]);

    const token = await runCli(cli, ['token', '--insecure-storage', ...flags], environment(home));
    expect(jwtClaims(token.stdout.trim())).toMatchObject({ iss: auth0.issuer, aud: [api, `${auth0.issuer}userinfo`] });

    const { status, logout, after } = await statusLogoutStatus(flags, environment(home));
    expect(status[0]).toMatchObject({
      type: 'status',
      signed_in: true,
      issuer: auth0.issuer,
      name: 'Katherine Johnson',
      refreshable: true,
    });
    expect(logout).toEqual([signedOut]);
    expect(after[0]).toMatchObject({ type: 'status', signed_in: false });
  });

  it('signs in from the environment, the audience from DEVICE_SIGNIN_AUDIENCE and the issuer without its trailing slash', async (t) => {
    const auth0 = closing(t, await startAuth0StandIn());
    const env = environment(await dataFolder(t), {
      DEVICE_SIGNIN_PROVIDER: 'auth0',
      DEVICE_SIGNIN_ISSUER: auth0.issuer.replace(/\/$/, ''),
      DEVICE_SIGNIN_CLIENT_ID: auth0.clientId,
      DEVICE_SIGNIN_AUDIENCE: api,
    });
    const printed = await logInApproving(auth0, [], env);
    expect(printed.at(-1)).toMatchObject({ type: 'signed_in', sub: auth0DefaultUser.sub });
    expect(auth0.requests.find((r) => r.path === '/oauth/device/code')?.form.get('audience')).toBe(api);
    const { status, logout } = await statusLogoutStatus([], env);
    expect(status[0]).toMatchObject({ type: 'status', signed_in: true, email: 'katherine@example.test' });
    expect(logout).toEqual([signedOut]);
  });
});

describe.concurrent('device-signin with --provider keycloak', () => {
  it('signs in to the realm by flags, and logout revokes although discovery names no method for public clients', async (t) => {
    const keycloak = closing(t, await startKeycloakStandIn({ interval: 1, expiresIn: 30 }));
    const home = await dataFolder(t);
    const flags = ['--provider', 'keycloak', '--issuer', keycloak.issuer, '--client-id', keycloak.clientId];
    const printed = await logInApproving(keycloak, flags, environment(home));
    expect(printed[0]).toMatchObject({ type: 'code', verification_uri: `${keycloak.issuer}/device` });
    expect(printed.at(-1)).toEqual({
      type: 'signed_in',
      sub: keycloakDefaultUser.sub,
      name: 'Dorothy Vaughan',
      email: 'dorothy@example.test',
    });

    const { status, logout, after } = await statusLogoutStatus(flags, environment(home));
    expect(status[0]).toMatchObject({
      type: 'status',
      signed_in: true,
      issuer: keycloak.issuer,
      sub: keycloakDefaultUser.sub,
      refreshable: true,
      storage: 'file',
    });
    expect(logout).toEqual([signedOut]);
    expect(keycloak.count('/realms/demo/protocol/openid-connect/revoke', 'POST')).toBe(2);
    expect(after[0]).toMatchObject({ type: 'status', signed_in: false });
  });

  it('signs in from the environment alone', async (t) => {
    const keycloak = closing(t, await startKeycloakStandIn({ interval: 1, expiresIn: 30 }));
    const env = environment(await dataFolder(t), {
      DEVICE_SIGNIN_PROVIDER: 'keycloak',
      DEVICE_SIGNIN_ISSUER: keycloak.issuer,
      DEVICE_SIGNIN_CLIENT_ID: keycloak.clientId,
    });
    const printed = await logInApproving(keycloak, [], env);
    expect(printed.at(-1)).toMatchObject({ type: 'signed_in', name: 'Dorothy Vaughan' });
    const { status, logout } = await statusLogoutStatus([], env);
    expect(status[0]).toMatchObject({ type: 'status', signed_in: true, issuer: keycloak.issuer });
    expect(logout).toEqual([signedOut]);
  });
});
