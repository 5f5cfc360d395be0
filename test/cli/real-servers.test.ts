/**
 * The built `device-signin` against servers as they really behave: parallel runs on one rotating
 * refresh token, a provider that changes its story about who signed in, and servers with no
 * discovery document. Providers that refuse, with empty bodies: provider-refusals.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/built-cli.ts';
import { environment, events, expectNoStackTrace, storedTokens, target, useCliFixture } from '../support/cli-fixture.ts';
import { isTokenActive } from '../support/introspect.ts';
import { parseJsonObject, startProviderBehindProxy } from '../support/provider-proxy.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
const fixture = useCliFixture('cli-real-servers');
const { phone, dataFolder, keyringEntry, signIn } = fixture;
const cli = fixture.cli;

describe('device-signin token in real use', () => {
  it.skipIf(!keyring.available)(
    'two token commands at once against a provider that rotates refresh tokens both succeed, and the session lives on',
    async () => {
      // oidc-provider rotates a public client's refresh token and treats a reused one as theft,
      // ending the whole grant: two refreshes with the same token would end this session. It does
      // not rotate DPoP-bound ones (RFC 9449 binds them instead), so this provider issues bearer tokens.
      // 8 s tokens, 3.5 s later: under the 5 s left at which `token` renews, and long enough that the
      // renewed token is still live when introspected after both runs on a loaded machine.
      const op = await phone.provider({ interval: 1, accessTokenTtl: 8, dpop: 'off' });
      const home = await dataFolder();
      const entry = keyringEntry(op);
      await signIn(op, home, 'dave');
      const fromLogin = await storedTokens(entry);
      await new Promise((resolve) => setTimeout(resolve, 3_500));

      const [one, two] = await Promise.all([
        runCli(fixture.cli(), ['token', ...target(op)], environment(home)),
        runCli(fixture.cli(), ['token', ...target(op)], environment(home)),
      ]);
      expect(one).toMatchObject({ status: 0, stderr: '' });
      expect(two).toMatchObject({ status: 0, stderr: '' });
      const stored = await storedTokens(entry);
      expect(stored.refreshToken).not.toBe(fromLogin.refreshToken);
      expect(await isTokenActive(op, stored.refreshToken ?? '')).toBe(true);
      // Both printed a token that the provider still honours: the second used the first one's refresh.
      expect(await isTokenActive(op, one.stdout.trim())).toBe(true);
      expect(await isTokenActive(op, two.stdout.trim())).toBe(true);
      const after = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
      expect(events(after.stdout)[0]).toMatchObject({ type: 'status', signed_in: true, sub: 'dave' });
    },
  );

  it.skipIf(!keyring.available)('ends the session, and prints no token, when a refreshed ID token names another user', async () => {
    let refreshes = 0;
    // A server that answers the refresh with an ID token for "mallory" after "alice" signed in.
    const op = await startProviderBehindProxy(
      async (exchange) => {
        const answer = await exchange.forward();
        // A DPoP nonce challenge (or any refusal) passes as it is: only issued tokens are forged.
        if (exchange.route !== 'token' || !exchange.body.toString().includes('grant_type=refresh_token') || answer.status !== 200) {
          exchange.reply(answer);
          return;
        }
        refreshes += 1;
        const body = parseJsonObject(answer.body) ?? {};
        const [header, payload, signature] = String(body.id_token).split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
        const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url');
        exchange.replyJson(200, { ...body, id_token: `${header ?? ''}.${forged}.${signature ?? ''}` });
      },
      { interval: 1, accessTokenTtl: 2 },
    );
    phone.afterTest(() => op.close());
    const home = await dataFolder();
    const entry = keyringEntry(op);
    await signIn(op, home, 'alice');
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const result = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
    expect(refreshes).toBe(1);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('has ended');
    expectNoStackTrace(result);
    expect(await entry.getPassword()).toBeNull();
    const status = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
    expect(events(status.stdout)[0]).toMatchObject({ type: 'status', signed_in: false });
  });
});

describe('device-signin against a server with no discovery document', () => {
  it.skipIf(!keyring.available)(
    'signs in from the endpoints given by flags and the environment, and never asks for discovery',
    async () => {
      const asked: string[] = [];
      const op = await startProviderBehindProxy(
        async (exchange) => {
          asked.push(exchange.route);
          if (exchange.route === 'discovery') {
            exchange.replyJson(404, { error: 'not_found' });
            return;
          }
          exchange.reply(await exchange.forward());
        },
        { interval: 1 },
      );
      phone.afterTest(() => op.close());
      const home = await dataFolder();
      keyringEntry(op);
      const endpoints = ['--device-authorization-endpoint', `${op.issuer}/device/auth`, '--token-endpoint', `${op.issuer}/token`];
      const signedIn = await signIn(op, home, 'ivan', endpoints);
      expect(signedIn.at(-1)).toMatchObject({ type: 'signed_in', sub: 'ivan' });
      expect(asked).not.toContain('discovery');
      const status = await runCli(
        cli(),
        ['status', '--json', ...target(op)],
        environment(home, {
          DEVICE_SIGNIN_DEVICE_AUTHORIZATION_ENDPOINT: `${op.issuer}/device/auth`,
          DEVICE_SIGNIN_TOKEN_ENDPOINT: `${op.issuer}/token`,
          DEVICE_SIGNIN_USERINFO_ENDPOINT: `${op.issuer}/me`,
        }),
      );
      expect(events(status.stdout)[0]).toMatchObject({ type: 'status', signed_in: true, sub: 'ivan' });
    },
  );

  it('refuses an unknown --provider with exit 2, naming the ones it knows', async () => {
    const home = await dataFolder();
    const result = await runCli(
      cli(),
      ['status', '--provider', 'myspace', '--issuer', 'https://login.example.com', '--client-id', 'x'],
      environment(home),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown provider 'myspace'");
    expect(result.stderr).toContain('github');
  });
});
