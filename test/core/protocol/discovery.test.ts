import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config.ts';
import type { SignInError } from '../../../src/core/errors.ts';
import { discover, protocolSetup } from '../../support/protocol-setup.ts';

async function discoverWith(metadata: Record<string, unknown>) {
  const setup = protocolSetup({ metadata });
  return setup.clock.run(discover(setup)).then(
    (as) => ({ as, error: undefined }),
    (error: unknown) => ({ as: undefined, error: error as SignInError }),
  );
}

describe('discovery (OpenID Connect Discovery 1.0)', () => {
  it('finds the device authorization endpoint', async () => {
    const { as } = await discoverWith({});
    expect(as?.device_authorization_endpoint).toBe('https://op.example.test/device/auth');
  });

  it('says discovery_unsupported when the provider has no device_authorization_endpoint', async () => {
    const { error } = await discoverWith({ device_authorization_endpoint: undefined });
    expect(error?.code).toBe('discovery_unsupported');
  });

  it('refuses metadata for another issuer', async () => {
    const { error } = await discoverWith({ issuer: 'https://impostor.example.test' });
    expect(error?.code).toBe('invalid_response');
  });

  it('refuses an endpoint that is not https', async () => {
    const { error } = await discoverWith({ token_endpoint: 'http://op.example.test/token' });
    expect(error?.code).toBe('insecure_uri');
  });

  it('says discovery_failed when the issuer publishes no configuration', async () => {
    const setup = protocolSetup();
    const context = { ...setup.context, fetch: () => Promise.resolve(new Response('Not Found', { status: 404 })) };
    const error = await setup.clock.run(discover({ ...setup, context })).catch((e: unknown) => e as SignInError);
    expect(error).toMatchObject({ code: 'discovery_failed' });
  });

  it('says network when the issuer cannot be reached', async () => {
    const setup = protocolSetup({}, { issuer: 'https://unreachable.example.test' });
    const context = {
      ...setup.context,
      fetch: () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: new Error('ECONNREFUSED') })),
    };
    // The bounded fetch is what turns transport failures into `network`; wrap the failing fetch in it.
    const { boundedFetch } = await import('../../../src/core/protocol/http.ts');
    const bounded = { ...context, fetch: boundedFetch({ fetch: context.fetch, clock: setup.clock }) };
    const error = await setup.clock.run(discover({ ...setup, context: bounded })).catch((e: unknown) => e as SignInError);
    expect(error).toMatchObject({ code: 'network' });
  });
});

describe('the issuer setting', () => {
  it.each([
    ['https://login.example.test', undefined],
    ['http://127.0.0.1:4000', undefined],
    ['http://login.example.test', 'insecure_uri'],
    ['javascript:alert(1)', 'insecure_uri'],
    ['not a url', 'invalid_config'],
    ['https://login.example.test/?tenant=1', 'invalid_config'],
  ])('%s → %s', (issuer, code) => {
    const check = () => validateConfig({ issuer, clientId: 'c', scope: 'openid' });
    if (code === undefined) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('needs a client id and a scope', () => {
    expect(() => validateConfig({ issuer: 'https://op.example.test', clientId: ' ', scope: 'openid' })).toThrow(/client id/);
    expect(() => validateConfig({ issuer: 'https://op.example.test', clientId: 'c', scope: '' })).toThrow(/scope/);
  });
});
