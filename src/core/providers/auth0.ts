import type { ProviderProfile } from './profile.ts';

/**
 * Auth0: discovery and RFC 8628's fields as written, one documented deviation in the statuses.
 * - The issuer is `https://{tenant}.auth0.com/` (or the custom domain) with a trailing slash,
 *   in discovery and in the ID token's `iss`; a configured issuer without it names the same URL,
 *   and the discovered one is what ID tokens are checked against.
 *   https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery
 * - `audience` (the `audience` setting) names the API the access token is for; without it the
 *   access token is opaque and good only for `/userinfo`.
 *   https://auth0.com/docs/secure/tokens/access-tokens/get-access-tokens#control-access-token-audience
 * - The token endpoint answers `authorization_pending`, `access_denied` and `expired_token` with
 *   403 (read as the OAuth errors they are), and `slow_down` with 429 Too Many Requests, which a
 *   client would otherwise take for a rate limit: the dialect gives it RFC 6749 §5.2's 400.
 *   `expired_token` comes once; after that the code is `invalid_grant`.
 *   https://auth0.com/docs/get-started/authentication-and-authorization-flow/device-authorization-flow/call-your-api-using-the-device-authorization-flow#token-responses
 *   https://auth0.com/docs/api/authentication/device-authorization-flow/authorize-device
 * - `/oauth/revoke` revokes refresh tokens only.
 *   https://auth0.com/docs/api/authentication/revoke-refresh-token/revoke-refresh-token
 */
export const auth0Profile: ProviderProfile = {
  name: 'auth0',
  displayName: 'Auth0',
  dialect: { errorStatuses: { slow_down: 429 } },
};
