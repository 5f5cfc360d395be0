/**
 * Servers that are not OpenID providers. A plain OAuth 2.0 device server answers the device grant
 * with tokens and nothing about who approved (RFC 8628 §3.5, RFC 6749 §5.1: no ID token; no
 * userinfo endpoint): the sign-in is an account at that host without a name, and it works as any
 * other (token, refresh, sign-out). And a sign-in abandoned after the token response, because a
 * later check failed or the user cancelled, revokes what was issued (RFC 7009) before it reports.
 */
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

function setup(provider: Omit<ScriptedProviderOptions, 'clock'>) {
  const clock = new VirtualClock();
  const op = scriptedProvider({ clock, ...provider });
  const vault = createMemoryVault();
  const flow = createSignInFlow({
    config: { issuer: op.issuer, clientId: 'demo-client', scope: 'offline_access' },
    fetch: op.fetch,
    clock,
    vault,
    proactiveRefresh: false,
  });
  const revoked = () =>
    op.requests.filter((request) => request.url.endsWith('/token/revocation')).map((request) => request.body.get('token'));
  return { clock, op, vault, flow, revoked };
}

describe('a plain OAuth 2.0 device server', () => {
  it('signs in as an account at its host without a name, keeps it, refreshes it and signs it out', async () => {
    const s = setup({ plainOAuth: true, refreshes: [{ tokens: true, rotate: true }] });
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toEqual({ status: 'signed_in', profile: { issuer: s.op.issuer }, persistence: 'stored', deviceBound: false });
    expect(s.op.requests.filter((request) => request.url.endsWith('/me'))).toEqual([]);
    expect((await s.vault.load())?.profile).toEqual({ issuer: s.op.issuer });

    // Opened again by the next run, refreshed when it expires, and ended at the provider.
    const next = createSignInFlow({
      config: { issuer: s.op.issuer, clientId: 'demo-client', scope: 'offline_access' },
      fetch: s.op.fetch,
      clock: s.clock,
      vault: s.vault,
      proactiveRefresh: false,
    });
    await s.clock.run(next.restore());
    expect(next.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: s.op.issuer } });
    await s.clock.advance(3_600_000);
    const refreshed = await s.clock.run(next.getAccessToken());
    expect(refreshed).not.toBe('access-token-secret');
    const kept = (await s.vault.load())?.tokens;
    expect(kept?.accessToken).toBe(refreshed);
    expect(await s.clock.run(next.signOut())).toBe('revoked');
    expect(s.revoked()).toEqual([kept?.refreshToken, refreshed]);
  });
});

describe('a sign-in abandoned after the token response', () => {
  it('revokes the tokens it was issued when a later check fails, then reports the failure', async () => {
    // The userinfo answer names someone else than the ID token: OIDC Core §5.3.2 says to refuse it.
    const s = setup({ userinfo: { sub: 'mallory' } });
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(s.revoked()).toEqual(['refresh-token-secret', 'access-token-secret']);
    expect(await s.vault.load()).toBeUndefined();
  });

  it('sends nothing for a token that does not have the form its RFC gives', async () => {
    const s = setup({ polls: [{ tokens: true }] });
    const fetch = s.op.fetch;
    // An access token with a space: refused as it arrives (RFC 6750 §2.1), and sent nowhere.
    const flow = createSignInFlow({
      config: { issuer: s.op.issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: async (url, init) => {
        const answer = await fetch(url, init);
        if (!url.endsWith('/token')) return answer;
        const body = (await answer.json()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...body, access_token: 'not a token' }), { status: answer.status, headers: answer.headers });
      },
      clock: s.clock,
      vault: s.vault,
    });
    await s.clock.run(flow.start());
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(s.revoked()).toEqual([]);
  });
});
