/**
 * The configured provider as the protocol steps reach it: a configuration checked before any
 * request, metadata found once per run, and every answer read in the provider's dialect.
 */
import { describe, expect, it } from 'vitest';
import type { SignInError } from '../../../src/core/errors.ts';
import { createProviderAccess } from '../../../src/core/flow/provider-access.ts';
import { boundedFetch } from '../../../src/core/protocol/http.ts';
import { scriptedProvider } from '../../support/scripted-provider.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

function access(config: { issuer?: string; clientId?: string } = {}) {
  const clock = new VirtualClock();
  const provider = scriptedProvider({ clock });
  const fetch = boundedFetch({ fetch: provider.fetch, clock });
  const settings = { issuer: config.issuer ?? provider.issuer, clientId: config.clientId ?? 'demo-client', scope: 'openid' };
  const discoveries = () => provider.requests.filter((request) => request.url.endsWith('/.well-known/openid-configuration')).length;
  return { clock, provider, discoveries, access: createProviderAccess(settings, fetch, clock) };
}

describe('provider access', () => {
  it('finds the metadata once per run, however many steps ask for it', async () => {
    const { clock, access: provider, discoveries } = access();
    const first = await clock.run(provider.metadata());
    const again = await clock.run(provider.metadata());
    expect(first.device_authorization_endpoint).toBe('https://op.example.test/device/auth');
    expect(again).toBe(first);
    expect(discoveries()).toBe(1);
  });

  it('refuses a configuration that cannot work before any request, and on every use', async () => {
    const { clock, access: provider, discoveries } = access({ issuer: 'http://op.example.test' });
    expect(() => provider.context()).toThrow(expect.objectContaining({ code: 'insecure_uri' }) as Error);
    const error = await clock.run(provider.metadata()).catch((caught: unknown) => caught as SignInError);
    expect(error.code).toBe('insecure_uri');
    expect(() => provider.context()).toThrow();
    expect(discoveries()).toBe(0);
  });

  it('gives one checked context, naming the configured client', () => {
    const { access: provider } = access({ clientId: 'another-client' });
    const context = provider.context();
    expect(context.client.client_id).toBe('another-client');
    expect(provider.context()).toBe(context);
  });
});
