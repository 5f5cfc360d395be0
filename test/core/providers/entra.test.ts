/**
 * The core against a Microsoft Entra ID stand-in that speaks Entra's v2.0 endpoints as Microsoft
 * documents them (test/support/stand-ins/entra.ts): real HTTP on loopback, tenants in the path,
 * the system clock, 1 s polls. Each test has its own stand-in and flow, so they run side by side.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { defaultScope } from '../../../src/core/config.ts';
import { createSignInFlow, type FlowEvent, type SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { consumersTenantId, type EntraStandIn, type EntraStandInOptions, startEntraStandIn } from '../../support/stand-ins/entra.ts';

/** The stand-in's organization (its default tenantId), and another one. */
const homeTenant = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const otherTenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * A flow for Entra at `tenant` (`common`, `organizations`, `consumers`, a GUID or a domain), and
 * its stand-in, for this test alone (the test's own hook: tests here run concurrently).
 */
async function entraAt(
  t: TestContext,
  tenant: string,
  options: EntraStandInOptions = {},
): Promise<{ entra: EntraStandIn; flow: SignInFlow; events: FlowEvent[] }> {
  const entra = await startEntraStandIn(options);
  const flow = createSignInFlow({
    config: { provider: 'entra', issuer: entra.issuer(tenant), clientId: entra.clientId, scope: defaultScope },
    fetch: globalThis.fetch,
    proactiveRefresh: false,
  });
  const events: FlowEvent[] = [];
  flow.onEvent((event) => events.push(event));
  t.onTestFinished(async () => {
    flow.dispose();
    await entra.close();
  });
  return { entra, flow, events };
}

/** Starts a sign-in, waits for the code, lets `act` answer for the user, and waits for the end. */
async function signIn(flow: SignInFlow, act: () => void): Promise<void> {
  const done = flow.start();
  await codeShown(flow, done);
  act();
  await done;
}

/** The code the flow shows or, if the sign-in ends without one, the state it ended in, for the test to fail on. */
function codeShown(flow: SignInFlow, done: Promise<void>): Promise<FlowState> {
  return Promise.race([nextState(flow, awaitingUser), done.then(() => flow.getState())]);
}

describe.concurrent('signing in with Microsoft Entra ID', () => {
  it('at common: accepts the {tenantid} template and names the session by the tenant the ID token is for', async (t) => {
    const { entra, flow } = await entraAt(t, 'common');
    const done = flow.start();
    const code = await codeShown(flow, done);
    // Entra sends a `message` and no verification_uri_complete: the user types the code.
    expect(code).toMatchObject({
      status: 'awaiting_user',
      verificationUri: `${entra.origin}/devicelogin`,
      userCode: expect.stringMatching(/^[A-Z2-9]{9}$/) as unknown,
    });
    expect(code).not.toHaveProperty('verificationUriComplete');
    entra.approve();
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: {
        issuer: `${entra.origin}/${entra.tenantId}/v2.0`,
        sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
        name: 'Megan Bowen',
        email: 'megan@contoso.example',
      },
    });
    expect(flow.getSession()?.tokens.refreshToken).toEqual(expect.any(String)); // offline_access
  });

  it('at organizations, for a user of another organization: the issuer is that tenant’s', async (t) => {
    const { entra, flow } = await entraAt(t, 'organizations');
    await signIn(flow, () => {
      entra.approve({ name: 'Guest Organisation', tenant: otherTenant });
    });
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: { issuer: `${entra.origin}/${otherTenant}/v2.0`, name: 'Guest Organisation' },
    });
  });

  it('at one tenant given by its GUID: the issuer matches exactly', async (t) => {
    const { entra, flow } = await entraAt(t, homeTenant);
    await signIn(flow, () => {
      entra.approve();
    });
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: `${entra.origin}/${entra.tenantId}/v2.0` } });
  });

  it('at one tenant given by its domain, whose discovery names the tenant’s GUID', async (t) => {
    const { entra, flow } = await entraAt(t, 'contoso.onmicrosoft.com');
    await signIn(flow, () => {
      entra.approve();
    });
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: `${entra.origin}/${entra.tenantId}/v2.0` } });
  });

  it('at consumers, with a personal Microsoft account: the consumer tenant’s issuer', async (t) => {
    const { entra, flow } = await entraAt(t, 'consumers');
    await signIn(flow, () => {
      entra.approve({ name: 'Personal Pat', email: 'pat@outlook.example' });
    });
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: { issuer: `${entra.origin}/${consumersTenantId}/v2.0`, name: 'Personal Pat' },
    });
  });

  it('at consumers, also when its document publishes the template', async (t) => {
    const { entra, flow } = await entraAt(t, 'consumers');
    entra.publishIssuer(`${entra.origin}/{tenantid}/v2.0`);
    await signIn(flow, () => {
      entra.approve();
    });
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: `${entra.origin}/${consumersTenantId}/v2.0` } });
  });

  it('keeps waiting through authorization_pending, then signs in', async (t) => {
    const { entra, flow, events } = await entraAt(t, 'common');
    const done = flow.start();
    await entra.polled(2);
    entra.approve();
    await done;
    expect(flow.getState().status).toBe('signed_in');
    expect(events.filter((e) => e.type === 'pending')).toHaveLength(2);
  });

  it('checks 5 s less often after slow_down', async (t) => {
    const { entra, flow, events } = await entraAt(t, 'common');
    entra.slowDown();
    void flow.start();
    await nextState(flow, (state): state is FlowState => state.status === 'awaiting_user' && state.slowedDown);
    expect(flow.getState()).toMatchObject({ status: 'awaiting_user', interval: 6, slowedDown: true });
    expect(events.filter((e) => e.type === 'slow_down')).toEqual([{ type: 'slow_down', interval: 6 }]);
    const polls = entra.polls;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(entra.polls).toBe(polls);
    flow.cancel();
  });

  it('shows denied when the user declines (authorization_declined)', async (t) => {
    const { entra, flow } = await entraAt(t, 'common');
    await signIn(flow, () => {
      entra.deny();
    });
    expect(flow.getState().status).toBe('denied');
  });

  it('shows expired on expired_token', async (t) => {
    const { entra, flow } = await entraAt(t, 'common');
    await signIn(flow, () => {
      entra.expire();
    });
    expect(flow.getState()).toEqual({ status: 'expired' });
  });

  it('stops waiting, as refused, when the token endpoint does not know the device code (bad_verification_code)', async (t) => {
    const { entra, flow } = await entraAt(t, 'common');
    await signIn(flow, () => {
      entra.forgetDeviceCodes();
    });
    expect(flow.getState()).toMatchObject({
      status: 'error',
      code: 'request_rejected',
      message: expect.stringContaining('AADSTS70018') as unknown,
    });
  });
});

