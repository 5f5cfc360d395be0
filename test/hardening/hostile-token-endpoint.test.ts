/**
 * A hostile or broken token endpoint while the phone approves: it resets, stalls or fails and then
 * recovers, hands out a token with a newline or a space, or runs on a clock two days off. The
 * window shows retrying and the sign-in completes, or it ends as invalid_response without showing
 * the token.
 */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../support/fault-proxy.ts';
import { type AwaitingUser, awaitingUser, nextState } from '../support/flow-states.ts';
import { useHostileSuite } from '../support/hostile-suite.ts';
import { approveByForms } from '../support/form-phone.ts';

const hostile = useHostileSuite();

describe('a hostile or broken token endpoint while the phone approves', () => {
  it.each<[string, Fault]>([
    ['connection resets', { kind: 'reset' }],
    ['stalls past the timeout', { kind: 'stall' }],
    ['503s', { kind: 'answer', status: 503, contentType: 'text/html', body: '<h1>Service Unavailable</h1>' }],
  ])('the token endpoint %s: the window shows retrying, and the sign-in completes once it recovers', async (_name, fault) => {
    hostile.proxy.inject('token', fault);
    const { flow } = hostile.newFlow();
    const done = flow.start();
    const retrying = await nextState(flow, (s): s is AwaitingUser => awaitingUser(s) && s.retrying !== undefined);
    expect(retrying.retrying?.attempt).toBe(1);
    hostile.proxy.clear();
    await approveByForms(retrying.verificationUriComplete ?? '', { login: 'frank' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'frank' } });
  });

  it.each([
    ['a newline', 'hostile-head\nhostile-tail'],
    ['a space', 'hostile-head hostile-tail'],
  ])('an access token with %s is refused as invalid_response once approved, and never shown', async (_name, accessToken) => {
    hostile.proxy.inject('token', {
      kind: 'rewrite',
      change: (json) => (typeof json.access_token === 'string' ? { ...json, access_token: accessToken } : json),
    });
    const { flow, states } = hostile.newFlow();
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await approveByForms(code.verificationUriComplete ?? '', { login: 'heidi' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(flow.getSession()).toBeUndefined();
    // Node's header check would have quoted the whole token into the message the window shows.
    expect(JSON.stringify(states)).not.toContain('hostile-');
  });

  it.each([-2 * 24 * 3600, 2 * 24 * 3600])('signs in behind a provider whose clock is %i s off', async (offsetSeconds) => {
    hostile.proxy.inject('token', { kind: 'clock', offsetSeconds });
    const { flow } = hostile.newFlow();
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await approveByForms(code.verificationUriComplete ?? '', { login: 'grace' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'grace' } });
  });
});
