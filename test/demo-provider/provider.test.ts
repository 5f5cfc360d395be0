/*
 * The demo provider end to end with raw HTTP (no app code): what a device sees on the wire while a real
 * browser plays the user's phone. Its tokens are in provider-tokens.test.ts, the strict server in front
 * of it in strict-server.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import { startDemoProvider } from '../../src/demo-provider/provider.ts';
import { denyOnPhone, enterCodeOnPhone } from '../support/phone.ts';
import {
  authorizeDevice,
  DEVICE_CODE_GRANT,
  discover,
  type Json,
  pollToken,
  readJson,
  useDemoOnTheWire,
  userinfo,
} from '../support/raw-device-flow.ts';

const demo = useDemoOnTheWire();

describe('demo provider: discovery, the code and the phone', () => {
  it('advertises the device, revocation and introspection endpoints in discovery', () => {
    expect(demo.metadata.issuer).toBe(demo.provider.issuer);
    expect(demo.metadata.device_authorization_endpoint).toBe(`${demo.provider.issuer}/device/auth`);
    expect(demo.metadata.revocation_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(demo.metadata.introspection_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(demo.metadata).toMatchObject({
      grant_types_supported: expect.arrayContaining([DEVICE_CODE_GRANT, 'refresh_token']) as unknown,
      scopes_supported: expect.arrayContaining(defaultScope.split(' ')) as unknown,
    });
  });

  it('gives the device a code and a link to show, with an expiry but no polling interval', async () => {
    const authorization = await authorizeDevice(demo.metadata, demo.provider.clientId);

    expect(authorization.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(authorization.verification_uri).toBe(`${demo.provider.issuer}/device`);
    expect(authorization.verification_uri_complete).toBe(`${demo.provider.issuer}/device?user_code=${authorization.user_code}`);
    expect(authorization.expires_in).toBe(600);
    // oidc-provider leaves `interval` out, so RFC 8628 §3.2's default of 5 seconds applies.
    expect(authorization).not.toHaveProperty('interval');

    const pending = await pollToken(demo.metadata, demo.provider.clientId, authorization.device_code);
    expect(pending).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
  });

  it('signs in when the user types the code instead of following the link', async () => {
    const authorization = await authorizeDevice(demo.metadata, demo.provider.clientId);
    const typed = authorization.user_code.replace('-', '').toLowerCase();

    await enterCodeOnPhone(demo.browser, authorization.verification_uri, typed, { login: 'dave' });

    const { status, body } = await pollToken(demo.metadata, demo.provider.clientId, authorization.device_code);
    expect(status).toBe(200);
    expect(await userinfo(demo.metadata, body['access_token'])).toMatchObject({ sub: 'dave' });
  });

  it('tells the device access_denied when the user aborts on the phone', async () => {
    const authorization = await authorizeDevice(demo.metadata, demo.provider.clientId);

    await denyOnPhone(demo.browser, authorization.verification_uri_complete);

    const denied = await pollToken(demo.metadata, demo.provider.clientId, authorization.device_code);
    expect(denied).toMatchObject({ status: 400, body: { error: 'access_denied' } });
  });
});

describe('demo provider with a short device code lifetime', () => {
  it('answers expired_token once the code has expired', async () => {
    const provider = await startDemoProvider({ deviceCodeTtl: 2 });
    try {
      const metadata = await discover(provider.issuer);
      const authorization = await authorizeDevice(metadata, provider.clientId);
      expect(authorization.expires_in).toBe(2);

      const before = await pollToken(metadata, provider.clientId, authorization.device_code);
      expect(before.body['error']).toBe('authorization_pending');

      await sleep(authorization.expires_in * 1000 + 100);

      const after = await pollToken(metadata, provider.clientId, authorization.device_code);
      expect(after).toMatchObject({ status: 400, body: { error: 'expired_token' } });
    } finally {
      await provider.close();
    }
  });
});

describe('demo provider: DPoP (RFC 9449)', () => {
  it('lists DPoP in discovery and answers a first proof without a nonce with use_dpop_nonce and a DPoP-Nonce', async () => {
    const discovered = (await discover(demo.provider.issuer)) as unknown as Json;
    expect(discovered['dpop_signing_alg_values_supported']).toEqual(expect.arrayContaining(['ES256']));
    const as = discovered as unknown as oauth.AuthorizationServer;
    const dpop = oauth.DPoP({}, await oauth.generateKeyPair('ES256'));
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- loopback http in a test
    const options = { DPoP: dpop, [oauth.allowInsecureRequests]: true };
    const first = await oauth.deviceCodeGrantRequest(as, { client_id: demo.provider.clientId }, oauth.None(), 'no-such-code', options);
    expect(first.status).toBe(400);
    expect(await readJson(first)).toMatchObject({ error: 'use_dpop_nonce' });
    expect(first.headers.get('dpop-nonce')).toEqual(expect.any(String));
    // The handle keeps the nonce: the next proof carries it, and the request gets to the code itself.
    const second = await oauth.deviceCodeGrantRequest(as, { client_id: demo.provider.clientId }, oauth.None(), 'no-such-code', options);
    expect(await readJson(second)).toMatchObject({ error: 'invalid_grant' });
  });

  it('leaves DPoP out of discovery when started with dpop off', async () => {
    const op = await startDemoProvider({ dpop: 'off' });
    try {
      expect(Object.keys(await discover(op.issuer))).not.toContain('dpop_signing_alg_values_supported');
    } finally {
      await op.close();
    }
  });
});
