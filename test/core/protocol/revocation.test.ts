/**
 * Sign-out's revocation (RFC 7009) against servers that are not oidc-provider: one that revokes
 * the whole grant with its refresh token and then refuses the access token it no longer knows,
 * and one whose discovery leaves `none` out of the revocation methods yet revokes for a public
 * client. What the provider did is named by one outcome; every answer it gave goes to the log.
 */
import { describe, expect, it } from 'vitest';
import type { LogFields } from '../../../src/core/log.ts';
import { revokeTokens } from '../../../src/core/protocol/revocation.ts';
import type { TokenSet } from '../../../src/core/protocol/session.ts';
import { discover, protocolSetup } from '../../support/protocol-setup.ts';
import type { ScriptedProviderOptions } from '../../support/scripted-provider.ts';

const signedIn: TokenSet = { accessToken: 'access-token-secret', tokenType: 'bearer', refreshToken: 'refresh-token-secret' };

/** Signs out against a scripted provider: what revokeTokens said, what was sent, and what was logged. */
async function signOutAt(provider: Omit<ScriptedProviderOptions, 'clock'>, tokens: TokenSet = signedIn) {
  const setup = protocolSetup(provider);
  const as = await setup.clock.run(discover(setup));
  const logged: { event: string; fields: LogFields | undefined }[] = [];
  const log = {
    info: (event: string, fields?: LogFields) => logged.push({ event, fields }),
    warn: (event: string, fields?: LogFields) => logged.push({ event, fields }),
    secret: () => undefined,
  };
  const outcome = await setup.clock.run(revokeTokens(as, tokens, setup.context, { log }));
  const revocations = setup.provider.requests.filter((r) => r.url.endsWith('/token/revocation'));
  return { outcome, logged, sent: revocations.map((r) => [r.body.get('token_type_hint'), r.body.get('client_id')]) };
}

describe('a provider that revokes the access token with the refresh token (RFC 7009 §2.1)', () => {
  it('says revoked when it then answers the access token 400 invalid_request, and logs both answers', async () => {
    // §2.1: "the authorization server ... MAY revoke the respective access tokens" with the refresh token;
    // §2.2: an invalid token should get 200, but this server answers 400 "Invalid access token".
    const s = await signOutAt({ revocation: 'cascade' });
    expect(s.outcome).toBe('revoked');
    expect(s.sent).toEqual([
      ['refresh_token', 'demo-client'],
      ['access_token', 'demo-client'],
    ]);
    expect(s.logged).toEqual([
      { event: 'revocation.answer', fields: { token: 'refresh_token', status: 200, answer: 'revoked' } },
      {
        event: 'revocation.answer',
        fields: { token: 'access_token', status: 400, answer: 'refused', error: 'invalid_request', read_as: 'revoked' },
      },
    ]);
  });

  it('still says what the access token got when there is no refresh token to decide', async () => {
    const s = await signOutAt(
      { revocation: { status: 400, text: '{"error":"invalid_request","error_description":"Invalid access token"}' } },
      { accessToken: 'access-token-secret', tokenType: 'bearer' },
    );
    expect(s.outcome).toBe('refused');
    expect(s.sent).toEqual([['access_token', 'demo-client']]);
  });

  it('says refused when the refresh token itself is refused, and sends the access token no more', async () => {
    const s = await signOutAt({ revocation: { status: 400, text: '{"error":"unsupported_token_type"}' } });
    expect(s.outcome).toBe('refused');
    expect(s.sent).toEqual([['refresh_token', 'demo-client']]);
    expect(s.logged).toEqual([
      { event: 'revocation.answer', fields: { token: 'refresh_token', status: 400, answer: 'refused', error: 'unsupported_token_type' } },
    ]);
  });
});

describe('revocation methods in discovery that leave out "none" (RFC 8414 §2)', () => {
  // RFC 7009 §2.1 authenticates confidential clients; a public client names itself by client_id
  // (RFC 6749 §2.3), which is all such a server needs, so it is asked whatever the list says.
  const withoutNone = { metadata: { revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'] } };

  it('asks anyway as a public client, with its client_id alone, and says revoked when it revokes', async () => {
    const s = await signOutAt(withoutNone);
    expect(s.outcome).toBe('revoked');
    expect(s.sent).toEqual([
      ['refresh_token', 'demo-client'],
      ['access_token', 'demo-client'],
    ]);
  });

  it('says refused, not unsupported, when such a server answers the public client 401', async () => {
    const s = await signOutAt({ ...withoutNone, revocation: { status: 401, text: '{"error":"invalid_client"}' } });
    expect(s.outcome).toBe('refused');
    expect(s.sent).toEqual([['refresh_token', 'demo-client']]);
  });

  it('sends nothing for a client whose secret the list has no method for: it would go where the server did not ask for it', async () => {
    const setup = protocolSetup(withoutNone, { clientSecret: 'not-really-secret' });
    const as = await setup.clock.run(discover(setup));
    await expect(setup.clock.run(revokeTokens(as, signedIn, setup.context))).resolves.toBe('unsupported');
    expect(setup.provider.requests.filter((r) => r.url.endsWith('/token/revocation'))).toEqual([]);
  });

  it('says unsupported when there is no revocation endpoint at all', async () => {
    const s = await signOutAt({ metadata: { revocation_endpoint: undefined } });
    expect(s.outcome).toBe('unsupported');
    expect(s.sent).toEqual([]);
  });
});
