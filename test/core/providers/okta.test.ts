/**
 * The real core against an Okta stand-in (test/support/stand-ins/okta.ts) over real HTTP on
 * loopback: both kinds of Okta authorization server, Okta's answers while the user decides, and
 * the profile that only `/v1/userinfo` completes. Each test has its own stand-in and flow, so
 * they run side by side: waiting out real polling intervals is most of their time.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import type { FlowEvent, SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { profileFor } from '../../../src/core/providers/profiles.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { oktaDefaultUser, type OktaStandIn, startOktaStandIn } from '../../support/stand-ins/okta.ts';
import { jwtClaims } from '../../support/stand-ins/issued-tokens.ts';
import { expectEndedBy, expectSlowedDownOnce, signInAgainst } from '../../support/stand-ins/stand-in-expectations.ts';

/** A stand-in for this test alone (the test's own hook: tests here run concurrently). */
async function okta(t: TestContext): Promise<OktaStandIn> {
  const standIn = await startOktaStandIn();
  t.onTestFinished(() => standIn.close());
  return standIn;
}

/** The core as the app wires it, with Node's fetch, signing in to `issuer` with the `okta` profile. */
function signIn(t: TestContext, standIn: OktaStandIn, issuer: string): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  return signInAgainst(t, { issuer, clientId: standIn.clientId, scope: 'openid profile email offline_access', provider: 'okta' });
}

describe.concurrent('Okta, on each kind of authorization server', () => {
  it('is the profile `provider: "okta"` names', () => {
    expect(profileFor('okta')).toMatchObject({ name: 'okta', displayName: 'Okta' });
  });

  it('signs in through the org server: discovery at the root, every endpoint under /oauth2/v1', async (t) => {
    const op = await okta(t);
    const { flow, events, done } = signIn(t, op, op.orgIssuer);
    await op.polled(1);
    op.approve();
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: { issuer: op.orgIssuer, sub: oktaDefaultUser.sub, name: 'Ada Lovelace', email: 'ada@example.test' },
    });
    expect(events.map((e) => e.type)).toEqual(['code', 'pending']);
    const paths = op.requests.map((r) => r.path);
    expect(paths).toContain('/.well-known/openid-configuration');
    expect(paths.filter((p) => p !== '/.well-known/openid-configuration').every((p) => p.startsWith('/oauth2/v1/'))).toBe(true);
    expect(paths).toEqual(expect.arrayContaining(['/oauth2/v1/device/authorize', '/oauth2/v1/token', '/oauth2/v1/userinfo']));
  });

  it('signs in through the default custom server at /oauth2/default, and shows its /activate link with the code in it', async (t) => {
    const op = await okta(t);
    const { flow, done } = signIn(t, op, op.defaultIssuer);
    const code = await nextState(flow, awaitingUser);
    expect(code.verificationUri).toBe(`${op.orgIssuer}/activate`);
    expect(code.verificationUriComplete).toBe(`${op.orgIssuer}/activate?user_code=${code.userCode}`);
    op.approve({ name: 'Grace Murray' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: op.defaultIssuer, name: 'Grace Murray' } });
    expect(op.count('/oauth2/default/.well-known/openid-configuration')).toBe(1);
    expect(op.count('/oauth2/default/v1/device/authorize')).toBe(1);
    expect(op.requests.some((r) => r.path.startsWith('/oauth2/v1/'))).toBe(false);
  });
});

describe.concurrent("Okta's thin ID token", () => {
  it('leaves email_verified to /v1/userinfo, which the sign-in asks with the access token', async (t) => {
    const op = await okta(t);
    const { flow, done } = signIn(t, op, op.defaultIssuer);
    await nextState(flow, awaitingUser);
    op.approve();
    await done;
    const idToken = jwtClaims(flow.getSession()?.tokens.idToken ?? '');
    expect(idToken).toMatchObject({
      iss: op.defaultIssuer,
      aud: op.clientId,
      sub: oktaDefaultUser.sub,
      name: 'Ada Lovelace',
      email: 'ada@example.test',
    });
    expect(idToken).not.toHaveProperty('email_verified');
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { email_verified: true } });
    const userinfo = op.requests.filter((r) => r.path === '/oauth2/default/v1/userinfo');
    expect(userinfo).toHaveLength(1);
    expect(userinfo[0]?.headers.authorization).toBe(`Bearer ${flow.getSession()?.tokens.accessToken ?? ''}`);
  });
});

describe.concurrent("Okta's answers while the user decides", () => {
  it('waits 5 s longer after a 400 slow_down, and polls no sooner', async (t) => {
    const op = await okta(t);
    await expectSlowedDownOnce(op, () => signIn(t, op, op.orgIssuer));
  });

  it.for([
    { act: 'deny', answer: '403 access_denied' },
    { act: 'expire', answer: '400 expired_token' },
  ] as const)('ends as the user or the clock decides ($answer), and polls no more', async ({ act }, t) => {
    const op = await okta(t);
    await expectEndedBy(op, act, () => signIn(t, op, op.orgIssuer));
  });
});

describe.concurrent('Okta sign-out', () => {
  it('revokes at /v1/revoke, and the refresh token no longer works', async (t) => {
    const op = await okta(t);
    const { flow, done } = signIn(t, op, op.orgIssuer);
    await nextState(flow, awaitingUser);
    op.approve();
    await done;
    const tokens = flow.getSession()?.tokens;
    expect(tokens?.refreshToken).toEqual(expect.any(String));
    await expect(flow.signOut()).resolves.toBe('revoked');
    expect(op.isActive(tokens?.refreshToken ?? '')).toBe(false);
    expect(op.isActive(tokens?.accessToken ?? '')).toBe(false);
  });
});
