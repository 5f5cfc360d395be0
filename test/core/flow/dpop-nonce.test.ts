import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

/*
 * A provider with a DPoP nonce of its own per endpoint (RFC 9449 §8, §9), so the first request
 * at every endpoint, and the first after the client has been to another, meets a challenge.
 */

function boundFlow(options: Omit<ScriptedProviderOptions, 'clock' | 'dpopNonces'> = {}) {
  const clock = new VirtualClock();
  const provider = scriptedProvider({ clock, dpopNonces: true, ...options });
  const flow = createSignInFlow({
    config: { issuer: provider.issuer, clientId: 'demo-client', scope: 'openid profile email offline_access' },
    fetch: provider.fetch,
    clock,
    vault: createMemoryVault(),
    proactiveRefresh: false,
  });
  const states: FlowState[] = [];
  flow.subscribe((state) => states.push(state));
  return { clock, provider, flow, states };
}

const at = (provider: ReturnType<typeof scriptedProvider>, path: string) =>
  provider.requests.filter((request) => new URL(request.url).pathname === path);

describe('a provider that answers every first request with a DPoP nonce challenge', () => {
  it('signs in bound, repeating each challenged request at once with the nonce and never counting it as a poll', async () => {
    const { clock, provider, flow, states } = boundFlow({ polls: [{ error: 'authorization_pending' }, { tokens: true }] });
    await clock.run(flow.start());
    expect(flow.getState()).toMatchObject({ status: 'signed_in', deviceBound: true });
    expect(states.some((state) => state.status === 'error' || (state.status === 'awaiting_user' && state.retrying !== undefined))).toBe(
      false,
    );

    const polls = at(provider, '/token');
    expect(polls.map((poll) => poll.challenged === true)).toEqual([true, false, false]);
    expect(polls[1]?.proof?.nonce).toBe('nonce-1');
    // The repeat goes out at once; the next poll waits the whole interval after it (RFC 8628 §3.5).
    expect(polls[1]?.at).toBe(polls[0]?.at);
    expect((polls[2]?.at ?? 0) - (polls[1]?.at ?? 0)).toBe(5_000);

    const userinfo = at(provider, '/me');
    expect(userinfo.map((request) => request.challenged === true)).toEqual([true, false]);
    expect(userinfo[1]?.proof).toMatchObject({ htm: 'GET', nonce: 'nonce-2', ath: expect.any(String) as string });
  });

  it('answers the challenges of a refresh and of an API call made with authorizedFetch', async () => {
    // A one-second token is never fresh enough to use: authorizedFetch refreshes it first.
    const { clock, provider, flow } = boundFlow({ accessTokenExpiresIn: 1 });
    await clock.run(flow.start());
    const before = provider.requests.length;
    const answer = await clock.run(flow.authorizedFetch(`${provider.issuer}/me`));
    expect(answer.status).toBe(200);
    const after = provider.requests
      .slice(before)
      .map((request) => `${new URL(request.url).pathname}${request.challenged === true ? ' challenged' : ''}`);
    expect(after).toEqual(['/token challenged', '/token', '/me challenged', '/me']);
    expect(flow.getSession()?.tokens.accessToken).toBe('access-token-secret-2');
  });
});

describe('authorizedFetch when an API refuses the token as invalid (RFC 6750 §3.1)', () => {
  it('refreshes once and sends the request again with the new token', async () => {
    const clock = new VirtualClock();
    const provider = scriptedProvider({ clock, apiRejects: ['access-token-secret'] });
    const flow = createSignInFlow({
      config: { issuer: provider.issuer, clientId: 'demo-client', scope: 'openid offline_access' },
      fetch: provider.fetch,
      clock,
      proactiveRefresh: false,
    });
    await clock.run(flow.start());
    const answer = await clock.run(flow.authorizedFetch(`${provider.issuer}/api`, { method: 'POST', body: 'a=1' }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ scheme: 'Bearer' });
    const api = at(provider, '/api');
    expect(api.map((request) => request.body.get('a'))).toEqual(['1', '1']);
    expect(at(provider, '/token').filter((request) => request.body.get('grant_type') === 'refresh_token')).toHaveLength(1);
  });

  it('hands back the refusal after one refresh, rather than refreshing again', async () => {
    const clock = new VirtualClock();
    const provider = scriptedProvider({ clock, apiRejects: ['access-token-secret', 'access-token-secret-2'] });
    const flow = createSignInFlow({
      config: { issuer: provider.issuer, clientId: 'demo-client', scope: 'openid offline_access' },
      fetch: provider.fetch,
      clock,
      proactiveRefresh: false,
    });
    await clock.run(flow.start());
    const answer = await clock.run(flow.authorizedFetch(`${provider.issuer}/api`));
    expect(answer.status).toBe(401);
    expect(at(provider, '/api')).toHaveLength(2);
    expect(at(provider, '/token').filter((request) => request.body.get('grant_type') === 'refresh_token')).toHaveLength(1);
  });

  it('refuses to send the token to a plain-http API off loopback', async () => {
    const clock = new VirtualClock();
    const provider = scriptedProvider({ clock });
    const flow = createSignInFlow({
      config: { issuer: provider.issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: provider.fetch,
      clock,
      proactiveRefresh: false,
    });
    await clock.run(flow.start());
    const before = provider.requests.length;
    await expect(clock.run(flow.authorizedFetch('http://api.example.test/items'))).rejects.toMatchObject({ code: 'insecure_uri' });
    expect(provider.requests.length).toBe(before);
  });
});
