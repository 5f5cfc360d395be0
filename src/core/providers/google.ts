import type * as oauth from 'oauth4webapi';
import type { ProviderProfile } from './profile.ts';

/**
 * Google, for a client of type "TVs and Limited Input devices". It publishes discovery
 * (https://accounts.google.com/.well-known/openid-configuration) with the device authorization,
 * token, userinfo and revocation endpoints, and differs from the RFCs so, as
 * https://developers.google.com/identity/protocols/oauth2/limited-input-device says unless
 * another page is named:
 * - the device response names the page `verification_url`, not RFC 8628 §3.2's
 *   `verification_uri`, and sends no `verification_uri_complete` (the user types the code);
 * - over quota, the device endpoint answers 403 `{"error_code": "rate_limit_exceeded"}`:
 *   `error_code` is read as RFC 6749 §5.2's `error`;
 * - the token endpoint wants the client secret (client_secret_post), which for this client type
 *   identifies the app and protects nothing: it ships inside it (`clientSecret` in the settings);
 * - `authorization_pending` comes with 428 and `slow_down` and `access_denied` with 403, not
 *   RFC 6749 §5.2's 400 (the dialect fetch gives 428 its 400; 403 is read as the error it is);
 * - only the scopes of "Allowed scopes" may be asked for; any other is refused `invalid_scope`.
 *   `offline_access` is not a Google scope, and "refresh tokens are always returned for
 *   devices", so it is left out of the request;
 * - an ID token's `iss` is "https://accounts.google.com or accounts.google.com"
 *   (https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload):
 *   the form without a scheme is the same issuer;
 * - revoking a token "removes all OAuth 2.0 scopes previously granted", so the other token is
 *   then refused with a 400: only one is revoked ("Token revocation").
 */
export const googleProfile: ProviderProfile = {
  name: 'google',
  displayName: 'Google',
  defaultIssuer: 'https://accounts.google.com',
  dialect: {
    fieldNames: { device_authorization: { verification_url: 'verification_uri', error_code: 'error' } },
  },
  deviceScopes: {
    // "The OAuth 2.0 flow for devices is supported only for the following scopes" (#allowedscopes).
    allowed: [
      'openid',
      'email',
      'profile',
      'https://www.googleapis.com/auth/drive.appdata',
      'https://www.googleapis.com/auth/drive.file',
      'https://www.googleapis.com/auth/youtube',
      'https://www.googleapis.com/auth/youtube.readonly',
    ],
    implied: ['offline_access'],
  },
  revocationEndsGrant: true,
  idTokenIssuer: acceptSchemelessIssuer,
};

/** An ID token may name the issuer by its host alone (`accounts.google.com`); either form is Google. */
function acceptSchemelessIssuer(metadata: oauth.AuthorizationServer): (claims: Readonly<Record<string, unknown>>) => string {
  const host = new URL(metadata.issuer).host;
  return (claims) => (claims.iss === host ? host : metadata.issuer);
}
