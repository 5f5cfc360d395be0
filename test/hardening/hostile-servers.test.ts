/**
 * A hostile or broken server before there is anything to approve: discovery and the device
 * request reset, stall, fail, or answer with pages, garbage and unsafe URIs, and the token
 * endpoint slows down forever or answers a page. Each ends in a named state, and "try again"
 * works after. What the token endpoint does once a phone is involved: hostile-token-endpoint.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { defaultScope } from '../../src/core/config.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { type Fault, startFaultProxy } from '../support/fault-proxy.ts';
import { awaitingUser, nextState } from '../support/flow-states.ts';
import { useHostileSuite } from '../support/hostile-suite.ts';
import type { Route } from '../support/provider-proxy.ts';

const hostile = useHostileSuite();

/** Runs a sign-in into `fault` and returns where it ended, then proves "try again" works without it. */
async function endsIn(route: Route, fault: Fault): Promise<{ final: FlowState; states: FlowState[] }> {
  hostile.proxy.inject(route, fault);
  const { flow, states } = hostile.newFlow();
  await flow.start();
  const final = flow.getState();
  hostile.proxy.clear();
  const again = flow.start();
  await nextState(flow, awaitingUser);
  flow.cancel();
  await again;
  return { final, states };
}

const html = {
  kind: 'answer',
  status: 200,
  contentType: 'text/html',
  body: '<html><body>Please log in to the hotel Wi-Fi</body></html>',
} as const;

describe('a hostile or broken server ends in a named state, and "try again" works after', () => {
  it.each<[string, Route, Fault, string]>([
    ['discovery: connection reset', 'discovery', { kind: 'reset' }, 'network'],
    ['discovery: stalls past the timeout', 'discovery', { kind: 'stall' }, 'network'],
    ['discovery: 503', 'discovery', { kind: 'answer', status: 503, contentType: 'text/plain', body: 'down' }, 'server_error'],
    ['discovery: a captive portal page', 'discovery', html, 'invalid_response'],
    [
      'discovery: malformed JSON',
      'discovery',
      { kind: 'answer', status: 200, contentType: 'application/json', body: '{"issuer": ' },
      'invalid_response',
    ],
    [
      'discovery: oversized JSON',
      'discovery',
      { kind: 'answer', status: 200, contentType: 'application/json', body: `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}` },
      'invalid_response',
    ],
    ['device: connection reset', 'device_authorization', { kind: 'reset' }, 'network'],
    [
      'device: 500 HTML',
      'device_authorization',
      { kind: 'answer', status: 500, contentType: 'text/html', body: '<h1>Internal error</h1>' },
      'server_error',
    ],
    ['device: a captive portal page', 'device_authorization', html, 'invalid_response'],
    [
      'device: wrongly typed JSON',
      'device_authorization',
      { kind: 'rewrite', change: (json) => ({ ...json, expires_in: 'soon', user_code: 42 }) },
      'invalid_response',
    ],
    [
      'device: required fields dropped',
      'device_authorization',
      { kind: 'rewrite', change: ({ verification_uri: _, ...rest }) => rest },
      'invalid_response',
    ],
    [
      'device: a javascript: URI',
      'device_authorization',
      { kind: 'rewrite', change: (json) => ({ ...json, verification_uri: 'javascript:alert(document.cookie)' }) },
      'insecure_uri',
    ],
    [
      'device: a file: URI',
      'device_authorization',
      { kind: 'rewrite', change: (json) => ({ ...json, verification_uri_complete: 'file:///etc/passwd' }) },
      'insecure_uri',
    ],
    [
      'device: a data: URI',
      'device_authorization',
      { kind: 'rewrite', change: (json) => ({ ...json, verification_uri_complete: 'data:text/html,<script>alert(1)</script>' }) },
      'insecure_uri',
    ],
    [
      'device: a non-https URI off loopback',
      'device_authorization',
      { kind: 'rewrite', change: (json) => ({ ...json, verification_uri: 'http://phish.example/device' }) },
      'insecure_uri',
    ],
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
      const flow = createSignInFlow({
        config: { issuer: slow.issuer, clientId: slow.clientId, scope: defaultScope },
        fetch: globalThis.fetch,
      });
      hostile.track(flow);
      await flow.start();
      expect(flow.getState()).toEqual({ status: 'expired' });
      // Polls at about 1 s and 7 s; the next would come after the code expired.
      expect(slow.count('token')).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('a token answer that is an HTML page ends as invalid_response', async () => {
    hostile.proxy.inject('token', html);
    const { flow } = hostile.newFlow();
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });
});
