import { describe, expect, it } from 'vitest';
import { deviceAuthorizationParameters } from '../../../src/core/protocol/device-authorization.ts';
import type { SignInError } from '../../../src/core/errors.ts';
import { authorize, protocolSetup } from '../../support/protocol-setup.ts';

async function authorizeWith(
  deviceAuthorization: Record<string, unknown>,
  config: Parameters<typeof protocolSetup>[1] = {},
  issuer?: string,
) {
  const setup = protocolSetup({ deviceAuthorization, ...(issuer === undefined ? {} : { issuer }) }, config);
  return authorize(setup).then(
    (result) => ({ ...result, error: undefined, setup }),
    (error: unknown) => ({ authorization: undefined, error: error as SignInError, setup }),
  );
}

describe('the device authorization request (RFC 8628 §3.1)', () => {
  it('sends the client id, scope, audience, resources, authorization_details and extra parameters', async () => {
    const details = [{ type: 'payment_initiation', instructedAmount: { currency: 'EUR', amount: '12.00' } }];
    const { setup } = await authorizeWith(
      {},
      {
        audience: 'https://api.example.test',
        resource: ['https://a.example.test/', 'https://b.example.test/'],
        authorizationDetails: details,
        extraParams: { acr_values: 'phr', scope: 'overridden-by-config' },
      },
    );
    const request = setup.provider.requests.find((r) => r.url.endsWith('/device/auth'));
    expect(request?.method).toBe('POST');
    expect(request?.body.get('client_id')).toBe('demo-client');
    expect(request?.body.get('scope')).toBe('openid profile email offline_access');
    expect(request?.body.get('audience')).toBe('https://api.example.test');
    expect(request?.body.getAll('resource')).toEqual(['https://a.example.test/', 'https://b.example.test/']);
    expect(JSON.parse(request?.body.get('authorization_details') ?? 'null')).toEqual(details);
    expect(request?.body.get('acr_values')).toBe('phr');
  });

  it('leaves optional parameters out when they are not configured', () => {
    const params = deviceAuthorizationParameters({ issuer: 'https://op.example.test', clientId: 'c', scope: 'openid' });
    expect([...params.keys()]).toEqual(['scope']);
  });
});

describe('validating the device authorization response (RFC 8628 §3.2)', () => {
  it('accepts a conforming response and makes its times absolute', async () => {
    const { authorization } = await authorizeWith({ expires_in: 900, interval: 7 });
    expect(authorization).toMatchObject({
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://op.example.test/device',
      verificationUriComplete: 'https://op.example.test/device?user_code=WDJB-MJHT',
      interval: 7,
    });
    expect((authorization?.expiresAt ?? 0) - (authorization?.receivedAt ?? 0)).toBe(900_000);
  });

  it('defaults the interval to 5 seconds', async () => {
    const { authorization } = await authorizeWith({ interval: undefined });
    expect(authorization?.interval).toBe(5);
  });

  it('works without verification_uri_complete', async () => {
    const { authorization } = await authorizeWith({ verification_uri_complete: undefined });
    expect(authorization?.verificationUriComplete).toBeUndefined();
  });

  it.each([
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://evil.example/device'],
    ['https://op.example.test@evil.example/device'],
    ['not a url at all'],
  ])('refuses %s as a verification URI with insecure_uri', async (uri) => {
    const plain = await authorizeWith({ verification_uri: uri });
    expect(plain.error?.code).toBe('insecure_uri');
    const complete = await authorizeWith({ verification_uri_complete: uri });
    expect(complete.error?.code).toBe('insecure_uri');
  });

  it.each([[''], [42], [null]])('refuses a verification URI of the wrong type or empty (%j) as invalid_response', async (uri) => {
    const { error } = await authorizeWith({ verification_uri: uri });
    expect(error?.code).toBe('invalid_response');
  });

  it.each([['http://127.0.0.1:3000/device'], ['http://localhost:3000/device'], ['http://[::1]:3000/device']])(
    'allows plain http on loopback from a provider that is itself on loopback: %s',
    async (uri) => {
      const { authorization, error } = await authorizeWith({ verification_uri: uri }, {}, 'http://127.0.0.1:3000');
      expect(error).toBeUndefined();
      expect(authorization?.verificationUri).toBe(new URL(uri).href);
    },
  );

  it.each([['http://127.0.0.1:8080/admin'], ['http://localhost:631/printers']])(
    'refuses a local page from an https provider, which has no business sending people to this machine: %s',
    async (uri) => {
      expect((await authorizeWith({ verification_uri: uri })).error?.code).toBe('insecure_uri');
      expect((await authorizeWith({ verification_uri_complete: uri })).error?.code).toBe('insecure_uri');
    },
  );

  it('allows plain http to a LAN host only when that host is configured explicitly (the LAN demo)', async () => {
    const lanIssuer = 'http://192.0.2.10:3000';
    const refused = await authorizeWith({ verification_uri: 'http://192.0.2.10:3000/device' });
    expect(refused.error?.code).toBe('insecure_uri');
    const allowed = await authorizeWith(
      { verification_uri: 'http://192.0.2.10:3000/device' },
      { allowHttpHosts: ['192.0.2.10'] },
      lanIssuer,
    );
    expect(allowed.error).toBeUndefined();
  });

  it.each([
    [{ expires_in: undefined }],
    [{ expires_in: -5 }],
    [{ expires_in: 'soon' }],
    [{ user_code: undefined }],
    [{ user_code: 'ABCD\u001b[2J' }],
    [{ user_code: 'X'.repeat(200) }],
    [{ device_code: 17 }],
    [{ interval: 'often' }],
  ])('refuses a malformed response %j with invalid_response', async (fields) => {
    const { error } = await authorizeWith(fields);
    expect(error?.code).toBe('invalid_response');
  });

  it('keeps the code from a server with an absurd lifetime bounded to a day', async () => {
    const { authorization } = await authorizeWith({ expires_in: 10 ** 9 });
    expect((authorization?.expiresAt ?? 0) - (authorization?.receivedAt ?? 0)).toBe(86_400_000);
  });

  it("passes the server's refusal on with its code", async () => {
    const setup = protocolSetup({ polls: [] });
    const realFetch = setup.provider.fetch;
    // An unknown client is refused at the device authorization endpoint.
    const { error } = await authorize({
      ...setup,
      context: {
        ...setup.context,
        fetch: async (url, init) =>
          url.endsWith('/device/auth')
            ? new Response(JSON.stringify({ error: 'invalid_client', error_description: 'unknown client' }), {
                status: 400,
                headers: { 'content-type': 'application/json' },
              })
            : realFetch(url, init),
      },
    }).then(
      () => ({ error: undefined }),
      (e: unknown) => ({ error: e as SignInError }),
    );
    expect(error).toMatchObject({ code: 'invalid_client', serverDescription: 'unknown client' });
  });
});
