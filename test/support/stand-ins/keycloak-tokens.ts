/**
 * What the Keycloak stand-in's endpoints answer, as Keycloak's code and documents have it:
 * - https://github.com/keycloak/keycloak-community/blob/main/design/oauth2-device-authorization-grant.md
 *   (the verification URI is the realm's `/device` page; the sample token response with
 *   `refresh_expires_in`, `not-before-policy` and `session_state`);
 * - DeviceEndpoint.java and DeviceGrantType.java in keycloak/keycloak
 *   (services/src/main/java/org/keycloak/protocol/oidc/grants/device/): `verification_uri_complete`
 *   is the verification URI plus `?user_code=`, every poll error is a 400 with the descriptions used
 *   here, checked in this order: expired, then polled too soon (`slow_down`), then denied, then
 *   pending;
 * - ClientIdAndSecretAuthenticator.java, TokenRevocationEndpoint.java: a public client is let
 *   through on its `client_id` alone; revoking a refresh token ends the client's session, and a
 *   token whose session is gone is answered `invalid_token` with 200.
 */
import { randomUUID } from 'node:crypto';
import { deviceAuthorizationReply, deviceCodeGrant, type PollAnswers, pollReply } from './device-grants.ts';
import { keycloakDefaultUser, type KeycloakRealm, type KeycloakUser } from './keycloak-realm.ts';
import { json, nowSeconds, type StandInReply, type StandInRequest } from './stand-in-server.ts';

/** DeviceGrantType's answers, all 400 (it checks expiry, then polling too soon, then denial, then pending). */
const keycloakAnswers: PollAnswers = {
  expired: [400, 'expired_token', 'Device code is expired'],
  slow_down: [400, 'slow_down', 'Slow down'],
  denied: [400, 'access_denied', 'The end user denied the authorization request'],
  pending: [400, 'authorization_pending', 'The authorization request is still pending'],
  unknown: [400, 'invalid_grant', 'Device code not valid'],
};

const invalidClient = { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' };

export function authorizeDevice(realm: KeycloakRealm, request: StandInRequest): StandInReply {
  if (request.form.get('client_id') !== realm.clientId) return json(401, invalidClient);
  const grant = realm.grants.issue(realm.clientId, request.form.get('scope') ?? '');
  return deviceAuthorizationReply(grant, `${realm.issuer}/device`, { expiresIn: realm.expiresIn, interval: realm.interval });
}

/** DeviceGrantType#oauth2DeviceFlow. */
export function token(realm: KeycloakRealm, request: StandInRequest): StandInReply {
  if (request.form.get('grant_type') !== deviceCodeGrant)
    return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
  const verdict = realm.grants.poll(request.form.get('device_code') ?? '', request.form.get('client_id') ?? '');
  if (verdict.kind === 'slow_down') realm.slowDowns += 1;
  return pollReply(verdict, keycloakAnswers, (grant) => json(200, tokenResponse(realm, grant.user ?? keycloakDefaultUser, grant.scope)));
}

/** Keycloak always issues a refresh token; `offline_access` makes it an offline one. */
function tokenResponse(realm: KeycloakRealm, user: KeycloakUser, scope: string): Record<string, unknown> {
  const { issuer, clientId, key } = realm;
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
  realm.tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + 300_000 });
  return {
    access_token: accessToken,
    expires_in: 300,
    refresh_expires_in: scopes.includes('offline_access') ? 0 : 1800,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    ...(scopes.includes('openid') ? { id_token: idToken(realm, user, scopes, common) } : {}),
    'not-before-policy': 0,
    session_state: sessionState,
    scope,
  };
}

function idToken(realm: KeycloakRealm, user: KeycloakUser, scopes: readonly string[], common: Readonly<Record<string, unknown>>): string {
  const { sub: _, email, email_verified, ...profile } = user;
  return realm.key.sign({
    ...common,
    exp: Number(common.iat) + 300,
    aud: realm.clientId,
    typ: 'ID',
    auth_time: Number(common.iat) - 5,
    acr: '1',
    ...(scopes.includes('profile') ? profile : {}),
    ...(scopes.includes('email') ? { email, email_verified } : {}),
  });
}

export function userinfo(realm: KeycloakRealm, request: StandInRequest): StandInReply {
  const grant = realm.tokens.access(request.bearer);
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
export function revoke(realm: KeycloakRealm, request: StandInRequest): StandInReply {
  if (request.form.get('client_id') === null)
    return json(400, { error: 'invalid_client', error_description: 'Missing client_id parameter' });
  if (request.form.get('client_id') !== realm.clientId) return json(401, invalidClient);
  const value = request.form.get('token') ?? '';
  const found = realm.tokens.find(value);
  if (found === undefined || !realm.tokens.isActive(value))
    return json(200, { error: 'invalid_token', error_description: 'Invalid token' });
  realm.tokens.end(value, { grant: found.kind === 'refresh' });
  return { status: 200 };
}
