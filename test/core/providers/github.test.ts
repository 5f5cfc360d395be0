/**
 * The real core against a GitHub stand-in (test/support/stand-ins/github.ts) over real HTTP on
 * loopback: no discovery, answers asked for as JSON (and read when form-encoded), errors with
 * HTTP 200 while the user decides, the profile from the REST API, and a token that neither
 * expires nor can be revoked by this client, so sign-out names the page where the user can.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { chooseClient } from '../../../src/core/policy/client-choice.ts';
import { resolveSettings } from '../../../src/core/policy/settings-resolution.ts';
import { createSignInFlow, type FlowEvent, type SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { githubApiBase } from '../../../src/core/providers/github.ts';
import { profileFor } from '../../../src/core/providers/profiles.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../support/stand-ins/github.ts';
import { expectEndedBy, expectSlowedDownOnce, signInAgainst } from '../../support/stand-ins/stand-in-expectations.ts';

async function github(t: TestContext, options?: Parameters<typeof startGitHubStandIn>[0]): Promise<GitHubStandIn> {
  const standIn = await startGitHubStandIn(options);
  t.onTestFinished(() => standIn.close());
  return standIn;
}

const settings = (standIn: GitHubStandIn) =>
  ({ issuer: standIn.issuer, clientId: standIn.clientId, scope: 'read:user user:email', provider: 'github' }) as const;

function signIn(t: TestContext, standIn: GitHubStandIn): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  return signInAgainst(t, settings(standIn));
}

/** The user approves after one pending poll; resolves once signed in. */
async function signedIn(t: TestContext, standIn: GitHubStandIn): Promise<SignInFlow> {
  const { flow, done } = signIn(t, standIn);
  await standIn.polled(1);
  standIn.approve();
  await done;
  return flow;
}

describe('where GitHub is', () => {
  it('is github.com unless set, with its API at api.github.com; Enterprise Server keeps its API under /api/v3', () => {
    expect(profileFor('github')).toMatchObject({ name: 'github', defaultIssuer: 'https://github.com' });
    expect(githubApiBase(new URL('https://github.com'))).toBe('https://api.github.com');
    expect(githubApiBase(new URL('https://github.example.com/'))).toBe('https://github.example.com/api/v3');
    expect(profileFor('github').endpoints?.(new URL('https://github.example.com'))).toEqual({
      deviceAuthorization: 'https://github.example.com/login/device/code',
      token: 'https://github.example.com/login/oauth/access_token',
    });
  });

  it('needs only the provider and a client id: the issuer is then https://github.com', () => {
    const choice = chooseClient(
      resolveSettings({ env: { DEVICE_SIGNIN_PROVIDER: 'github', DEVICE_SIGNIN_CLIENT_ID: 'Ov23li0123456789abcd' } }),
    );
    expect(choice).toMatchObject({
      kind: 'configured',
      config: { issuer: 'https://github.com', provider: 'github', clientId: 'Ov23li0123456789abcd' },
    });
  });

  it('names the page where the user revokes this app, on github.com and on Enterprise Server', () => {
    const page = profileFor('github').revokeHelpUrl;
    expect(page?.(new URL('https://github.com'), 'Ov23li0123456789abcd')).toBe(
      'https://github.com/settings/connections/applications/Ov23li0123456789abcd',
    );
    expect(page?.(new URL('https://github.example.com/'), 'Ov23liabc')).toBe(
      'https://github.example.com/settings/connections/applications/Ov23liabc',
    );
  });
});

