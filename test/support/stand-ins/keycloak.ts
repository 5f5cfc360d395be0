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
 * Servers before Keycloak 17 put all of it under `/auth` (`contextPath`).
 */
import { randomUUID } from 'node:crypto';
import {
  deviceCodeGrant,
  type DeviceFlowControls,
  deviceFlowControls,
  DeviceGrants,
  type PollAnswers,
  pollReply,
} from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, nowSeconds, randomCode, type StandInReply, type StandInRequest, startStandInServer } from './stand-in-server.ts';

/** A Keycloak user as `userinfo` returns it for `openid profile email`. */
export interface KeycloakUser {
  /** The user's id, a UUID. */
  readonly sub: string;
  readonly preferred_username: string;
  readonly name: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly email: string;
  readonly email_verified: boolean;
}

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

export const keycloakDefaultUser: KeycloakUser = {
  sub: '6f1d1c9e-3b7a-4c52-9d0e-7a5b2c4e8f10',
  preferred_username: 'dorothy',
  name: 'Dorothy Vaughan',
  given_name: 'Dorothy',
  family_name: 'Vaughan',
  email: 'dorothy@example.test',
  email_verified: true,
};

/** DeviceGrantType's answers, all 400 (it checks expiry, then polling too soon, then denial, then pending). */
const keycloakAnswers: PollAnswers = {
  expired: [400, 'expired_token', 'Device code is expired'],
  slow_down: [400, 'slow_down', 'Slow down'],
  denied: [400, 'access_denied', 'The end user denied the authorization request'],
  pending: [400, 'authorization_pending', 'The authorization request is still pending'],
  unknown: [400, 'invalid_grant', 'Device code not valid'],
};

export async function startKeycloakStandIn(options: KeycloakStandInOptions = {}): Promise<KeycloakStandIn> {
  const realmPath = `${options.contextPath ?? ''}/realms/${options.realm ?? 'demo'}`;
  const clientId = options.clientId ?? 'device-signin';
  const interval = options.interval ?? 5;
  const expiresIn = options.expiresIn ?? 600;
  const key = createSigningKey();
  // The default user code SPI: eight case-insensitive letters, shown as "ABCD-EFGH".
  const grants = new DeviceGrants<KeycloakUser>({
    interval,
    expiresIn,
    userCode: () => `${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}-${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}`,
  });
  const tokens = new TokenLedger<KeycloakUser>();
  let issuer = '';
  let slowDowns = 0;

  function authorizeDevice(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId)
      return json(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
    const grant = grants.issue(clientId, request.form.get('scope') ?? '');
    const deviceUrl = `${issuer}/device`;
    return json(200, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_uri: deviceUrl,
      verification_uri_complete: `${deviceUrl}?user_code=${grant.userCode}`,
      expires_in: expiresIn,
      interval,
    });
  }

  /** DeviceGrantType#oauth2DeviceFlow. */
  function token(request: StandInRequest): StandInReply {
    if (request.form.get('grant_type') !== deviceCodeGrant)
      return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
    const verdict = grants.poll(request.form.get('device_code') ?? '', request.form.get('client_id') ?? '');
    if (verdict.kind === 'slow_down') slowDowns += 1;
    return pollReply(verdict, keycloakAnswers, (grant) => json(200, tokenResponse(grant.user ?? keycloakDefaultUser, grant.scope)));
  }

  /** Keycloak always issues a refresh token; `offline_access` makes it an offline one. */
  function tokenResponse(user: KeycloakUser, scope: string): Record<string, unknown> {
    const iat = nowSeconds();
    const sessionState = randomUUID();
    const scopes = scope.split(' ');
    const common = { iat, jti: randomUUID(), iss: issuer, sub: user.sub, azp: clientId, sid: sessionState };
    const accessToken = key.sign({
      ...common,
      exp: iat + 300,
      aud: 'account',
      typ: 'Bearer',
      scope,
      preferred_username: user.preferred_username,
    });
    const refreshToken = key.sign(
      { ...common, aud: issuer, typ: scopes.includes('offline_access') ? 'Offline' : 'Refresh', scope },
      { typ: 'JWT' },
    );
    tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + 300_000 });
    return {
      access_token: accessToken,
      expires_in: 300,
      refresh_expires_in: scopes.includes('offline_access') ? 0 : 1800,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      ...(scopes.includes('openid') ? { id_token: idToken(user, scopes, common) } : {}),
      'not-before-policy': 0,
      session_state: sessionState,
      scope,
    };
  }

  function idToken(user: KeycloakUser, scopes: readonly string[], common: Readonly<Record<string, unknown>>): string {
    const { sub: _, email, email_verified, ...profile } = user;
    return key.sign({
      ...common,
      exp: Number(common.iat) + 300,
      aud: clientId,
      typ: 'ID',
      auth_time: Number(common.iat) - 5,
      acr: '1',
      ...(scopes.includes('profile') ? profile : {}),
      ...(scopes.includes('email') ? { email, email_verified } : {}),
    });
  }

  function userinfo(request: StandInRequest): StandInReply {
    const grant = tokens.access(request.bearer);
    if (grant === undefined)
      return json(
        401,
        { error: 'invalid_token', error_description: 'Token verification failed' },
        { 'www-authenticate': 'Bearer realm="demo", error="invalid_token", error_description="Token verification failed"' },
      );
    const scopes = grant.scope.split(' ');
    const { sub, email, email_verified, ...profile } = grant.user;
    return json(200, {
      sub,
      ...(scopes.includes('email') ? { email_verified, email } : {}),
      ...(scopes.includes('profile') ? profile : {}),
    });
  }

  /** Refresh and access tokens alike, from a public client named by `client_id`; a refresh token takes its session with it. */
  function revoke(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') === null)
      return json(400, { error: 'invalid_client', error_description: 'Missing client_id parameter' });
    if (request.form.get('client_id') !== clientId)
      return json(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
    const value = request.form.get('token') ?? '';
    const found = tokens.find(value);
    if (found === undefined || !tokens.isActive(value)) return json(200, { error: 'invalid_token', error_description: 'Invalid token' });
    tokens.end(value, { grant: found.kind === 'refresh' });
    return { status: 200 };
  }

  const oidc = `${realmPath}/protocol/openid-connect`;
  const routes: Readonly<Record<string, (request: StandInRequest) => StandInReply>> = {
    [`GET ${realmPath}/.well-known/openid-configuration`]: () => json(200, discoveryDocument(issuer)),
    [`GET ${oidc}/certs`]: () => json(200, { keys: [key.publicJwk] }),
    [`POST ${oidc}/auth/device`]: authorizeDevice,
    [`POST ${oidc}/token`]: token,
    [`GET ${oidc}/userinfo`]: userinfo,
    [`POST ${oidc}/userinfo`]: userinfo,
    [`POST ${oidc}/revoke`]: revoke,
  };
  const server = await startStandInServer(
    (request) =>
      routes[`${request.method} ${request.url.pathname}`]?.(request) ??
      json(404, { error: 'Unable to find matching target resource method' }),
  );
  issuer = `${server.origin}${realmPath}`;
  // Assigned onto the controls, not spread: their getters (`polls`) must stay live.
  return Object.assign(deviceFlowControls(grants, tokens, server, keycloakDefaultUser), { issuer, clientId, slowDowns: () => slowDowns });
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
