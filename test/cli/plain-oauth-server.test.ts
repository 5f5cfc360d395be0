/**
 * The command line against a plain OAuth 2.0 device server (RFC 8628 §3.5, RFC 6749 §5.1: no ID
 * token, no userinfo endpoint): the sign-in is kept as an account at that host, and `status`,
 * `token`, a refresh and `logout` work as with any provider; `status` says the provider does not
 * say who signed in.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFilePath } from '../../src/cli/vault.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { runCli } from '../support/built-cli.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import { serveScriptedProvider } from '../support/scripted-server.ts';
import { jsonLines } from '../support/terminal-text.ts';

const { cli, cleanups } = useBuiltCli('plain-oauth-server');

describe('device-signin against a plain OAuth 2.0 device server', () => {
  it('signs in as an account at its host, and status, token, refresh and logout work', async () => {
    const { issuer, provider } = await serveScriptedProvider({ plainOAuth: true, refreshes: [{ tokens: true, rotate: true }] }, cleanups);
    const home = await mkdtemp(join(tmpdir(), 'device-signin-plain-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DEVICE_SIGNIN_HOME: home, LANG: 'C.UTF-8', TZ: 'UTC' };
    const args = ['--issuer', issuer, '--client-id', 'demo-client', '--scope', 'offline_access', '--insecure-storage'];

    const login = await runCli(cli(), ['login', '--json', '--no-open', ...args], env);
    expect(login.status, login.stderr).toBe(0);
    const signedIn = jsonLines(login.stdout).at(-1);
    expect(signedIn).toEqual({ type: 'signed_in' });

    const status = await runCli(cli(), ['status', ...args], env);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`an account at ${new URL(issuer).host} (the provider does not say who)`);
    expect(jsonLines((await runCli(cli(), ['status', '--json', ...args], env)).stdout)[0]).not.toHaveProperty('sub');

    expect((await runCli(cli(), ['token', ...args], env)).stdout.trim()).toBe('access-token-secret');
    // An hour-long token with ten seconds left: `token` refreshes it.
    const file = sessionFilePath(home, { issuer, clientId: 'demo-client' });
    const kept = JSON.parse(await readFile(file, 'utf8')) as SessionRecord;
    await writeFile(
      file,
      JSON.stringify({ ...kept, tokens: { ...kept.tokens, issuedAt: Date.now() - 3_590_000, expiresAt: Date.now() + 10_000 } }),
      { mode: 0o600 },
    );
    const refreshed = (await runCli(cli(), ['token', ...args], env)).stdout.trim();
    expect(refreshed).toMatch(/^access-token-secret-\d+$/);

    const logout = await runCli(cli(), ['logout', '--json', ...args], env);
    expect(jsonLines(logout.stdout).at(-1)).toMatchObject({ type: 'logout', was_signed_in: true, revocation: 'revoked' });
    expect(
      provider.requests.filter((request) => request.url.endsWith('/token/revocation')).map((request) => request.body.get('token')),
    ).toContain(refreshed);
    expect(provider.requests.filter((request) => request.url.endsWith('/me'))).toEqual([]);
  });
});