describe.concurrent('GitHub, in its own dialect', () => {
  it('signs in without discovery, asking for JSON, reading pending polls sent with 200, profile from /user and /user/emails', async (t) => {
    const op = await github(t);
    const { flow, events, done } = signIn(t, op);
    const code = await nextState(flow, awaitingUser);
    expect(code.verificationUri).toBe(`${op.issuer}/login/device`);
    expect(code.verificationUriComplete).toBeUndefined();
    await op.polled(1);
    op.approve();
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: { sub: '583231', name: 'The Octocat', email: 'octocat@example.test' },
    });
    expect(events.map((e) => e.type)).toEqual(['code', 'pending']);
    expect(op.count('/.well-known/openid-configuration')).toBe(0);
    expect(op.requests.filter((r) => r.path.startsWith('/login/')).map((r) => r.headers.accept)).toEqual([
      'application/json',
      'application/json',
      'application/json',
    ]);
    expect(op.count('/api/v3/user/emails')).toBe(1);
    // The REST API is asked in its own media type and version:
    // https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api
    expect(op.requests.find((r) => r.path === '/api/v3/user')?.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    });
    // GitHub's tokens do not expire and come without a refresh token.
    expect(flow.getSession()?.tokens).toMatchObject({ tokenType: 'bearer', scope: 'read:user,user:email' });
    expect(flow.getSession()?.tokens.expiresAt).toBeUndefined();
    expect(flow.getSession()?.tokens.refreshToken).toBeUndefined();
  });

  it('reads the form encoding GitHub answers with by default, should the Accept header be lost on the way', async (t) => {
    const op = await github(t);
    const withoutAccept = (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      headers.delete('accept');
      return globalThis.fetch(url, { ...init, headers });
    };
    const flow = createSignInFlow({ config: settings(op), fetch: withoutAccept });
    t.onTestFinished(() => {
      flow.dispose();
    });
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    expect(code).toMatchObject({ verificationUri: `${op.issuer}/login/device`, interval: 1 });
    await op.polled(1);
    op.approve();
    await done;
    // So the stand-in answered both endpoints form-encoded, as GitHub does by default.
    expect(op.requests.filter((r) => r.path.startsWith('/login/')).map((r) => r.headers.accept)).toEqual(['*/*', '*/*', '*/*']);
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: '583231' } });
  });

  it('uses the public email when there is one, without asking /user/emails', async (t) => {
    const op = await github(t);
    const { flow, done } = signIn(t, op);
    await op.polled(1);
    op.approve({ email: 'public@example.test', name: null, login: 'hubot', id: 42 });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: '42', name: 'hubot', email: 'public@example.test' } });
    expect(op.count('/api/v3/user/emails')).toBe(0);
  });

  it('reads slow_down (HTTP 200, with the new interval) as slow_down', async (t) => {
    const op = await github(t);
    await expectSlowedDownOnce(op, () => signIn(t, op));
  });

  it('ends as denied when the user cancels on GitHub', async (t) => {
    const op = await github(t);
    await expectEndedBy(op, 'deny', () => signIn(t, op));
  });

  it('ends as expired when the code runs out', async (t) => {
    const op = await github(t);
    await expectEndedBy(op, 'expire', () => signIn(t, op));
  });

  it('stops, naming the error, when GitHub no longer knows the device code (incorrect_device_code)', async (t) => {
    const op = await github(t);
    const { flow, done } = signIn(t, op);
    await op.polled(1);
    op.forgetCode();
    await done;
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'request_rejected' });
    expect(flow.getState()).toHaveProperty('message', expect.stringContaining('incorrect_device_code') as unknown);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(op.count('/login/oauth/access_token')).toBe(2);
  });

  it('says device sign-in is turned off for the app (device_flow_disabled), before any code is shown', async (t) => {
    const op = await github(t);
    op.disableDeviceFlow();
    const { flow, done } = signIn(t, op);
    await done;
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'device_flow_disabled' });
  });

  it('signs out here only: nothing is sent to GitHub, the token still works there, the notice names the page to revoke it', async (t) => {
    const op = await github(t);
    const flow = await signedIn(t, op);
    const token = flow.getSession()?.tokens.accessToken ?? '';
    const before = op.requests.length;
    expect(await flow.signOut()).toBe('unsupported');
    expect(op.requests.length).toBe(before);
    expect(op.isActive(token)).toBe(true);
    expect(flow.getState()).toEqual({
      status: 'idle',
      notice: expect.objectContaining({
        code: 'revocation_failed',
        revocation: 'unsupported',
        revokeAt: `${op.issuer}/settings/connections/applications/${op.clientId}`,
      }) as unknown,
    });
  });
});

describe.concurrent('a GitHub App, whose user tokens expire', () => {
  it('renews the token with its refresh token and no client secret; GitHub then honours neither of the old pair', async (t) => {
    // 3 s: within the app's last seconds at once, so the next use renews it (GitHub's are 8 hours).
    const op = await github(t, { userTokensExpireIn: 3 });
    const flow = await signedIn(t, op);
    const first = flow.getSession()?.tokens;
    expect(first).toMatchObject({
      tokenType: 'bearer',
      accessToken: expect.stringMatching(/^ghu_/) as unknown,
      refreshToken: expect.stringMatching(/^ghr_/) as unknown,
    });
    const fresh = await flow.getAccessToken();
    expect(fresh).not.toBe(first?.accessToken);
    expect(op.isActive(fresh)).toBe(true);
    const renewal = op.requests.find((r) => r.form.get('grant_type') === 'refresh_token');
    expect(renewal?.form.get('client_id')).toBe(op.clientId);
    expect(renewal?.form.has('client_secret')).toBe(false);
    expect(op.isActive(first?.accessToken ?? '')).toBe(false);
    expect(op.isActive(first?.refreshToken ?? '')).toBe(false);
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: '583231' } });
  });

  it('ends the session, saying so, once the user has revoked the app (bad_refresh_token, with HTTP 200)', async (t) => {
    const op = await github(t, { userTokensExpireIn: 3 });
    const flow = await signedIn(t, op);
    op.revokeApp(flow.getSession()?.tokens.accessToken ?? '');
    await expect(flow.getAccessToken()).rejects.toMatchObject({ code: 'session_ended' });
    expect(flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
  });
});
