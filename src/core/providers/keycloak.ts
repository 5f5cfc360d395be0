import type { ProviderProfile } from './profile.ts';

/**
 * Keycloak: RFC 8628 and OpenID Connect Discovery as written, one documented gap in discovery.
 * - Each realm is an issuer, `https://{host}/realms/{realm}` (`/auth/realms/{realm}` on servers
 *   before Keycloak 17), with its discovery at `{issuer}/.well-known/openid-configuration` and the
 *   device endpoint at `{issuer}/protocol/openid-connect/auth/device`, which "can be invoked by
 *   confidential or public clients"; `/revoke` takes refresh and access tokens.
 *   https://www.keycloak.org/securing-apps/oidc-layers
 * - The client needs "OAuth 2.0 Device Authorization Grant" turned on. The realm's defaults are
 *   a 600 s code lifespan and a 5 s polling interval, sent as `expires_in` and `interval`; the
 *   verification URI is the realm's `/device` page, and `verification_uri_complete` adds
 *   `?user_code=`.
 *   https://github.com/keycloak/keycloak-community/blob/main/design/oauth2-device-authorization-grant.md
 * - Every token endpoint error is a 400; a poll that comes sooner than the interval after the
 *   previous one is answered `slow_down`, checked before the user's answer.
 *   https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/protocol/oidc/grants/device/DeviceGrantType.java
 * - Discovery's `revocation_endpoint_auth_methods_supported` lists only the confidential
 *   clients' methods (OIDCWellKnownProvider builds it from the client authenticators, and
 *   "Client Id and Secret" names just `client_secret_basic` and `client_secret_post`), yet that
 *   authenticator lets a public client through on its `client_id` alone
 *   (ClientIdAndSecretAuthenticator: "Skip client_secret validation for public client"), and the
 *   revocation endpoint authenticates with it. Keycloak tracks the missing `none` in
 *   https://github.com/keycloak/keycloak/issues/10934. Read as written, the list would stop a
 *   public client from ever revoking (RFC 8414 §2), so `none` is added to it.
 *   https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/protocol/oidc/endpoints/TokenRevocationEndpoint.java
 */
export const keycloakProfile: ProviderProfile = {
  name: 'keycloak',
  displayName: 'Keycloak',
  adjustMetadata: (metadata) => {
    const methods = metadata.revocation_endpoint_auth_methods_supported;
    if (metadata.revocation_endpoint === undefined || !Array.isArray(methods) || methods.includes('none')) return metadata;
    return { ...metadata, revocation_endpoint_auth_methods_supported: [...methods, 'none'] };
  },
};
