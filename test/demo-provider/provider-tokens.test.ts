/*
 * The demo provider's tokens with raw HTTP (no app code): what a device gets once the phone (the
 * form phone: the browser's pages are provider.test.ts's subject) approved the code; userinfo, refresh, introspection and revocation.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_HARDWARE_AAGUID } from '../../src/demo-provider/accounts.ts';
import { defaultScope } from '../../src/core/config.ts';
import { approveByForms } from '../support/form-phone.ts';
import { authorizeDevice, basicAuth, type Json, pollToken, postForm, useDemoOnTheWire, userinfo } from '../support/raw-device-flow.ts';

const demo = useDemoOnTheWire();

/** Device authorization, approval on the phone, then the one poll that should now yield tokens. */
async function signIn(login: string): Promise<Json> {
  const authorization = await authorizeDevice(demo.metadata, demo.provider.clientId);
  await approveByForms(authorization.verification_uri_complete, { login });
  const { status, body } = await pollToken(demo.metadata, demo.provider.clientId, authorization.device_code);
  expect(status).toBe(200);
  return body;
}

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

    const claims = await userinfo(demo.metadata, tokens['access_token']);
    expect(claims).toEqual({ sub: 'alice', name: 'Alice', email: 'alice@example.test', email_verified: true });
  });

  it('gives a hw- login the hardware claims in userinfo', async () => {
    const tokens = await signIn('hw-carol');

    const claims = await userinfo(demo.metadata, tokens['access_token']);
    expect(claims).toMatchObject({
      sub: 'hw-carol',
      email: 'hw-carol@example.test',
      hardware_verified: true,
      hardware_aaguid: DEMO_HARDWARE_AAGUID,
    });
  });

  it('keeps the user signed in with the refresh token until it is revoked', async () => {
    const tokens = await signIn('erin');
    const introspector = basicAuth(demo.provider.introspection.clientId, demo.provider.introspection.clientSecret);

    const refreshed = await postForm(demo.metadata.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens['refresh_token']),
      client_id: demo.provider.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['access_token']).not.toBe(tokens['access_token']);
    const refreshToken = String(refreshed.body['refresh_token']);

    const active = await postForm(demo.metadata.introspection_endpoint, { token: refreshToken }, introspector);
    expect(active.body).toMatchObject({ active: true, sub: 'erin', client_id: demo.provider.clientId });

    const revoked = await fetch(demo.metadata.revocation_endpoint, {
      method: 'POST',
      body: new URLSearchParams({ token: refreshToken, client_id: demo.provider.clientId }),
    });
    expect(revoked.status).toBe(200);

    const inactive = await postForm(demo.metadata.introspection_endpoint, { token: refreshToken }, introspector);
    expect(inactive.body).toEqual({ active: false });
    const refused = await postForm(demo.metadata.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: demo.provider.clientId,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
