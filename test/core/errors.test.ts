import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { scriptedProvider } from '../support/scripted-provider.ts';
import { scriptedIssuer, storedSession } from '../support/stored-session.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

const issuer = scriptedIssuer;

describe('an error printed in full', () => {
  it('holds no token from the answer that caused it', async () => {
    const clock = new VirtualClock();
    // A token response the client must refuse (no token_type) that still carries tokens.
    const op = scriptedProvider({ clock });
    const fetch: typeof op.fetch = async (url, init) => {
      const body = new URLSearchParams(
        typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body : undefined,
      );
      if (body.get('grant_type') === 'refresh_token') {
        return new Response(
          JSON.stringify({ access_token: 'leaky-access-token-value', refresh_token: 'leaky-refresh-token-value', expires_in: 3600 }),
          {
            status: 200,
            headers: { 'content-type': 'application/json' },
          },
        );
      }
      return op.fetch(url, init);
    };
    const vault = createMemoryVault();
    await vault.save(storedSession(clock.now(), -1_000));
    const flow = createSignInFlow({
      config: { issuer, clientId: 'demo-client', scope: 'openid' },
      fetch,
      clock,
      vault,
      proactiveRefresh: false,
    });
    await clock.run(flow.restore());
    const error = await clock.run(flow.getAccessToken()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_response' });
    const printed = inspect(error, { depth: Infinity, showHidden: true });
    expect(printed).toContain('token_type');
    expect(printed).not.toContain('leaky-access-token-value');
    expect(printed).not.toContain('leaky-refresh-token-value');
  });
});
