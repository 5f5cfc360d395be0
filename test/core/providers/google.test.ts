/**
 * The core against a Google stand-in that speaks Google's dialect of RFC 8628 as Google documents
 * it (test/support/stand-ins/google.ts): real HTTP on loopback, the system clock, 1 s polls. Each
 * test has its own stand-in and flow, so they run side by side.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import type { ClientConfig } from '../../../src/core/config.ts';
import { defaultScope } from '../../../src/core/config.ts';
import { createSignInFlow, type FlowEvent, type SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { type GoogleStandIn, type GoogleStandInOptions, startGoogleStandIn } from '../../support/stand-ins/google.ts';

/** A Google stand-in and a flow for this test alone, ended with it (the test's own hook: tests here run concurrently). */
async function googleSignIn(
  t: TestContext,
  options: GoogleStandInOptions = {},
  config: Partial<ClientConfig> = {},
): Promise<{ google: GoogleStandIn; flow: SignInFlow; events: FlowEvent[] }> {
  const google = await startGoogleStandIn(options);
  const flow = createSignInFlow({
    config: {
      provider: 'google',
      issuer: google.issuer,
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      scope: defaultScope,
      ...config,
    },
    fetch: globalThis.fetch,
    proactiveRefresh: false,
  });
  const events: FlowEvent[] = [];
  flow.onEvent((event) => events.push(event));
  t.onTestFinished(async () => {
    flow.dispose();
    await google.close();
  });
  return { google, flow, events };
}

/** The code the flow shows or, if the sign-in ends without one, the state it ended in, for the test to fail on. */
function codeShown(flow: SignInFlow, done: Promise<void>): Promise<FlowState> {
  return Promise.race([nextState(flow, awaitingUser), done.then(() => flow.getState())]);
}

describe.concurrent('signing in with Google on a TV and Limited Input client', () => {
  it('shows the page Google calls verification_url, with no link carrying the code, and signs in as the Google user', async (t) => {
    const { google, flow } = await googleSignIn(t);
    const done = flow.start();
    const code = await codeShown(flow, done);
    expect(code).toMatchObject({
      status: 'awaiting_user',
      verificationUri: `${google.issuer}/device`,
      userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/) as unknown,
    });
    expect(code).not.toHaveProperty('verificationUriComplete');
    google.approve({ name: 'Grace Hopper', email: 'grace@example.test' });
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: {
        issuer: google.issuer,
        sub: '110169484474386276334',
        name: 'Grace Hopper',
        email: 'grace@example.test',
        email_verified: true,
      },
    });
    // Refresh tokens "are always returned for devices", though offline_access was never sent.
    expect(flow.getSession()?.tokens.refreshToken).toMatch(/^1\/\//);
  });

  it('asks only for scopes Google allows device clients (no offline_access), and sends the client secret with every poll', async (t) => {
    const { google, flow } = await googleSignIn(t);
    const done = flow.start();
    await codeShown(flow, done);
    google.approve();
    await done;
    const deviceRequest = google.requests.find((r) => r.path === '/device/code');
    expect(deviceRequest?.form.get('scope')).toBe('openid profile email');
    const polls = google.requests.filter((r) => r.path === '/token');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((r) => r.form.get('client_secret') === google.clientSecret)).toBe(true);
  });

  it('keeps waiting through Google’s 428 authorization_pending, then signs in', async (t) => {
    const { google, flow, events } = await googleSignIn(t);
    const done = flow.start();
    await google.polled(2);
    google.approve();
    await done;
    expect(flow.getState().status).toBe('signed_in');
    expect(events.filter((e) => e.type === 'pending')).toHaveLength(2);
  });

  it('checks 5 s less often when Google answers 403 slow_down', async (t) => {
    const { google, flow, events } = await googleSignIn(t);
    google.slowDown();
    void flow.start();
    await nextState(flow, (state): state is FlowState => state.status === 'awaiting_user' && state.slowedDown);
    expect(events.find((e) => e.type === 'slow_down')).toEqual({ type: 'slow_down', interval: 6 });
    expect(flow.getState()).toMatchObject({ status: 'awaiting_user', interval: 6, slowedDown: true });
    const polls = google.polls;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(google.polls).toBe(polls);
    flow.cancel();
  });

  it('shows denied when the user presses Deny (403 access_denied)', async (t) => {
    const { google, flow } = await googleSignIn(t);
    const done = flow.start();
    await codeShown(flow, done);
    google.deny();
    await done;
    expect(flow.getState().status).toBe('denied');
  });

  it('shows expired when Google says the code has expired', async (t) => {
    const { google, flow } = await googleSignIn(t);
    const done = flow.start();
    await codeShown(flow, done);
    google.expire();
    await done;
    expect(flow.getState()).toEqual({ status: 'expired' });
  });

  it('accepts an ID token that names Google by its host alone, one of the two forms Google documents', async (t) => {
    const { google, flow } = await googleSignIn(t, { idTokenIssuer: 'host' });
    const done = flow.start();
    await codeShown(flow, done);
    google.approve();
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: '110169484474386276334' } });
  });
});

