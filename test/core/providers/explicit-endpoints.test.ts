import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { ClientConfig } from '../../../src/core/config.ts';
import type { Fetch } from '../../../src/core/protocol/http.ts';
import { type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

function signInWith(provider: Omit<ScriptedProviderOptions, 'clock'>, config: Partial<ClientConfig>, fetch?: (op: Fetch) => Fetch) {
  const clock = new VirtualClock();
  const op = scriptedProvider({ clock, ...provider });
  const flow = createSignInFlow({
    config: { issuer: op.issuer, clientId: 'demo-client', scope: 'openid', ...config },
    fetch: fetch?.(op.fetch) ?? op.fetch,
    clock,
  });
  const paths = () => op.requests.map((r) => new URL(r.url).pathname);
  return { clock, op, flow, paths };
}

describe('a server with no discovery document, given its endpoints', () => {
  it('signs in through the explicit device authorization and token endpoints, never asking for discovery', async () => {
    const s = signInWith(
      { discovery: false },
      { endpoints: { deviceAuthorization: 'https://op.example.test/device/auth', token: 'https://op.example.test/token' } },
    );
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(s.paths()).not.toContain('/.well-known/openid-configuration');
    expect(s.paths().slice(0, 2)).toEqual(['/device/auth', '/token']);
  });

  it('fetches the profile from an explicit userinfo endpoint', async () => {
    const s = signInWith(
      { discovery: false, userinfo: { name: 'Alice From Userinfo' } },
      {
        endpoints: {
          deviceAuthorization: 'https://op.example.test/device/auth',
          token: 'https://op.example.test/token',
          userinfo: 'https://op.example.test/me',
        },
      },
    );
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Alice From Userinfo' } });
  });

  it('says discovery failed when neither discovery nor both endpoints are there, before any code is requested', async () => {
    const s = signInWith({ discovery: false }, { endpoints: { token: 'https://op.example.test/token' } });
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'discovery_failed' });
    expect(s.paths()).not.toContain('/device/auth');
  });

  it('refuses a plain-http endpoint off loopback, as it refuses such an issuer', async () => {
    const s = signInWith(
      { discovery: false },
      { endpoints: { deviceAuthorization: 'http://op.example.test/device/auth', token: 'https://op.example.test/token' } },
    );
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'insecure_uri' });
    expect(s.op.requests).toEqual([]);
  });
});

describe('explicit endpoints beside discovery', () => {
  it('win over the discovered ones', async () => {
    const s = signInWith(
      { metadata: { device_authorization_endpoint: 'https://op.example.test/elsewhere' } },
      { endpoints: { deviceAuthorization: 'https://op.example.test/device/auth' } },
    );
    await s.clock.run(s.flow.start());
    expect(s.flow.getState().status).toBe('signed_in');
    expect(s.paths()).toContain('/device/auth');
    expect(s.paths()).not.toContain('/elsewhere');
  });

  it('fill in a device authorization endpoint that discovery lacks, so the capability check passes', async () => {
    const s = signInWith(
      { metadata: { device_authorization_endpoint: undefined } },
      { endpoints: { deviceAuthorization: 'https://op.example.test/device/auth' } },
    );
    await s.clock.run(s.flow.start());
    expect(s.flow.getState().status).toBe('signed_in');
  });

  it('still answer the capability check before a code is requested when discovery has no device endpoint and none is given', async () => {
    const s = signInWith({ metadata: { device_authorization_endpoint: undefined } }, {});
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'discovery_unsupported' });
  });
});

describe('a provider that insists on a client secret for its device clients', () => {
  it('sends it in the body (client_secret_post) to the device and token endpoints', async () => {
    const s = signInWith({}, { clientSecret: 'not-really-secret' });
    await s.clock.run(s.flow.start());
    const bodies = s.op.requests.filter((r) => r.method === 'POST').map((r) => r.body.get('client_secret'));
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bodies)).toEqual(new Set(['not-really-secret']));
  });
});

/**
 * The provider's ID tokens name https://op.example.test; the issuer set is that plus /tenant. Its
 * discovery document is served under /tenant too (OIDC Discovery §4), and names neither
 * `response_types_supported` nor `jwks_uri`, as a sparse RFC 8414 document may: what tells a
 * setting from a token to refuse is where the metadata came from, not which fields it has.
 */
const tenant = 'https://op.example.test/tenant';
const explicitAtRoot = { deviceAuthorization: 'https://op.example.test/device/auth', token: 'https://op.example.test/token' };
const discoveryUnderTenant =
  (op: Fetch): Fetch =>
  (url, init) =>
    op(url.replace('/tenant/.well-known/', '/.well-known/'), init);

describe('an ID token that names another issuer than the one set', () => {
  it('with explicit endpoints, is the issuer setting’s problem, naming the value the provider uses', async () => {
    const s = signInWith({ discovery: false }, { issuer: tenant, endpoints: explicitAtRoot });
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({
      status: 'error',
      code: 'invalid_config',
      problem: { rule: 'config.issuerMismatch', values: { issuer: tenant, actual: 'https://op.example.test' } },
    });
  });

  it('with discovered metadata, even a sparse document, is a token refused, not a setting', async () => {
    const s = signInWith({ metadata: { issuer: tenant } }, { issuer: tenant }, discoveryUnderTenant);
    await s.clock.run(s.flow.start());
    const state = s.flow.getState();
    expect(s.paths()).toContain('/.well-known/openid-configuration');
    expect(state).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(state).not.toHaveProperty('problem');
  });
});
