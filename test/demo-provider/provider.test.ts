import { setTimeout as sleep } from 'node:timers/promises';
import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HARDWARE_AAGUID } from '../../src/demo-provider/accounts.ts';
import { defaultScope } from '../../src/core/config.ts';
import { startDemoProvider, type DemoProvider } from '../../src/demo-provider/provider.ts';
import { approveOnPhone, denyOnPhone, enterCodeOnPhone, launchBrowser } from '../support/phone.ts';
import { startStrictServer, type StrictServer } from '../support/strict-server.ts';

/*
 * The demo provider end to end with raw HTTP (no app code): what a device sees on the wire while a real
 * browser plays the user's phone.
 */

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

type Json = Record<string, unknown>;

interface Metadata {
  issuer: string;
  device_authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
}

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval?: number;
}

async function readJson(response: Response): Promise<Json> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as Json;
}

async function postForm(url: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
  return { status: response.status, body: await readJson(response) };
}

async function discover(issuer: string): Promise<Metadata> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await readJson(response)) as unknown as Metadata;
}

/** RFC 8628 §3.1–3.2. */
async function authorizeDevice(metadata: Metadata, clientId: string): Promise<DeviceAuthorization> {
  const { status, body } = await postForm(metadata.device_authorization_endpoint, { client_id: clientId, scope: defaultScope });
  expect(status).toBe(200);
  return body as unknown as DeviceAuthorization;
}

/** RFC 8628 §3.4: one poll of the token endpoint. */
function pollToken(metadata: Metadata, clientId: string, deviceCode: string): Promise<{ status: number; body: Json }> {
  return postForm(metadata.token_endpoint, { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: clientId });
}

