/**
 * What the Okta stand-in's endpoints answer, on either authorization server, as Okta documents it:
 * - https://developer.okta.com/docs/guides/device-authorization-grant/main/ (`/v1/device/authorize`,
 *   its response with `verification_uri_complete`, the `/activate` page, the pending answer, the
 *   token response, `/v1/revoke`);
 * - https://github.com/okta/okta-developer-docs/blob/master/packages/@okta/vuepress-site/data/oauth2-error-codes.json
 *   (the published error table: status, `error` and `error_description` of `authorization_pending`,
 *   `slow_down`, `expired_token`, `invalid_device_code`, `access_denied`);
 * - https://developer.okta.com/docs/concepts/api-access-management/#tokens-and-scopes and the ID
 *   token's claims in the OIDC reference (a "thin" ID token with an access token: base claims,
 *   `name` and `preferred_username` with `profile`, `email` with `email`; everything else from
 *   `/v1/userinfo`).
 */
import { deviceAuthorizationReply, deviceCodeGrant, type PollAnswers, pollReply } from './device-grants.ts';
import { scopedUserinfo } from './issued-tokens.ts';
import { oktaDefaultUser, type OktaOrg, type OktaUser } from './okta-org.ts';
import { json, nowSeconds, opaque, type StandInReply, type StandInRequest } from './stand-in-server.ts';

/** The error table's statuses and words for a poll without tokens. */
const oktaAnswers: PollAnswers = {
  pending: [400, 'authorization_pending', 'The device authorization is pending. Please try again later.'],
  slow_down: [400, 'slow_down', 'Slow down the polling frequency. Please try again later.'],
  expired: [400, 'expired_token', 'The device code has expired.'],
  denied: [403, 'access_denied', 'The resource owner or authorization server denied the request.'],
  unknown: [400, 'invalid_grant', 'The device code is invalid or has expired.'],
};

/** `/v1/device/authorize`: the guide's sample response. */
export function authorizeDevice(org: OktaOrg, request: StandInRequest): StandInReply {
  if (request.form.get('client_id') !== org.clientId)
    return json(401, { error: 'invalid_client', error_description: "Invalid value for 'client_id' parameter." });
  const grant = org.grants.issue(org.clientId, request.form.get('scope') ?? '');
  return deviceAuthorizationReply(grant, `${org.origin}/activate`, { expiresIn: org.expiresIn, interval: org.interval });
}

/** `/v1/token` with the device code grant. */
export function token(org: OktaOrg, request: StandInRequest, issuer: string): StandInReply {
  if (request.form.get('grant_type') !== deviceCodeGrant)
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'The authorization grant type is not supported by the authorization server.',
    });
  const verdict = org.grants.poll(request.form.get('device_code') ?? '', request.form.get('client_id') ?? '');
  return pollReply(verdict, oktaAnswers, (grant) => json(200, tokenResponse(org, grant.user ?? oktaDefaultUser, grant.scope, issuer)));
}

function tokenResponse(org: OktaOrg, user: OktaUser, scope: string, issuer: string): Record<string, unknown> {
  const iat = nowSeconds();
  const scopes = scope.split(' ');
  const accessToken = org.key.sign({
    ver: 1,
    jti: opaque('AT.'),
    iss: issuer,
    aud: issuer === org.origin ? org.origin : 'api://default',
    cid: org.clientId,
    uid: user.sub,
    sub: user.preferred_username,
    scp: scopes,
    iat,
    exp: iat + 3600,
  });
  const refreshToken = scopes.includes('offline_access') ? opaque('') : undefined;
  org.tokens.record({ user, clientId: org.clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + 3600_000 });
  return {
    token_type: 'Bearer',
    expires_in: 3600,
    access_token: accessToken,
    scope,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    ...(scopes.includes('openid') ? { id_token: thinIdToken(org, user, scopes, issuer, iat) } : {}),
  };
}

/** Issued beside an access token, so "thin": no given/family name, no `email_verified`, no locale. */
function thinIdToken(org: OktaOrg, user: OktaUser, scopes: readonly string[], issuer: string, iat: number): string {
  return org.key.sign({
    sub: user.sub,
    ...(scopes.includes('profile') ? { name: user.name, preferred_username: user.preferred_username } : {}),
    ...(scopes.includes('email') ? { email: user.email } : {}),
    ver: 1,
    iss: issuer,
    aud: org.clientId,
    iat,
    exp: iat + 3600,
    jti: opaque('ID.'),
    amr: ['pwd'],
    idp: '00o1a2b3c4D5e6F7g8h9',
    auth_time: iat - 5,
  });
}

/** `/v1/userinfo`: the whole profile, for the scopes granted. */
export function userinfo(org: OktaOrg, request: StandInRequest): StandInReply {
  const grant = org.tokens.access(request.bearer);
  if (grant === undefined) {
    return {
      status: 401,
      headers: {
        'www-authenticate':
          'Bearer authorization_uri="", realm="", scope="openid", error="invalid_token", ' +
          'error_description="The access token is invalid."',
      },
    };
  }
  return json(200, scopedUserinfo(grant.user, grant.scope));
}

/** `/v1/revoke`: 200 with no body; a revoked refresh token takes its access tokens with it. */
export function revoke(org: OktaOrg, request: StandInRequest): StandInReply {
  const value = request.form.get('token') ?? '';
  org.tokens.end(value, { grant: org.tokens.find(value)?.kind === 'refresh' });
  return { status: 200 };
}
