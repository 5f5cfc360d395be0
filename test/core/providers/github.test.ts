/**
 * The real core against a GitHub stand-in (test/support/stand-ins/github.ts) over real HTTP on
 * loopback: no discovery, answers with HTTP 200 while the user decides, the profile from the
 * REST API, and a token that neither expires nor can be revoked by this client.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import type { FlowEvent, SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { githubApiBase } from '../../../src/core/providers/github.ts';
import { profileFor } from '../../../src/core/providers/profiles.ts';
import { awaitingUser, nextState } from '../../support/flow-states.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../support/stand-ins/github.ts';
import { expectEndedBy, expectSlowedDownOnce, signInAgainst } from '../../support/stand-ins/stand-in-server.ts';

async function github(t: TestContext, options?: Parameters<typeof startGitHubStandIn>[0]): Promise<GitHubStandIn> {
  const standIn = await startGitHubStandIn(options);
  t.onTestFinished(() => standIn.close());
  return standIn;
}

function signIn(t: TestContext, standIn: GitHubStandIn): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  return signInAgainst(t, { issuer: standIn.issuer, clientId: standIn.clientId, scope: 'read:user user:email', provider: 'github' });
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
});

describe.concurrent('GitHub, in its own dialect', () => {
  it('signs in without discovery, reading pending polls sent with HTTP 200, and the profile from /user and /user/emails', async (t) => {
    const op = await github(t);
    const { flow, events, done } = signIn(t, op);
    const code = await nextState(flow, awaitingUser);
    expect(code.verificationUri).toBe(`${op.issuer}/login/device`);
    expect(code.verificationUriComplete).toBeUndefined();
    await op.polled(1);
    op.approve();
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: '583231', name: 'The Octocat', email: 'octocat@example.test' } });
    expect(events.map((e) => e.type)).toEqual(['code', 'pending']);
    expect(op.count('/.well-known/openid-configuration')).toBe(0);
    expect(op.count('/api/v3/user/emails')).toBe(1);
    // GitHub's tokens do not expire and come without a refresh token.
    expect(flow.getSession()?.tokens).toMatchObject({ tokenType: 'bearer' });
    expect(flow.getSession()?.tokens.expiresAt).toBeUndefined();
    expect(flow.getSession()?.tokens.refreshToken).toBeUndefined();
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

  it('says device sign-in is turned off for the app (device_flow_disabled), before any code is shown', async (t) => {
    const op = await github(t);
    op.disableDeviceFlow();
    const { flow, done } = signIn(t, op);
    await done;
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'device_flow_disabled' });
  });

  it('signs out here only: there is no revocation a public client may call, and the page to revoke it is named', async (t) => {
    const op = await github(t);
    const { flow, done } = signIn(t, op);
    await op.polled(1);
    op.approve();
    await done;
    const token = flow.getSession()?.tokens.accessToken ?? '';
    expect(await flow.signOut()).toBe('unsupported');
    expect(op.isActive(token)).toBe(true);
    expect(profileFor('github').revokeHelpUrl?.(new URL(op.issuer))).toBe(`${op.issuer}/settings/applications`);
  });
});
