/**
 * A Keycloak realm on loopback, as Keycloak documents it and its code answers:
 * - https://www.keycloak.org/securing-apps/oidc-layers ("Available endpoints": the realm's
 *   discovery at `/realms/{realm}/.well-known/openid-configuration`, `.../protocol/openid-connect/`
 *   `auth/device`, `token`, `userinfo`, `revoke` (refresh and access tokens), `certs`; the device
 *   endpoint "can be invoked by confidential or public clients");
 * - https://github.com/keycloak/keycloak-community/blob/main/design/oauth2-device-authorization-grant.md
 *   (the verification URI is the realm's `/device` page; the realm's defaults, a 600 s code
 *   lifespan and a 5 s polling interval; the sample token response with `refresh_expires_in`,
 *   `not-before-policy` and `session_state`);
 * - DeviceEndpoint.java and DeviceGrantType.java in keycloak/keycloak
 *   (services/src/main/java/org/keycloak/protocol/oidc/grants/device/): `verification_uri_complete`
 *   is the verification URI plus `?user_code=`, every poll error is a 400 with the descriptions used
 *   here, checked in this order: expired, then polled too soon (`slow_down`), then denied, then
 *   pending;
 * - OIDCWellKnownProvider.java, ClientIdAndSecretAuthenticator.java, TokenRevocationEndpoint.java:
 *   discovery's `revocation_endpoint_auth_methods_supported` (and the token endpoint's) names the
 *   client authenticators' methods, never `none`, while a public client is let through on its
 *   `client_id` alone; revoking a refresh token ends the client's session, and a token whose
 *   session is gone is answered `invalid_token` with 200.
 * Servers before Keycloak 17 put all of it under `/auth` (`contextPath`). The realm's users and
 * state are in keycloak-realm.ts, what each endpoint answers in keycloak-tokens.ts.
 */
import { deviceCodeGrant, type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { keycloakDefaultUser, type KeycloakRealm, type KeycloakUser } from './keycloak-realm.ts';
import { authorizeDevice, revoke, token, userinfo } from './keycloak-tokens.ts';
import { json, randomCode, routed, type StandInRoutes, startStandInServer } from './stand-in-server.ts';

export { keycloakDefaultUser, type KeycloakUser } from './keycloak-realm.ts';

export interface KeycloakStandInOptions {
  readonly realm?: string;
  /** `''` (Keycloak 17 and later) or `'/auth'` (the WildFly distribution before it). */
  readonly contextPath?: string;
  readonly clientId?: string;
  /** The realm's "OAuth 2.0 Device Polling Interval". Default 5, Keycloak's. */
  readonly interval?: number;
  /** The realm's "OAuth 2.0 Device Code Lifespan". Default 600, Keycloak's. */
  readonly expiresIn?: number;
}

export interface KeycloakStandIn extends DeviceFlowControls<KeycloakUser> {
  /** `http://127.0.0.1:<port>{contextPath}/realms/{realm}`. */
  readonly issuer: string;
  readonly clientId: string;
  /** How many polls were answered `slow_down` (polled sooner than the interval after the previous one, or told to). */
  slowDowns(): number;
}

export async function startKeycloakStandIn(options: KeycloakStandInOptions = {}): Promise<KeycloakStandIn> {
  const realmPath = `${options.contextPath ?? ''}/realms/${options.realm ?? 'demo'}`;
  const interval = options.interval ?? 5;
  const expiresIn = options.expiresIn ?? 600;
  const realm: KeycloakRealm = {
    options,
    clientId: options.clientId ?? 'device-signin',
    key: createSigningKey(),
    // The default user code SPI: eight case-insensitive letters, shown as "ABCD-EFGH".
    grants: new DeviceGrants<KeycloakUser>({
      interval,
      expiresIn,
      userCode: () => `${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}-${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}`,
    }),
    tokens: new TokenLedger<KeycloakUser>(),
    origin: '',
    issuer: '',
    interval,
    expiresIn,
    slowDowns: 0,
  };
  const oidc = `${realmPath}/protocol/openid-connect`;
  const routes: StandInRoutes = {
    [`GET ${realmPath}/.well-known/openid-configuration`]: () => json(200, discoveryDocument(realm.issuer)),
    [`GET ${oidc}/certs`]: () => json(200, { keys: [realm.key.publicJwk] }),
    [`POST ${oidc}/auth/device`]: (request) => authorizeDevice(realm, request),
    [`POST ${oidc}/token`]: (request) => token(realm, request),
    [`GET ${oidc}/userinfo`]: (request) => userinfo(realm, request),
    [`POST ${oidc}/userinfo`]: (request) => userinfo(realm, request),
    [`POST ${oidc}/revoke`]: (request) => revoke(realm, request),
  };
  const server = await startStandInServer(routed(routes, json(404, { error: 'Unable to find matching target resource method' })));
  realm.origin = server.origin;
  realm.issuer = `${server.origin}${realmPath}`;
  // Assigned onto the controls, not spread: their getters (`polls`) must stay live.
  return Object.assign(deviceFlowControls(realm.grants, realm.tokens, server, keycloakDefaultUser), {
    issuer: realm.issuer,
    clientId: realm.clientId,
    slowDowns: () => realm.slowDowns,
  });
}

/** A realm's `.well-known/openid-configuration`, the parts a device client reads. */
function discoveryDocument(issuer: string): Record<string, unknown> {
  const oidc = `${issuer}/protocol/openid-connect`;
  return {
    issuer,
    authorization_endpoint: `${oidc}/auth`,
    token_endpoint: `${oidc}/token`,
    introspection_endpoint: `${oidc}/token/introspect`,
    userinfo_endpoint: `${oidc}/userinfo`,
    end_session_endpoint: `${oidc}/logout`,
    jwks_uri: `${oidc}/certs`,
    grant_types_supported: [
      'authorization_code',
      'implicit',
      'refresh_token',
      'password',
      'client_credentials',
      'urn:openid:params:grant-type:ciba',
      deviceCodeGrant,
    ],
    response_types_supported: ['code', 'none', 'id_token', 'token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: [
      'PS384',
      'RS384',
      'EdDSA',
      'ES384',
      'HS256',
      'HS512',
      'ES256',
      'RS256',
      'HS384',
      'ES512',
      'PS256',
      'PS512',
      'RS512',
    ],
    token_endpoint_auth_methods_supported: [
      'private_key_jwt',
      'client_secret_basic',
      'client_secret_post',
      'tls_client_auth',
      'client_secret_jwt',
    ],
    scopes_supported: [
      'openid',
      'offline_access',
      'profile',
      'email',
      'address',
      'phone',
      'roles',
      'web-origins',
      'acr',
      'microprofile-jwt',
      'basic',
    ],
    code_challenge_methods_supported: ['plain', 'S256'],
    revocation_endpoint: `${oidc}/revoke`,
    revocation_endpoint_auth_methods_supported: [
      'private_key_jwt',
      'client_secret_basic',
      'client_secret_post',
      'tls_client_auth',
      'client_secret_jwt',
    ],
    device_authorization_endpoint: `${oidc}/auth/device`,
    backchannel_authentication_endpoint: `${oidc}/ext/ciba/auth`,
  };
}
