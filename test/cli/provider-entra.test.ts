/**
 * The built `device-signin` signing in to the Microsoft Entra ID stand-in
 * (test/support/stand-ins/entra.ts) as a user sets it up: `--provider entra` and the tenant's
 * issuer, by flags or by environment, the session in a 0600 file (--insecure-storage).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltCli, buildCli, runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType, events } from '../support/cli-fixture.ts';
import { type EntraStandIn, startEntraStandIn } from '../support/stand-ins/entra.ts';
import { decodeTerminalQr } from '../support/terminal-qr.ts';

let cli: BuiltCli;
beforeAll(async () => {
  cli = await buildCli('provider-entra');
});
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp(): Promise<{ entra: EntraStandIn; home: string }> {
  const entra = await startEntraStandIn();
  const home = await mkdtemp(join(tmpdir(), 'device-signin-entra-'));
  cleanups.push(
    () => entra.close(),
    () => rm(home, { recursive: true, force: true }),
  );
  return { entra, home };
}

describe('device-signin with --provider entra', () => {
  it('signs in at common with the flags; status names the user and logout says Entra offers no revocation', async () => {
    const { entra, home } = await setUp();
    const flags = ['--provider', 'entra', '--issuer', entra.issuer('common'), '--client-id', entra.clientId, '--insecure-storage'];
    const login = startCli(cli, ['login', '--json', '--no-open', ...flags], environment(home));
    const code = await login.waitForLine(eventOfType('code'));
    expect(code).toMatchObject({ verification_uri: `${entra.origin}/devicelogin` });
    expect(code).not.toHaveProperty('verification_uri_complete');
    entra.approve({}, String(code.user_code));
    const result = await login.ended;
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(events(result.stdout).at(-1)).toEqual({
      type: 'signed_in',
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      name: 'Megan Bowen',
      email: 'megan@contoso.example',
    });

    const status = await runCli(cli, ['status', '--json', ...flags], environment(home));
    expect(events(status.stdout)[0]).toMatchObject({
      type: 'status',
      signed_in: true,
      issuer: entra.issuer('common'),
      name: 'Megan Bowen',
      refreshable: true,
      storage: 'file',
    });

    const requests = entra.requests.length;
    const logout = await runCli(cli, ['logout', '--json', ...flags], environment(home));
    expect(events(logout.stdout)).toEqual([
      {
        type: 'logout',
        signed_out: true,
        was_signed_in: true,
        revocation: 'unsupported',
        expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
    ]);
    // Only discovery, which names no revocation endpoint: nothing was sent to end the session.
    expect(entra.requests.slice(requests).map((r) => r.path)).toEqual(['/common/v2.0/.well-known/openid-configuration']);
    const after = await runCli(cli, ['status', '--json', ...flags], environment(home));
    expect(events(after.stdout)[0]).toMatchObject({ type: 'status', signed_in: false });
  });

  it('signs in at one tenant with the environment alone; the QR code opens the page where the code is typed', async () => {
    const { entra, home } = await setUp();
    const env = environment(home, {
      DEVICE_SIGNIN_PROVIDER: 'entra',
      DEVICE_SIGNIN_ISSUER: entra.issuer(entra.tenantId),
      DEVICE_SIGNIN_CLIENT_ID: entra.clientId,
    });
    const login = startCli(cli, ['login', '--no-open', '--qr', '--insecure-storage'], env);
    const userCode = await login.waitForLine((line) => /^\s+([A-Z2-9]{9})$/.exec(line)?.[1]);
    await login.waitForLine((line) => (line.startsWith('Waiting for approval') ? true : undefined));
    expect(login.stdout()).toContain(`${entra.origin}/devicelogin`);
    // No verification_uri_complete: the QR code is the page itself, and the user types the code.
    expect(decodeTerminalQr(login.stdout())).toBe(`${entra.origin}/devicelogin`);
    entra.approve({ name: 'Adele Vance', email: 'adele@contoso.example' }, userCode);
    const result = await login.ended;
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain('Signed in as Adele Vance <adele@contoso.example>');

    const status = await runCli(cli, ['status', '--json', '--insecure-storage'], env);
    expect(events(status.stdout)[0]).toMatchObject({
      type: 'status',
      signed_in: true,
      issuer: entra.issuer(entra.tenantId),
      email: 'adele@contoso.example',
    });
    const logout = await runCli(cli, ['logout', '--json', '--insecure-storage'], env);
    expect(events(logout.stdout)[0]).toMatchObject({ type: 'logout', was_signed_in: true, revocation: 'unsupported' });
  });

  it('says the sign-in was declined when the user declines (authorization_declined)', async () => {
    const { entra, home } = await setUp();
    const flags = ['--provider', 'entra', '--issuer', entra.issuer('organizations'), '--client-id', entra.clientId, '--insecure-storage'];
    const login = startCli(cli, ['login', '--json', '--no-open', ...flags], environment(home));
    const code = await login.waitForLine(eventOfType('code'));
    entra.deny(String(code.user_code));
    const result = await login.ended;
    expect(result.status).toBe(1);
    expect(events(result.stdout).at(-1)).toMatchObject({ type: 'error', code: 'access_denied' });
  });
});
