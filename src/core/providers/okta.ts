import type { ProviderProfile } from './profile.ts';

/**
 * Okta: RFC 8628 and OpenID Connect Discovery as written, so no hook is needed; the profile names
 * it for settings and docs. What a client must know, from Okta's documentation:
 * - Two kinds of authorization server, each its own issuer (docs/concepts/auth-servers): the org
 *   server is `https://{yourOktaDomain}`, with its discovery at the root and its endpoints under
 *   `/oauth2/v1/`; a custom server (`default`, or an id) is `https://{yourOktaDomain}/oauth2/{id}`,
 *   with discovery and endpoints under that path. The issuer picks one; discovery finds the rest.
 *   https://developer.okta.com/docs/concepts/auth-servers/
 * - The device endpoint is `{base}/v1/device/authorize` (Native app, Device Authorization grant);
 *   pending is 400 `authorization_pending`, too fast is 400 `slow_down`, an expired code 400
 *   `expired_token`.
 *   https://developer.okta.com/docs/guides/device-authorization-grant/main/
 *   https://github.com/okta/okta-developer-docs/blob/master/packages/@okta/vuepress-site/data/oauth2-error-codes.json
 * - The ID token that comes with an access token is "thin": base claims, `name`,
 *   `preferred_username` and `email` at most; the rest of the profile (`email_verified`, names…)
 *   only from `/v1/userinfo`, which the sign-in asks whenever discovery names it.
 *   https://developer.okta.com/docs/concepts/api-access-management/#tokens-and-scopes
 */
export const oktaProfile: ProviderProfile = {
  name: 'okta',
  displayName: 'Okta',
};