describe.concurrent('issuers Entra must not be trusted with', () => {
  it('refuses an ID token whose iss names a tenant other than its tid', async (t) => {
    const { entra, flow } = await entraAt(t, 'common');
    await signIn(flow, () => {
      entra.approve({ tenant: entra.tenantId, issuerTenant: otherTenant });
    });
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(flow.getSession()).toBeUndefined();
  });

  it('refuses, at a single tenant, an ID token from another tenant', async (t) => {
    const { entra, flow } = await entraAt(t, homeTenant);
    await signIn(flow, () => {
      entra.approve({ tenant: otherTenant });
    });
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });

  it('refuses a discovery document whose issuer is neither the configured one nor the template, before showing a code', async (t) => {
    const { entra, flow } = await entraAt(t, 'common');
    entra.publishIssuer(`${entra.origin}/${otherTenant}/v2.0`);
    await flow.start();
    expect(flow.getState()).toMatchObject({
      status: 'error',
      code: 'invalid_response',
      message: expect.stringContaining('names another issuer') as unknown,
    });
    expect(entra.count('/common/oauth2/v2.0/devicecode')).toBe(0);
  });

  it('refuses, at one tenant, a discovery document that publishes the template', async (t) => {
    const { entra, flow } = await entraAt(t, homeTenant);
    entra.publishIssuer(`${entra.origin}/{tenantid}/v2.0`);
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });

  it('says the client is not accepted when the app registration does not allow public client flows', async (t) => {
    const { flow } = await entraAt(t, 'common', { publicClientFlows: false });
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_client' });
  });
});

describe.concurrent('an Entra session after sign-in', () => {
  it('renews the access token, its new ID token the same tenant’s, and signs out here only (Entra has no revocation)', async (t) => {
    const { entra, flow } = await entraAt(t, 'common', { accessTokenLifetime: 2 });
    await signIn(flow, () => {
      entra.approve();
    });
    const first = flow.getSession()?.tokens;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const renewed = await flow.getAccessToken();
    expect(renewed).not.toBe(first?.accessToken);
    expect(flow.getSession()?.tokens.refreshToken).not.toBe(first?.refreshToken);
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: `${entra.origin}/${entra.tenantId}/v2.0` } });

    const requestsBefore = entra.requests.length;
    expect(await flow.signOut()).toBe('unsupported');
    expect(entra.requests.length).toBe(requestsBefore);
    expect(flow.getState().status).toBe('idle');
  });
});
