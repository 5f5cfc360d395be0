/**
 * The real core against an Auth0 stand-in (test/support/stand-ins/auth0.ts) over real HTTP on
 * loopback: the `audience` that makes the access token a JWT for an API, the issuer's trailing
 * slash, and the token endpoint's own statuses (403 while waiting, 429 for `slow_down`). Each
 * test has its own stand-in and flow, so they run side by side.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import type { ClientConfig } from '../../../src/core/config.ts';
import type { FlowEvent, SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { profileFor } from '../../../src/core/providers/profiles.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { auth0DefaultUser, type Auth0StandIn, startAuth0StandIn } from '../../support/stand-ins/auth0.ts';
import { jwtClaims } from '../../support/stand-ins/issued-tokens.ts';
import { expectEndedBy, expectSlowedDownOnce, signInAgainst } from '../../support/stand-ins/stand-in-expectations.ts';

const api = 'https://api.example.test/orders';

/** A stand-in for this test alone (the test's own hook: tests here run concurrently). */
async function auth0(t: TestContext): Promise<Auth0StandIn> {
  const tenant = await startAuth0StandIn();
  t.onTestFinished(() => tenant.close());
  return tenant;
}

/** The core as the app wires it, with Node's fetch and the `auth0` profile. */
function signIn(
  t: TestContext,
  tenant: Auth0StandIn,
  config: Partial<ClientConfig> = {},
): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  return signInAgainst(t, {
    issuer: tenant.issuer,
    clientId: tenant.clientId,
    scope: 'openid profile email offline_access',
    provider: 'auth0',
    ...config,
  });
}

describe.concurrent('Auth0 and the API the token is for', () => {
  it('is the profile `provider: "auth0"` names', () => {
    expect(profileFor('auth0')).toMatchObject({ name: 'auth0', displayName: 'Auth0' });
  });

  it('sends the audience on the device code request, and gets a JWT access token for that API and /userinfo', async (t) => {
    const tenant = await auth0(t);
    const { flow, done } = signIn(t, tenant, { audience: api });
    const code = await nextState(flow, awaitingUser);
    expect(code.verificationUriComplete).toBe(`${tenant.issuer}activate?user_code=${code.userCode}`);
    tenant.approve();
    await done;
    expect(tenant.audiences).toEqual([api]);
    expect(tenant.requests.find((r) => r.path === '/oauth/device/code')?.form.get('audience')).toBe(api);
    expect(jwtClaims(flow.getSession()?.tokens.accessToken ?? '')).toMatchObject({
      iss: tenant.issuer,
      sub: auth0DefaultUser.sub,
      aud: [api, `${tenant.issuer}userinfo`],
    });
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: { sub: auth0DefaultUser.sub, name: 'Katherine Johnson', email: 'katherine@example.test', email_verified: true },
    });
  });

  it('without an audience gets an opaque access token, still good for the profile from /userinfo', async (t) => {
    const tenant = await auth0(t);
    const { flow, done } = signIn(t, tenant);
    await nextState(flow, awaitingUser);
    tenant.approve();
    await done;
    expect(tenant.audiences).toEqual([undefined]);
    expect(flow.getSession()?.tokens.accessToken.split('.')).toHaveLength(1);
    expect(tenant.count('/userinfo')).toBe(1);
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Katherine Johnson' } });
  });
});

describe.concurrent("Auth0's issuer, which ends with a slash", () => {
  it('is matched by the ID token whether the issuer is configured with its slash or without', async (t) => {
    const tenant = await auth0(t);
    for (const issuer of [tenant.issuer, tenant.issuer.replace(/\/$/, '')]) {
      const { flow, done } = signIn(t, tenant, { issuer });
      await nextState(flow, awaitingUser);
      tenant.approve();
      await done;
      expect(jwtClaims(flow.getSession()?.tokens.idToken ?? '').iss).toBe(tenant.issuer);
      expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: tenant.issuer } });
    }
  });
});

describe.concurrent("Auth0's statuses while the user decides", () => {
  it('keeps waiting through 403 authorization_pending', async (t) => {
    const tenant = await auth0(t);
    const { flow, events, done } = signIn(t, tenant);
    await tenant.polled(1);
    tenant.approve();
    await done;
    expect(events.map((e) => e.type)).toEqual(['code', 'pending']);
    expect(flow.getState().status).toBe('signed_in');
  });

  it('reads 429 slow_down as slow_down, not as a rate limit: 5 s more, and no sooner', async (t) => {
    const tenant = await auth0(t);
    await expectSlowedDownOnce(tenant, () => signIn(t, tenant));
  });

  it.for([
    { act: 'deny', answer: '403 access_denied' },
    { act: 'expire', answer: 'the one 403 expired_token (then Auth0 would say invalid_grant)' },
  ] as const)('ends as the user or the clock decides ($answer), and polls no more', async ({ act }, t) => {
    const tenant = await auth0(t);
    await expectEndedBy(tenant, act, () => signIn(t, tenant));
  });
});

describe.concurrent('Auth0 sign-out', () => {
  it('revokes the refresh token; the access token, which Auth0 cannot revoke, lives until it expires', async (t) => {
    const tenant = await auth0(t);
    const { flow, done } = signIn(t, tenant, { audience: api });
    await nextState(flow, awaitingUser);
    tenant.approve();
    await done;
    const tokens = flow.getSession()?.tokens;
    await expect(flow.signOut()).resolves.toBe('revoked');
    expect(tenant.requests.filter((r) => r.path === '/oauth/revoke').map((r) => r.form.get('token_type_hint'))).toEqual([
      'refresh_token',
      'access_token',
    ]);
    expect(tenant.isActive(tokens?.refreshToken ?? '')).toBe(false);
    expect(tenant.isActive(tokens?.accessToken ?? '')).toBe(true);
  });
});
