/**
 * What the Auth0 stand-in's endpoints answer, as Auth0 documents them:
 * - https://auth0.com/docs/get-started/authentication-and-authorization-flow/device-authorization-flow/call-your-api-using-the-device-authorization-flow
 *   (the device code request with `audience`, its response with `verification_uri_complete`,
 *   and the token endpoint's answers: `authorization_pending` 403, `slow_down` 429,
 *   `expired_token` 403 "exactly once; after that, `invalid_grant`", `access_denied` 403; Auth0
 *   elides the descriptions, so those here are ours);
 * - https://auth0.com/docs/secure/tokens/access-tokens and .../get-access-tokens (with an
 *   `audience`, a JWT access token whose `aud` is the API and `{issuer}userinfo`; without one,
 *   an opaque token good for `/userinfo` only);
 * - https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure (the ID token's claims);
 * - https://auth0.com/docs/api/authentication/revoke-refresh-token/revoke-refresh-token
 *   (`/oauth/revoke` takes a refresh token; 200 with no body).
 */
import { auth0DefaultUser, type Auth0Tenant, type Auth0User } from './auth0-tenant.ts';
import { deviceAuthorizationReply, deviceCodeGrant, type PollAnswers, pollReply } from './device-grants.ts';
import { scopedUserinfo } from './issued-tokens.ts';
import { json, nowSeconds, opaque, type StandInReply, type StandInRequest } from './stand-in-server.ts';

/** 403 for all but `slow_down`, which is 429; Auth0 elides the descriptions, so these are ours. */
const auth0Answers: PollAnswers = {
  pending: [403, 'authorization_pending', 'User has yet to authorize device code.'],
  slow_down: [429, 'slow_down', 'You are polling faster than the specified interval.'],
  expired: [403, 'expired_token', 'The device_code has expired.'],
  denied: [403, 'access_denied', 'User refused to authorize the device.'],
  unknown: [403, 'invalid_grant', 'Invalid or expired device code.'],
};

export function deviceCode(tenant: Auth0Tenant, request: StandInRequest): StandInReply {
  if (request.form.get('client_id') !== tenant.clientId) return json(401, { error: 'access_denied', error_description: 'Unauthorized' });
  const grant = tenant.grants.issue(tenant.clientId, request.form.get('scope') ?? '');
  tenant.audiences.push(request.form.get('audience') ?? undefined);
  tenant.audienceOf.set(grant.deviceCode, request.form.get('audience') ?? undefined);
  return deviceAuthorizationReply(grant, `${tenant.issuer}activate`, { expiresIn: tenant.expiresIn, interval: tenant.interval });
}

/** The tutorial's "Token responses"; `expired_token` "exactly once; after that, `invalid_grant`". */
export function token(tenant: Auth0Tenant, request: StandInRequest): StandInReply {
  if (request.form.get('grant_type') !== deviceCodeGrant)
    return json(403, { error: 'unsupported_grant_type', error_description: 'Grant type not allowed for the client.' });
  const code = request.form.get('device_code') ?? '';
  const verdict = tenant.grants.poll(code, request.form.get('client_id') ?? '');
  const once = verdict.kind === 'expired' && tenant.expiryReported.has(code) ? ({ kind: 'unknown' } as const) : verdict;
  if (verdict.kind === 'expired') tenant.expiryReported.add(code);
  return pollReply(once, auth0Answers, (grant) =>
    json(200, tokenResponse(tenant, grant.user ?? auth0DefaultUser, grant.scope, tenant.audienceOf.get(code))),
  );
}

function tokenResponse(tenant: Auth0Tenant, user: Auth0User, scope: string, audience: string | undefined): Record<string, unknown> {
  const { issuer, clientId } = tenant;
  const iat = nowSeconds();
  const scopes = scope.split(' ');
  const accessToken =
    audience === undefined
      ? opaque('')
      : tenant.key.sign(
          {
            iss: issuer,
            sub: user.sub,
            aud: scopes.includes('openid') ? [audience, `${issuer}userinfo`] : audience,
            azp: clientId,
            iat,
            exp: iat + 86400,
            scope,
          },
          { typ: 'at+jwt' },
        );
  // A refresh token for offline_access (the API must "Allow Offline Access").
  const refreshToken = scopes.includes('offline_access') ? opaque('v1.') : undefined;
  tenant.tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + 86400_000 });
  return {
    access_token: accessToken,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    ...(scopes.includes('openid') ? { id_token: idToken(tenant, user, scopes, iat) } : {}),
    scope,
    expires_in: 86400,
    token_type: 'Bearer',
  };
}

function idToken(tenant: Auth0Tenant, user: Auth0User, scopes: readonly string[], iat: number): string {
  const { sub, email, email_verified, ...profile } = user;
  return tenant.key.sign({
    ...(scopes.includes('profile') ? profile : {}),
    ...(scopes.includes('email') ? { email, email_verified } : {}),
    iss: tenant.issuer,
    aud: tenant.clientId,
    sub,
    iat,
    exp: iat + 36000,
    sid: opaque(''),
  });
}

export function userinfo(tenant: Auth0Tenant, request: StandInRequest): StandInReply {
  const grant = tenant.tokens.access(request.bearer);
  if (grant === undefined)
    return {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="Auth0", error="invalid_token", error_description="Invalid Token"' },
      text: 'Unauthorized',
    };
  return json(200, scopedUserinfo(grant.user, grant.scope));
}

/** Refresh tokens only: an access token sent here stays valid until it expires. */
export function revoke(tenant: Auth0Tenant, request: StandInRequest): StandInReply {
  const value = request.form.get('token') ?? '';
  if (tenant.tokens.find(value)?.kind === 'refresh') tenant.tokens.end(value);
  return { status: 200 };
}