describe.concurrent('what Google refuses', () => {
  it('names the scopes Google allows device clients when it refuses one', async (t) => {
    const { google, flow } = await googleSignIn(t, {}, { scope: 'openid https://www.googleapis.com/auth/calendar' });
    await flow.start();
    const state = flow.getState();
    expect(state).toMatchObject({ status: 'error', code: 'invalid_scope' });
    const message = state.status === 'error' ? state.message : '';
    expect(message).toContain('Invalid device flow scope: https://www.googleapis.com/auth/calendar');
    expect(message).toContain(
      'openid email profile https://www.googleapis.com/auth/drive.appdata https://www.googleapis.com/auth/drive.file',
    );
    expect(google.polls).toBe(0);
  });

  it('says the client is not accepted when it is not of the TVs and Limited Input devices type', async (t) => {
    const { flow } = await googleSignIn(t, { clientType: 'desktop' });
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_client' });
  });

  it('is refused at the first poll without the client secret Google wants of device clients', async (t) => {
    const { google, flow } = await googleSignIn(t, {}, { clientSecret: undefined });
    const done = flow.start();
    await codeShown(flow, done);
    google.approve();
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'error',
      code: 'request_rejected',
      message: expect.stringContaining('client_secret is missing') as unknown,
    });
  });

  it('reads a quota refusal (403 error_code) as Google’s refusal, not as an answer it cannot read', async (t) => {
    const { google, flow } = await googleSignIn(t);
    google.exceedQuota();
    await flow.start();
    expect(flow.getState()).toMatchObject({
      status: 'error',
      code: 'request_rejected',
      message: expect.stringContaining('rate_limit_exceeded') as unknown,
    });
  });
});

describe.concurrent('a Google session after sign-in', () => {
  it('renews the access token with the refresh token, then signs out with one revocation, which ends the whole grant', async (t) => {
    const { google, flow } = await googleSignIn(t, { accessTokenLifetime: 2 });
    const done = flow.start();
    await codeShown(flow, done);
    google.approve();
    await done;
    const first = flow.getSession()?.tokens;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const renewed = await flow.getAccessToken();
    expect(renewed).not.toBe(first?.accessToken);
    expect(google.requests.filter((r) => r.form.get('grant_type') === 'refresh_token')).toHaveLength(1);
    expect(flow.getState()).toMatchObject({ status: 'signed_in' });

    expect(await flow.signOut()).toBe('revoked');
    expect(google.count('/revoke', 'POST')).toBe(1);
    expect(google.isActive(first?.refreshToken ?? '')).toBe(false);
    expect(google.isActive(renewed)).toBe(false);
    expect(flow.getState().status).toBe('idle');
  });
});
