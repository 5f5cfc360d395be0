import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { defaultScope } from '../../src/core/config.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { type Fault, type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { type AwaitingUser, awaitingUser, nextState } from '../support/flow-states.ts';
import { approveOnPhone, launchBrowser } from '../support/phone.ts';
import type { Route } from '../support/provider-proxy.ts';

let browser: Browser;
let proxy: FaultProxy;
const flows: SignInFlow[] = [];

beforeAll(async () => {
  [browser, proxy] = await Promise.all([launchBrowser(), startFaultProxy({ provider: { deviceCodeTtl: 30 } })]);
});
afterEach(() => {
  proxy.clear();
  for (const flow of flows.splice(0)) flow.dispose();
});
afterAll(async () => {
  await Promise.all([browser.close(), proxy.close()]);
});

/** The core as the app wires it, with short limits so each fault resolves in about a second. */
function newFlow(): { flow: SignInFlow; states: FlowState[] } {
  const flow = createSignInFlow({
    config: { issuer: proxy.issuer, clientId: proxy.clientId, scope: defaultScope },
    fetch: globalThis.fetch,
    timeoutMs: 1_000,
    maxBackoffMs: 2_000,
  });
  const states: FlowState[] = [];
  flow.subscribe((state) => states.push(state));
  flows.push(flow);
  return { flow, states };
}

/** Runs a sign-in into `fault` and returns where it ended, then proves "try again" works without it. */
async function endsIn(route: Route, fault: Fault): Promise<{ final: FlowState; states: FlowState[] }> {
  proxy.inject(route, fault);
  const { flow, states } = newFlow();
  await flow.start();
  const final = flow.getState();
  proxy.clear();
  const again = flow.start();
  await nextState(flow, awaitingUser);
  flow.cancel();
  await again;
  return { final, states };
}

const html = { kind: 'answer', status: 200, contentType: 'text/html', body: '<html><body>Please log in to the hotel Wi-Fi</body></html>' } as const;

describe('a hostile or broken server ends in a named state, and "try again" works after', () => {
  it.each<[string, Route, Fault, string]>([
    ['discovery: connection reset', 'discovery', { kind: 'reset' }, 'network'],
    ['discovery: stalls past the timeout', 'discovery', { kind: 'stall' }, 'network'],
    ['discovery: 503', 'discovery', { kind: 'answer', status: 503, contentType: 'text/plain', body: 'down' }, 'server_error'],
    ['discovery: a captive portal page', 'discovery', html, 'invalid_response'],
    ['discovery: malformed JSON', 'discovery', { kind: 'answer', status: 200, contentType: 'application/json', body: '{"issuer": ' }, 'invalid_response'],
    ['discovery: oversized JSON', 'discovery', { kind: 'answer', status: 200, contentType: 'application/json', body: `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}` }, 'invalid_response'],
    ['device: connection reset', 'device_authorization', { kind: 'reset' }, 'network'],
    ['device: 500 HTML', 'device_authorization', { kind: 'answer', status: 500, contentType: 'text/html', body: '<h1>Internal error</h1>' }, 'server_error'],
    ['device: a captive portal page', 'device_authorization', html, 'invalid_response'],
    ['device: wrongly typed JSON', 'device_authorization', { kind: 'rewrite', change: (json) => ({ ...json, expires_in: 'soon', user_code: 42 }) }, 'invalid_response'],
    ['device: required fields dropped', 'device_authorization', { kind: 'rewrite', change: ({ verification_uri: _, ...rest }) => rest }, 'invalid_response'],
    ['device: a javascript: URI', 'device_authorization', { kind: 'rewrite', change: (json) => ({ ...json, verification_uri: 'javascript:alert(document.cookie)' }) }, 'insecure_uri'],
    ['device: a file: URI', 'device_authorization', { kind: 'rewrite', change: (json) => ({ ...json, verification_uri_complete: 'file:///etc/passwd' }) }, 'insecure_uri'],
    ['device: a data: URI', 'device_authorization', { kind: 'rewrite', change: (json) => ({ ...json, verification_uri_complete: 'data:text/html,<script>alert(1)</script>' }) }, 'insecure_uri'],
    ['device: a non-https URI off loopback', 'device_authorization', { kind: 'rewrite', change: (json) => ({ ...json, verification_uri: 'http://phish.example/device' }) }, 'insecure_uri'],
  ])('%s → %s', async (_name, route, fault, code) => {
    const { final, states } = await endsIn(route, fault);
    expect(final).toMatchObject({ status: 'error', code });
    // Nothing unsafe was ever put in front of the user, and no stack trace either.
    const shown = JSON.stringify(states);
    for (const unsafe of ['javascript:', 'file:', 'data:text', 'phish.example', '    at ', 'Error:']) expect(shown).not.toContain(unsafe);
  });

  it('a token endpoint that answers slow_down forever ends as expired, polling ever more slowly', async () => {
    const slow = await startFaultProxy({ provider: { deviceCodeTtl: 9 } });
    try {
      slow.inject('token', { kind: 'slow_down' });
      const flow = createSignInFlow({ config: { issuer: slow.issuer, clientId: slow.clientId, scope: defaultScope }, fetch: globalThis.fetch });
      flows.push(flow);
      await flow.start();
      expect(flow.getState()).toEqual({ status: 'expired' });
      // Polls at about 1 s and 7 s; the next would come after the code expired.
      expect(slow.count('token')).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it.each<[string, Fault]>([
    ['connection resets', { kind: 'reset' }],
    ['stalls past the timeout', { kind: 'stall' }],
    ['503s', { kind: 'answer', status: 503, contentType: 'text/html', body: '<h1>Service Unavailable</h1>' }],
  ])('the token endpoint %s: the window shows retrying, and the sign-in completes once it recovers', async (_name, fault) => {
    proxy.inject('token', fault);
    const { flow } = newFlow();
    const done = flow.start();
    const retrying = await nextState(flow, (s): s is AwaitingUser => awaitingUser(s) && s.retrying !== undefined);
    expect(retrying.retrying?.attempt).toBe(1);
    proxy.clear();
    await approveOnPhone(browser, retrying.verificationUriComplete ?? '', { login: 'frank' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'frank' } });
  });

  it('a token answer that is an HTML page ends as invalid_response', async () => {
    proxy.inject('token', html);
    const { flow } = newFlow();
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });

  it.each([
    ['a newline', 'hostile-head\nhostile-tail'],
    ['a space', 'hostile-head hostile-tail'],
  ])('an access token with %s is refused as invalid_response once approved, and never shown', async (_name, accessToken) => {
    proxy.inject('token', { kind: 'rewrite', change: (json) => (typeof json.access_token === 'string' ? { ...json, access_token: accessToken } : json) });
    const { flow, states } = newFlow();
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await approveOnPhone(browser, code.verificationUriComplete ?? '', { login: 'heidi' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(flow.getSession()).toBeUndefined();
    // Node's header check would have quoted the whole token into the message the window shows.
    expect(JSON.stringify(states)).not.toContain('hostile-');
  });

  it.each([-2 * 24 * 3600, 2 * 24 * 3600])('signs in behind a provider whose clock is %i s off', async (offsetSeconds) => {
    proxy.inject('token', { kind: 'clock', offsetSeconds });
    const { flow } = newFlow();
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await approveOnPhone(browser, code.verificationUriComplete ?? '', { login: 'grace' });
    await done;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'grace' } });
  });
});
