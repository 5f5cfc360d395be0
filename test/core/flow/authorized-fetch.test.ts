/**
 * authorizedFetch retries a request the API refused as `invalid_token` (RFC 6750 §3.1) once,
 * with a refreshed token, and only as the account that sent it: a sign-out and a sign-in as
 * someone else in between must not replay the first person's request as the second.
 */
import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../../src/core/protocol/http.ts';
import { createSignInFlow, type SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { scriptedProvider } from '../../support/scripted-provider.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const issuer = scriptedIssuer;

describe('authorizedFetch after the API refused the token', () => {
  function setup(onApi?: (flow: SignInFlow) => Promise<void>) {
    const clock = new VirtualClock();
    const vault = createMemoryVault();
    // Bob's token is refused at the API, as if it had expired early; Alice's is accepted.
    const op = scriptedProvider({ clock, apiRejects: ['access-token-secret-1'], refreshes: [{ tokens: true, rotate: true }] });
    const holder: { flow?: SignInFlow } = {};
    let switched = false;
    const fetch: Fetch = async (url, init) => {
      const answer = await op.fetch(url, init);
      if (url.endsWith('/api') && !switched && onApi !== undefined && holder.flow !== undefined) {
        switched = true;
        await onApi(holder.flow);
      }
      return answer;
    };
    const flow = createSignInFlow({
      config: { issuer, clientId: 'demo-client', scope: 'openid offline_access' },
      fetch,
      clock,
      vault,
      proactiveRefresh: false,
    });
    holder.flow = flow;
    const apiCalls = () => op.requests.filter((request) => request.url.endsWith('/api'));
    return { clock, vault, op, flow, apiCalls };
  }

  it('refreshes once and sends the request again as the same account', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock.now(), 3_600_000, { profile: { issuer, sub: 'bob' } }));
    await s.clock.run(s.flow.restore());
    const response = await s.clock.run(s.flow.authorizedFetch(`${issuer}/api`, { method: 'POST', body: 'transfer=1' }));
    expect(response.status).toBe(200);
    expect(s.apiCalls().map((call) => call.authorization)).toEqual(['Bearer access-token-secret-1', 'Bearer access-token-secret-2']);
  });

  it('returns the 401 when someone else signed in meanwhile, and never sends the request as them', async () => {
    const s = setup(async (flow) => {
      await flow.signOut();
      // Alice signs in on this computer while Bob's request was on its way.
      await flow.start();
    });
    await s.vault.save(storedSession(s.clock.now(), 3_600_000, { profile: { issuer, sub: 'bob' } }));
    await s.clock.run(s.flow.restore());
    const response = await s.clock.run(s.flow.authorizedFetch(`${issuer}/api`, { method: 'POST', body: 'transfer=1' }));
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(response.status).toBe(401);
    expect(s.apiCalls().map((call) => call.authorization)).toEqual(['Bearer access-token-secret-1']);
    expect(s.op.requests.filter((request) => request.body.get('grant_type') === 'refresh_token')).toEqual([]);
  });
});
