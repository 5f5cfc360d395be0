/**
 * The real core against a Keycloak realm stand-in (test/support/stand-ins/keycloak.ts) over real
 * HTTP on loopback: realm discovery, Keycloak's defaults and its strict polling interval, its
 * answers while the user decides, and signing out although its discovery names no method for a
 * public client. Each test has its own stand-in and flow, so they run side by side.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import type { FlowEvent, SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { profileFor } from '../../../src/core/providers/profiles.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { expectEndedBy, expectSlowedDownOnce, signInAgainst } from '../../support/stand-ins/stand-in-expectations.ts';
import {
  keycloakDefaultUser,
  type KeycloakStandIn,
  type KeycloakStandInOptions,
  startKeycloakStandIn,
} from '../../support/stand-ins/keycloak.ts';

/** A realm for this test alone, polled every second unless the test wants Keycloak's defaults. */
async function realm(t: TestContext, options: KeycloakStandInOptions = { interval: 1, expiresIn: 30 }): Promise<KeycloakStandIn> {
  const standIn = await startKeycloakStandIn(options);
  t.onTestFinished(() => standIn.close());
  return standIn;
}

/** The core as the app wires it, with Node's fetch and the `keycloak` profile. */
function signIn(t: TestContext, kc: KeycloakStandIn): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  return signInAgainst(t, { issuer: kc.issuer, clientId: kc.clientId, scope: 'openid profile email', provider: 'keycloak' });
}

describe.concurrent('Keycloak realms', () => {
  it('is the profile `provider: "keycloak"` names', () => {
    expect(profileFor('keycloak')).toMatchObject({ name: 'keycloak', displayName: 'Keycloak' });
  });

  it('signs in on /realms/{realm}: discovery, device endpoint and userinfo all under the realm', async (t) => {
    const kc = await realm(t);
    const { flow, done } = signIn(t, kc);
    const code = await nextState(flow, awaitingUser);
    expect(code.verificationUri).toBe(`${kc.issuer}/device`);
    expect(code.verificationUriComplete).toBe(`${kc.issuer}/device?user_code=${code.userCode}`);
    kc.approve();
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: {
        issuer: kc.issuer,
        sub: keycloakDefaultUser.sub,
        name: 'Dorothy Vaughan',
        email: 'dorothy@example.test',
        email_verified: true,
      },
    });
    expect(kc.requests.map((r) => r.path)).toEqual([
      '/realms/demo/.well-known/openid-configuration',
      '/realms/demo/protocol/openid-connect/auth/device',
      '/realms/demo/protocol/openid-connect/token',
      '/realms/demo/protocol/openid-connect/userinfo',
    ]);
  });

  it('signs in on a server from before Keycloak 17, whose realms live under /auth', async (t) => {
    const kc = await realm(t, { contextPath: '/auth', realm: 'corp', interval: 1 });
    expect(kc.issuer).toMatch(/\/auth\/realms\/corp$/);
    const { flow, done } = signIn(t, kc);
    await nextState(flow, awaitingUser);
    kc.approve();
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: kc.issuer } });
  });

  it("shows the realm's default code for 10 minutes and polls every 5 s, as Keycloak announces", async (t) => {
    const kc = await realm(t, {});
    const { flow } = signIn(t, kc);
    const code = await nextState(flow, awaitingUser);
    expect(code.interval).toBe(5);
    expect(code.expiresAt - Date.now()).toBeGreaterThan(590_000);
    expect(code.expiresAt - Date.now()).toBeLessThanOrEqual(600_000);
  });
});

describe.concurrent("Keycloak's answers while the user decides, all 400", () => {
  it('never polls sooner than the interval, so Keycloak, which answers an early poll slow_down, never has to', async (t) => {
    const kc = await realm(t);
    const { flow, events, done } = signIn(t, kc);
    await kc.polled(2);
    kc.approve();
    await done;
    expect(events.map((e) => e.type)).toEqual(['code', 'pending', 'pending']);
    expect(kc.slowDowns()).toBe(0);
    expect(flow.getState().status).toBe('signed_in');
  });

  it('waits 5 s longer after a 400 slow_down, and polls no sooner', async (t) => {
    const kc = await realm(t);
    await expectSlowedDownOnce(kc, () => signIn(t, kc));
  });

  it.for([
    { act: 'deny', answer: '400 access_denied, "The end user denied the authorization request"' },
    { act: 'expire', answer: '400 expired_token, "Device code is expired"' },
  ] as const)('ends as the user or the clock decides ($answer), and polls no more', async ({ act }, t) => {
    const kc = await realm(t);
    await expectEndedBy(kc, act, () => signIn(t, kc));
  });
});

describe.concurrent('Keycloak sign-out', () => {
  it('revokes as a public client although discovery lists only confidential methods, and the session ends there', async (t) => {
    const kc = await realm(t);
    const discovery = (await (await fetch(`${kc.issuer}/.well-known/openid-configuration`)).json()) as {
      revocation_endpoint_auth_methods_supported: string[];
    };
    expect(discovery.revocation_endpoint_auth_methods_supported).not.toContain('none');
    const { flow, done } = signIn(t, kc);
    await nextState(flow, awaitingUser);
    kc.approve();
    await done;
    const tokens = flow.getSession()?.tokens;
    await expect(flow.signOut()).resolves.toBe('revoked');
    const revocations = kc.requests.filter((r) => r.path === '/realms/demo/protocol/openid-connect/revoke');
    expect(revocations.map((r) => [r.form.get('client_id'), r.form.get('token_type_hint')])).toEqual([
      [kc.clientId, 'refresh_token'],
      [kc.clientId, 'access_token'],
    ]);
    expect(kc.isActive(tokens?.refreshToken ?? '')).toBe(false);
    expect(kc.isActive(tokens?.accessToken ?? '')).toBe(false);
  });
});
