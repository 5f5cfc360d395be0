/**
 * The built `device-signin` against providers that say no as independent providers do: a
 * revocation refused with 401 and an empty body, discovery that lists only confidential client
 * methods, a refresh refused with 400 and no body; and the token --json line a script reads.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/built-cli.ts';
import { environment, events, target, useCliFixture } from '../support/cli-fixture.ts';
import { isTokenActive } from '../support/introspect.ts';
import { parseJsonObject, startProviderBehindProxy } from '../support/provider-proxy.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
const fixture = useCliFixture('cli-provider-refusals');
const { phone, dataFolder, keyringEntry, signIn } = fixture;

describe('device-signin when the provider says no', () => {
  /**
   * The demo provider behind a stand-in that behaves as an independent provider does (RFC 7009
   * §2.1 lets it require client authentication for revocation; RFC 8414 §2 lets discovery say
   * so): its revocation endpoint answers a public client 401 with an empty body, and once
   * `refusing` is set, its token endpoint answers a refresh 400 with an empty body.
   */
  async function refusingProvider(options: { readonly advertiseAuth: boolean }) {
    const seen = { revocations: 0, refreshes: 0 };
    let refusing = false;
    const op = await startProviderBehindProxy(
      async (exchange) => {
        if (exchange.route === 'revocation') {
          seen.revocations += 1;
          exchange.reply({ status: 401, headers: {}, body: Buffer.alloc(0) });
          return;
        }
        if (exchange.route === 'token' && exchange.body.toString().includes('grant_type=refresh_token')) {
          seen.refreshes += 1;
          if (refusing) {
            exchange.reply({ status: 400, headers: {}, body: Buffer.alloc(0) });
            return;
          }
        }
        const answer = await exchange.forward();
        if (exchange.route === 'discovery' && options.advertiseAuth) {
          exchange.replyJson(200, {
            ...parseJsonObject(answer.body),
            revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'bearer'],
          });
          return;
        }
        exchange.reply(answer);
      },
      { interval: 1, accessTokenTtl: 2 },
    );
    phone.afterTest(() => op.close());
    return { op, seen, refuse: () => (refusing = true) };
  }

  it.skipIf(!keyring.available)(
    'logout says the provider refused (401, empty body), in words and in --json with the expiry, and still removes the session here',
    async () => {
      const { op, seen } = await refusingProvider({ advertiseAuth: false });
      const home = await dataFolder();
      const entry = keyringEntry(op);
      await signIn(op, home, 'erin');
      const human = await runCli(fixture.cli(), ['logout', ...target(op)], environment(home));
      expect(human.status).toBe(0);
      expect(human.stderr).toContain('The provider refused to end the session there.');
      expect(human.stderr).toMatch(/access token stays valid until/);
      expect(human.stderr).not.toContain('could not be reached');
      expect(seen.revocations).toBe(1);
      expect(await entry.getPassword()).toBeNull();

      await signIn(op, home, 'erin');
      const json = await runCli(fixture.cli(), ['logout', '--json', ...target(op)], environment(home));
      expect(json).toMatchObject({ status: 0, stderr: '' });
      const [event, ...rest] = events(json.stdout);
      expect(rest).toEqual([]);
      expect(event).toMatchObject({ type: 'logout', signed_out: true, was_signed_in: true, revocation: 'refused' });
      expect(Date.parse(String(event?.expires_at))).toBeGreaterThan(Date.now() - 5_000);
    },
  );

  // This once sent nothing and said unsupported. A public client may always ask (RFC 7009 §2.1
  // authenticates confidential clients only), and servers whose list leaves out "none" do revoke.
  it.skipIf(!keyring.available)(
    'logout asks anyway, and says refused, when discovery lists only confidential methods and the provider answers 401',
    async () => {
      const { op, seen } = await refusingProvider({ advertiseAuth: true });
      const home = await dataFolder();
      await signIn(op, home, 'frank');
      const json = await runCli(fixture.cli(), ['logout', '--json', ...target(op)], environment(home));
      expect(events(json.stdout)[0]).toMatchObject({ type: 'logout', revocation: 'refused' });
      expect(seen.revocations).toBe(1);
      const again = await runCli(fixture.cli(), ['logout', '--json', ...target(op)], environment(home));
      expect(events(again.stdout)[0]).toEqual({ type: 'logout', signed_out: true, was_signed_in: false });
    },
  );

  it.skipIf(!keyring.available)(
    'token ends a session whose refresh the provider refuses with 400 and no body; status then says it ended',
    async () => {
      const { op, seen, refuse } = await refusingProvider({ advertiseAuth: false });
      const home = await dataFolder();
      const entry = keyringEntry(op);
      await signIn(op, home, 'grace');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      refuse();
      const result = await runCli(fixture.cli(), ['token', '--json', ...target(op)], environment(home));
      expect(result.status).toBe(1);
      expect(events(result.stdout)).toEqual([expect.objectContaining({ type: 'error', code: 'session_ended' })]);
      expect(seen.refreshes).toBe(1);
      expect(await entry.getPassword()).toBeNull();
      const status = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
      expect(status.status).toBe(1);
      expect(events(status.stdout)).toEqual([
        expect.objectContaining({ type: 'status', signed_in: false }),
        expect.objectContaining({ type: 'error', code: 'session_ended' }),
      ]);
      // Nothing more is sent: the session is over, not "try again".
      expect(seen.refreshes).toBe(1);
    },
  );

  it.skipIf(!keyring.available)('token --json prints one object with the token, its type and its expiry', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'heidi');
    const result = await runCli(fixture.cli(), ['token', '--json', ...target(op)], environment(home));
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const [event, ...rest] = events(result.stdout);
    expect(rest).toEqual([]);
    expect(event?.type).toBe('token');
    expect(typeof event?.access_token).toBe('string');
    // The demo provider binds tokens (DPoP); --json carries no warning, only the type, spelled as status --json spells it.
    expect(event?.token_type).toBe('DPoP');
    const status = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
    expect(events(status.stdout)[0]?.token_type).toBe(event?.token_type);
    expect(await isTokenActive(op, String(event?.access_token))).toBe(true);
    expect(Date.parse(String(event?.expires_at))).toBeGreaterThan(Date.now());
  });
});
