/**
 * The built `device-signin` against servers that read the RFCs otherwise than oidc-provider does,
 * each the demo provider behind a stand-in that changes only what such a server does differently.
 */
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType, events, expectNoStackTrace, storedTokens, target, useCliFixture } from '../support/cli-fixture.ts';
import { approveOnPhone } from '../support/phone.ts';
import { isTokenActive } from '../support/introspect.ts';
import { startProviderBehindProxy } from '../support/provider-proxy.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
const fixture = useCliFixture('cli-servers-not-oidc-provider');
const { phone, dataFolder, keyringEntry, signIn } = fixture;

describe('device-signin logout against a server that revokes the grant with its refresh token', () => {
  /**
   * RFC 7009 §2.1 lets a server revoke a grant's access tokens with its refresh token, as
   * oidc-provider does; §2.2 asks that a token no longer valid be answered 200, but servers such
   * as this stand-in answer it 400 `invalid_request` "Invalid access token".
   */
  async function cascadingProvider() {
    const seen: string[] = [];
    let grantRevoked = false;
    const op = await startProviderBehindProxy(
      async (exchange) => {
        if (exchange.route !== 'revocation') {
          exchange.reply(await exchange.forward());
          return;
        }
        const hint = new URLSearchParams(exchange.body.toString()).get('token_type_hint') ?? '';
        seen.push(hint);
        if (hint === 'access_token' && grantRevoked) {
          exchange.replyJson(400, { error: 'invalid_request', error_description: 'Invalid access token' });
          return;
        }
        const answer = await exchange.forward();
        if (hint === 'refresh_token' && answer.status === 200) grantRevoked = true;
        exchange.reply(answer);
      },
      { interval: 1 },
    );
    phone.afterTest(() => op.close());
    return { op, seen };
  }

  it.skipIf(!keyring.available)('says the session was ended there, in --json too, though the access token was answered 400', async () => {
    const { op, seen } = await cascadingProvider();
    const home = await dataFolder();
    const entry = keyringEntry(op);
    await signIn(op, home, 'ivan');
    const { accessToken } = await storedTokens(entry);
    const json = await runCli(fixture.cli(), ['logout', '--json', ...target(op)], environment(home));
    expect(json).toMatchObject({ status: 0, stderr: '' });
    const [event, ...rest] = events(json.stdout);
    expect(rest).toEqual([]);
    expect(event).toEqual({ type: 'logout', signed_out: true, was_signed_in: true, revocation: 'revoked' });
    expect(seen).toEqual(['refresh_token', 'access_token']);
    // The refresh token took the access token with it: the 400 said it was already gone.
    expect(await isTokenActive(op, accessToken)).toBe(false);
    expect(await entry.getPassword()).toBeNull();
  });
});

describe('device-signin login against a token endpoint that takes only JSON', () => {
  /**
   * RFC 6749 Appendix B and RFC 8628 §3.4 send the token request form-encoded; this stand-in's
   * token endpoint answers every such request 415 Unsupported Media Type (RFC 9110 §15.5.16),
   * with a problem document, as a JSON-only web framework does.
   */
  async function jsonOnlyProvider() {
    let polls = 0;
    const op = await startProviderBehindProxy(
      async (exchange) => {
        if (exchange.route === 'token') {
          polls += 1;
          exchange.reply({
            status: 415,
            headers: { 'content-type': 'application/problem+json' },
            body: Buffer.from('{"title":"Unsupported Media Type","status":415}'),
          });
          return;
        }
        exchange.reply(await exchange.forward());
      },
      { interval: 1 },
    );
    phone.afterTest(() => op.close());
    return { op, polls: () => polls };
  }

  it.skipIf(!keyring.available)('says the server does not accept the standard request, and does not say to try again', async () => {
    const { op, polls } = await jsonOnlyProvider();
    const home = await dataFolder();
    keyringEntry(op);
    const human = await runCli(fixture.cli(), ['login', '--no-open', ...target(op)], environment(home));
    expect(human.status).toBe(1);
    expect(human.stderr).toContain(`The sign-in server at ${op.issuer} does not accept the standard OAuth request`);
    expect(human.stderr).toContain('tell whoever runs the server');
    expect(human.stderr).not.toMatch(/try again in a moment/i);
    expectNoStackTrace(human);
    expect(polls()).toBe(1);

    const json = await runCli(fixture.cli(), ['login', '--json', '--no-open', ...target(op)], environment(home));
    expect(events(json.stdout).at(-1)).toMatchObject({ type: 'error', code: 'protocol_mismatch' });
  });
});

describe('device-signin login abandoned after the provider issued tokens', () => {
  it.skipIf(!keyring.available)('revokes what was issued before it reports the failure', async () => {
    // A userinfo answer that names someone else than the ID token: OpenID Connect Core §5.3.2
    // says to refuse it, after the provider has already issued the tokens.
    const issued: { access?: string | undefined; refresh?: string | undefined } = {};
    const op = await startProviderBehindProxy(
      async (exchange) => {
        const answer = await exchange.forward();
        if (exchange.route === 'token' && answer.status === 200) {
          const body = JSON.parse(answer.body.toString()) as { access_token?: string; refresh_token?: string };
          issued.access = body.access_token;
          issued.refresh = body.refresh_token;
        }
        if (exchange.route === 'userinfo' && answer.status === 200) {
          exchange.replyJson(200, { sub: 'mallory' });
          return;
        }
        exchange.reply(answer);
      },
      { interval: 1, dpop: 'off' },
    );
    phone.afterTest(() => op.close());
    const home = await dataFolder();
    const login = startCli(fixture.cli(), ['login', '--json', '--no-open', ...target(op)], environment(home));
    const code = await login.waitForLine(eventOfType('code'));
    await approveOnPhone(phone.browser(), String(code.verification_uri_complete), { login: 'nina' });
    const result = await login.ended;
    expect(result.status).toBe(1);
    expect(events(result.stdout).at(-1)).toMatchObject({ type: 'error', code: 'invalid_response' });
    expect(issued.access).toBeDefined();
    expect(await isTokenActive(op, issued.access ?? '')).toBe(false);
    expect(await isTokenActive(op, issued.refresh ?? '')).toBe(false);
  });
});
