/**
 * The ID token of a server that does not say how it signs: given its endpoints with no discovery
 * (so no `id_token_signing_alg_values_supported`, RFC 8414 §2 / OIDC Discovery §3), or with a
 * discovery document that leaves the list out. The token comes straight from the token endpoint
 * over TLS, which OpenID Connect Core §3.1.3.7 (6) accepts in place of checking its signature, so
 * the asymmetric algorithm it names is taken as it is: an approved sign-in never fails on it.
 * `none` and the HMAC algorithms stay refused: they sign with no key the server alone holds.
 */
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { ClientConfig } from '../../../src/core/config.ts';
import { type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const givenEndpoints: Partial<ClientConfig> = {
  endpoints: { deviceAuthorization: 'https://op.example.test/device/auth', token: 'https://op.example.test/token' },
};

async function signInWith(provider: Omit<ScriptedProviderOptions, 'clock'>, config: Partial<ClientConfig> = {}) {
  const clock = new VirtualClock();
  const op = scriptedProvider({ clock, ...provider });
  const flow = createSignInFlow({
    config: { issuer: op.issuer, clientId: 'demo-client', scope: 'openid', ...config },
    fetch: op.fetch,
    clock,
  });
  await clock.run(flow.start());
  return { flow, asked: op.requests.map((r) => new URL(r.url).pathname) };
}

describe('an ID token from a server given by its endpoints, with no discovery', () => {
  it.each(['EdDSA', 'ES256', 'PS256', 'RS256'] as const)('signs in when the ID token is signed with %s', async (idTokenAlg) => {
    const s = await signInWith({ discovery: false, idTokenAlg }, givenEndpoints);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(s.asked).not.toContain('/.well-known/openid-configuration');
  });

  it.each(['none', 'HS256'] as const)('still refuses an ID token "signed" with %s', async (idTokenAlg) => {
    const s = await signInWith({ discovery: false, idTokenAlg }, givenEndpoints);
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });
});

describe('an ID token from a server whose discovery names no signing algorithms', () => {
  it('signs in with an EdDSA ID token', async () => {
    const s = await signInWith({ idTokenAlg: 'EdDSA', metadata: { id_token_signing_alg_values_supported: undefined } });
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
  });
});

describe('an ID token from a server whose discovery names its signing algorithms', () => {
  it('is held to them: an EdDSA token where only RS256 is named is refused', async () => {
    const s = await signInWith({ idTokenAlg: 'EdDSA', metadata: { id_token_signing_alg_values_supported: ['RS256'] } });
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });

  it('signs in with an ES256 token where ES256 is named', async () => {
    const s = await signInWith({ idTokenAlg: 'ES256', metadata: { id_token_signing_alg_values_supported: ['RS256', 'ES256'] } });
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in' });
  });
});
