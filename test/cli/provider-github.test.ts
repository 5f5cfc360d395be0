/**
 * The built `device-signin` against the GitHub stand-in (test/support/stand-ins/github.ts), set
 * up by flags and by the environment as docs/providers.md says; the session in a 0600 file.
 * GitHub cannot be asked to revoke by a public client, so logout says where the user can.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { buildCli, runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType, events } from '../support/cli-fixture.ts';
import { startGitHubStandIn } from '../support/stand-ins/github.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = await buildCli('provider-github');

async function setUp(t: TestContext) {
  const op = await startGitHubStandIn();
  const home = await mkdtemp(join(tmpdir(), 'device-signin-github-'));
  t.onTestFinished(async () => {
    await op.close();
    await rm(home, { recursive: true, force: true });
  });
  return { op, home };
}

describe.concurrent('device-signin with provider github', () => {
  it('signs in by flags, says who signed in, and at logout that it only forgets the token here, naming where to revoke it', async (t) => {
    const { op, home } = await setUp(t);
    const flags = ['--insecure-storage', '--provider', 'github', '--issuer', op.issuer, '--client-id', op.clientId, '--scope', 'read:user user:email'];
    const login = startCli(cli, ['login', '--json', '--no-open', ...flags], environment(home));
    const code = await login.waitForLine(eventOfType('code'));
    expect(code).toMatchObject({ verification_uri: `${op.issuer}/login/device` });
    op.approve({}, String(code.user_code));
    expect((await login.ended).status).toBe(0);
    const status = events((await runCli(cli, ['status', '--json', ...flags], environment(home))).stdout);
    expect(status[0]).toMatchObject({ signed_in: true, sub: '583231', name: 'The Octocat', email: 'octocat@example.test', refreshable: false });
    expect(status[0]).not.toHaveProperty('expires_at');
    const logout = await runCli(cli, ['logout', ...flags], environment(home));
    expect(logout.status).toBe(0);
    expect(logout.stderr).toContain(`revoke the app at ${op.issuer}/settings/applications`);
  });

  it('signs in by the environment alone, and logout --json gives revoke_at', async (t) => {
    const { op, home } = await setUp(t);
    const env = environment(home, { DEVICE_SIGNIN_PROVIDER: 'github', DEVICE_SIGNIN_ISSUER: op.issuer, DEVICE_SIGNIN_CLIENT_ID: op.clientId, DEVICE_SIGNIN_SCOPE: 'read:user' });
    const login = startCli(cli, ['login', '--json', '--no-open', '--insecure-storage'], env);
    const code = await login.waitForLine(eventOfType('code'));
    op.approve({}, String(code.user_code));
    expect(events((await login.ended).stdout).at(-1)).toMatchObject({ type: 'signed_in', sub: '583231' });
    const logout = events((await runCli(cli, ['logout', '--json', '--insecure-storage'], env)).stdout);
    expect(logout).toEqual([{ type: 'logout', signed_out: true, was_signed_in: true, revocation: 'unsupported', revoke_at: `${op.issuer}/settings/applications` }]);
  });

  it('reports device_flow_disabled as its own error code, with what to do', async (t) => {
    const { op, home } = await setUp(t);
    op.disableDeviceFlow();
    const result = await runCli(cli, ['login', '--json', '--no-open', '--insecure-storage', '--provider', 'github', '--issuer', op.issuer, '--client-id', op.clientId], environment(home));
    expect(result.status).toBe(1);
    const [error, ...rest] = events(result.stdout);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ type: 'error', code: 'device_flow_disabled' });
    expect(String(error?.message)).toContain('Enable Device Flow');
  });
});