async function userinfo(metadata: Metadata, accessToken: unknown): Promise<Json> {
  expect(typeof accessToken).toBe('string');
  const response = await fetch(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${String(accessToken)}` } });
  expect(response.status).toBe(200);
  return readJson(response);
}

function basicAuth(clientId: string, clientSecret: string): Record<string, string> {
  // RFC 6749 §2.3.1: each part form-urlencoded before base64.
  const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
});

/** One demo provider for the suites below that need no special settings. */
let provider: DemoProvider;
let metadata: Metadata;

beforeAll(async () => {
  provider = await startDemoProvider();
  metadata = await discover(provider.issuer);
});

afterAll(async () => {
  await provider.close();
});

/** Device authorization, approval on the phone, then the one poll that should now yield tokens. */
async function signIn(login: string): Promise<Json> {
  const authorization = await authorizeDevice(metadata, provider.clientId);
  await approveOnPhone(browser, authorization.verification_uri_complete, { login });
  const { status, body } = await pollToken(metadata, provider.clientId, authorization.device_code);
  expect(status).toBe(200);
  return body;
}

describe('demo provider: discovery, the code and the phone', () => {
  it('advertises the device, revocation and introspection endpoints in discovery', () => {
    expect(metadata.issuer).toBe(provider.issuer);
    expect(metadata.device_authorization_endpoint).toBe(`${provider.issuer}/device/auth`);
    expect(metadata.revocation_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(metadata.introspection_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(metadata).toMatchObject({
      grant_types_supported: expect.arrayContaining([DEVICE_CODE_GRANT, 'refresh_token']) as unknown,
      scopes_supported: expect.arrayContaining(defaultScope.split(' ')) as unknown,
    });
  });

  it('gives the device a code and a link to show, with an expiry but no polling interval', async () => {
    const authorization = await authorizeDevice(metadata, provider.clientId);

    expect(authorization.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(authorization.verification_uri).toBe(`${provider.issuer}/device`);
    expect(authorization.verification_uri_complete).toBe(
      `${provider.issuer}/device?user_code=${authorization.user_code}`,
    );
    expect(authorization.expires_in).toBe(600);
    // oidc-provider leaves `interval` out, so RFC 8628 §3.2's default of 5 seconds applies.
    expect(authorization).not.toHaveProperty('interval');

    const pending = await pollToken(metadata, provider.clientId, authorization.device_code);
    expect(pending).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
  });

  it('signs in when the user types the code instead of following the link', async () => {
    const authorization = await authorizeDevice(metadata, provider.clientId);
    const typed = authorization.user_code.replace('-', '').toLowerCase();

    await enterCodeOnPhone(browser, authorization.verification_uri, typed, { login: 'dave' });

    const { status, body } = await pollToken(metadata, provider.clientId, authorization.device_code);
    expect(status).toBe(200);
    expect(await userinfo(metadata, body['access_token'])).toMatchObject({ sub: 'dave' });
  });

  it('tells the device access_denied when the user aborts on the phone', async () => {
    const authorization = await authorizeDevice(metadata, provider.clientId);

    await denyOnPhone(browser, authorization.verification_uri_complete);

    const denied = await pollToken(metadata, provider.clientId, authorization.device_code);
    expect(denied).toMatchObject({ status: 400, body: { error: 'access_denied' } });
  });
});

describe('demo provider: tokens, userinfo and revocation', () => {
  it('issues access, refresh and ID tokens once the user approves on the phone, and userinfo names the user', async () => {
    const tokens = await signIn('alice');

    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String) as unknown,
      refresh_token: expect.any(String) as unknown,
      id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as unknown,
      scope: defaultScope,
      expires_in: 3600,
    });
    const idTokenHeader = JSON.parse(Buffer.from(String(tokens['id_token']).split('.')[0] ?? '', 'base64url').toString()) as Json;
    expect(idTokenHeader['alg']).toBe('RS256');

    const claims = await userinfo(metadata, tokens['access_token']);
    expect(claims).toEqual({ sub: 'alice', name: 'Alice', email: 'alice@example.test', email_verified: true });
  });

  it('gives a hw- login the hardware claims in userinfo', async () => {
    const tokens = await signIn('hw-carol');

    const claims = await userinfo(metadata, tokens['access_token']);
    expect(claims).toMatchObject({
      sub: 'hw-carol',
      email: 'hw-carol@example.test',
      hardware_verified: true,
      hardware_aaguid: DEMO_HARDWARE_AAGUID,
    });
  });

  it('keeps the user signed in with the refresh token until it is revoked', async () => {
    const tokens = await signIn('erin');
    const introspector = basicAuth(provider.introspection.clientId, provider.introspection.clientSecret);

    const refreshed = await postForm(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens['refresh_token']),
      client_id: provider.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['access_token']).not.toBe(tokens['access_token']);
    const refreshToken = String(refreshed.body['refresh_token']);

    const active = await postForm(metadata.introspection_endpoint, { token: refreshToken }, introspector);
    expect(active.body).toMatchObject({ active: true, sub: 'erin', client_id: provider.clientId });

    const revoked = await fetch(metadata.revocation_endpoint, {
      method: 'POST',
      body: new URLSearchParams({ token: refreshToken, client_id: provider.clientId }),
    });
    expect(revoked.status).toBe(200);

    const inactive = await postForm(metadata.introspection_endpoint, { token: refreshToken }, introspector);
    expect(inactive.body).toEqual({ active: false });
    const refused = await postForm(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: provider.clientId,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
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

describe('strict server in front of the demo provider', () => {
  let strict: StrictServer;
  let metadata: Metadata;

  beforeAll(async () => {
    strict = await startStrictServer({ interval: 1, slowDownOnPolls: [2] });
    metadata = await discover(strict.issuer);
  });

  afterAll(async () => {
    await strict.close();
  });

  it('routes every provider URL back through itself and announces an interval', async () => {
    expect(metadata.issuer).toBe(strict.issuer);
    expect(metadata.token_endpoint).toBe(`${strict.issuer}/token`);

    const authorization = await authorizeDevice(metadata, strict.clientId);
    expect(authorization.interval).toBe(1);
    expect(authorization.verification_uri_complete.startsWith(`${strict.issuer}/device?`)).toBe(true);
  });

  it('answers slow_down to an early poll, records it and adds 5 seconds to the interval', async () => {
    const authorization = await authorizeDevice(metadata, strict.clientId);

    const early = await pollToken(metadata, strict.clientId, authorization.device_code);

    expect(early).toMatchObject({ status: 400, body: { error: 'slow_down' } });
    expect(strict.pollsFor(authorization.device_code)).toEqual([
      expect.objectContaining({ pollNumber: 1, early: true, answer: 'slow_down', interval: 1 }),
    ]);
    expect(strict.intervalFor(authorization.device_code)).toBe(6);
  });

  it('forwards a well-paced poll and answers slow_down on purpose to the chosen poll', async () => {
    const authorization = await authorizeDevice(metadata, strict.clientId);

    await sleep(1000);
    const first = await pollToken(metadata, strict.clientId, authorization.device_code);
    await sleep(1000);
    const second = await pollToken(metadata, strict.clientId, authorization.device_code);

    expect(first.body['error']).toBe('authorization_pending');
    expect(second.body['error']).toBe('slow_down');
    expect(strict.pollsFor(authorization.device_code)).toEqual([
      expect.objectContaining({ pollNumber: 1, early: false, answer: 'authorization_pending' }),
      expect.objectContaining({ pollNumber: 2, early: false, answer: 'slow_down' }),
    ]);
    expect(strict.intervalFor(authorization.device_code)).toBe(6);
  });

  it('lets the phone approve through the proxy and hands the tokens to a patient device', async () => {
    const authorization = await authorizeDevice(metadata, strict.clientId);
    const issuedAt = Date.now();

    await approveOnPhone(browser, authorization.verification_uri_complete, { login: 'frank' });
    await sleep(Math.max(0, issuedAt + 1000 - Date.now()));
    const { status, body } = await pollToken(metadata, strict.clientId, authorization.device_code);

    expect(status).toBe(200);
    expect(strict.pollsFor(authorization.device_code)).toEqual([
      expect.objectContaining({ early: false, answer: 'tokens' }),
    ]);
    expect(await userinfo(metadata, body['access_token'])).toMatchObject({ sub: 'frank', name: 'Frank' });
  });
});

describe('demo provider: DPoP (RFC 9449)', () => {
  it('lists DPoP in discovery and answers a first proof without a nonce with use_dpop_nonce and a DPoP-Nonce', async () => {
    const discovered = (await discover(provider.issuer)) as unknown as Json;
    expect(discovered['dpop_signing_alg_values_supported']).toEqual(expect.arrayContaining(['ES256']));
    const as = discovered as unknown as oauth.AuthorizationServer;
    const dpop = oauth.DPoP({}, await oauth.generateKeyPair('ES256'));
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- loopback http in a test
    const options = { DPoP: dpop, [oauth.allowInsecureRequests]: true };
    const first = await oauth.deviceCodeGrantRequest(as, { client_id: provider.clientId }, oauth.None(), 'no-such-code', options);
    expect(first.status).toBe(400);
    expect(await readJson(first)).toMatchObject({ error: 'use_dpop_nonce' });
    expect(first.headers.get('dpop-nonce')).toEqual(expect.any(String));
    // The handle keeps the nonce: the next proof carries it, and the request gets to the code itself.
    const second = await oauth.deviceCodeGrantRequest(as, { client_id: provider.clientId }, oauth.None(), 'no-such-code', options);
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
