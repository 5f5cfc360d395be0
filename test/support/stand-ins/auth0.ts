/**
 * An Auth0 tenant on loopback, as Auth0 documents it:
 * - https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery
 *   (the discovery document: `issuer` with its trailing slash, `/oauth/device/code`,
 *   `/oauth/token`, `/userinfo`, `/oauth/revoke`, `/.well-known/jwks.json`);
 * - https://auth0.com/docs/get-started/authentication-and-authorization-flow/device-authorization-flow/call-your-api-using-the-device-authorization-flow
 *   (the device code request with `audience`, its response with `verification_uri_complete`,
 *   "QTZL-MCBW" user codes, and the token endpoint's answers: `authorization_pending` 403,
 *   `slow_down` 429, `expired_token` 403 "exactly once; after that, `invalid_grant`",
 *   `access_denied` 403; Auth0 elides the descriptions, so those here are ours);
 * - https://auth0.com/docs/secure/tokens/access-tokens and .../get-access-tokens (with an
 *   `audience`, a JWT access token whose `aud` is the API and `{issuer}userinfo`; without one,
 *   an opaque token good for `/userinfo` only);
 * - https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure (the ID token's claims);
 * - https://auth0.com/docs/api/authentication/revoke-refresh-token/revoke-refresh-token
 *   (`/oauth/revoke` takes a refresh token; 200 with no body).
 */
import {
  deviceCodeGrant,
  type DeviceFlowControls,
  deviceFlowControls,
  DeviceGrants,
  type PollAnswers,
  pollReply,
} from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, nowSeconds, opaque, randomCode, type StandInReply, type StandInRequest, startStandInServer } from './stand-in-server.ts';

/** An Auth0 user's profile as `/userinfo` returns it for `openid profile email`. */
export interface Auth0User {
  /** `{connection}|{id}`, "auth0|…" for the database connection. */
  readonly sub: string;
  readonly nickname: string;
  readonly name: string;
  readonly picture: string;
  readonly updated_at: string;
  readonly email: string;
  readonly email_verified: boolean;
}

export interface Auth0StandInOptions {
  readonly clientId?: string;
  /** Seconds between polls, as announced. Default 1 (Auth0 sends 5). */
  readonly interval?: number;
  /** Seconds the codes live. Default 30 (Auth0: 900, "15 minutes"). */
  readonly expiresIn?: number;
}

export interface Auth0StandIn extends DeviceFlowControls<Auth0User> {
  /** `http://127.0.0.1:<port>/`: Auth0's issuer ends with a slash. */
  readonly issuer: string;
  readonly clientId: string;
  /** The `audience` each device code was asked for, in order (undefined: none sent). */
  readonly audiences: readonly (string | undefined)[];
}

export const auth0DefaultUser: Auth0User = {
  sub: 'auth0|65f1c0ffee0123456789abcd',
  nickname: 'katherine',
  name: 'Katherine Johnson',
  picture: 'https://s.gravatar.com/avatar/0000000000000000000000000000000?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fkj.png',
  updated_at: '2026-11-30T09:00:00.000Z',
  email: 'katherine@example.test',
  email_verified: true,
};

/** 403 for all but `slow_down`, which is 429; Auth0 elides the descriptions, so these are ours. */
const auth0Answers: PollAnswers = {
  pending: [403, 'authorization_pending', 'User has yet to authorize device code.'],
  slow_down: [429, 'slow_down', 'You are polling faster than the specified interval.'],
  expired: [403, 'expired_token', 'The device_code has expired.'],
  denied: [403, 'access_denied', 'User refused to authorize the device.'],
  unknown: [403, 'invalid_grant', 'Invalid or expired device code.'],
};

/** BASE20 letters, Auth0's default user code character set. */
const base20 = 'BCDFGHJKLMNPQRSTVWXZ';

export async function startAuth0StandIn(options: Auth0StandInOptions = {}): Promise<Auth0StandIn> {
  const clientId = options.clientId ?? 'Xq7sNativeDeviceClient0123456789';
  const interval = options.interval ?? 1;
  const expiresIn = options.expiresIn ?? 30;
  const key = createSigningKey();
  const grants = new DeviceGrants<Auth0User>({ interval, expiresIn, userCode: () => `${randomCode(4, base20)}-${randomCode(4, base20)}` });
  const tokens = new TokenLedger<Auth0User>();
  const audiences: (string | undefined)[] = [];
  const audienceOf = new Map<string, string | undefined>();
  const expiryReported = new Set<string>();
  let issuer = '';

  function deviceCode(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId) return json(401, { error: 'access_denied', error_description: 'Unauthorized' });
    const grant = grants.issue(clientId, request.form.get('scope') ?? '');
    audiences.push(request.form.get('audience') ?? undefined);
    audienceOf.set(grant.deviceCode, request.form.get('audience') ?? undefined);
    return json(200, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_uri: `${issuer}activate`,
      verification_uri_complete: `${issuer}activate?user_code=${grant.userCode}`,
      expires_in: expiresIn,
      interval,
    });
  }

  /** The tutorial's "Token responses"; `expired_token` "exactly once; after that, `invalid_grant`". */
  function token(request: StandInRequest): StandInReply {
    if (request.form.get('grant_type') !== deviceCodeGrant)
      return json(403, { error: 'unsupported_grant_type', error_description: 'Grant type not allowed for the client.' });
    const code = request.form.get('device_code') ?? '';
    const verdict = grants.poll(code, request.form.get('client_id') ?? '');
    const once = verdict.kind === 'expired' && expiryReported.has(code) ? ({ kind: 'unknown' } as const) : verdict;
    if (verdict.kind === 'expired') expiryReported.add(code);
    return pollReply(once, auth0Answers, (grant) =>
      json(200, tokenResponse(grant.user ?? auth0DefaultUser, grant.scope, audienceOf.get(code))),
    );
  }

  function tokenResponse(user: Auth0User, scope: string, audience: string | undefined): Record<string, unknown> {
    const iat = nowSeconds();
    const scopes = scope.split(' ');
    const accessToken =
      audience === undefined
        ? opaque('')
        : key.sign(
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
    tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + 86400_000 });
    return {
      access_token: accessToken,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(scopes.includes('openid') ? { id_token: idToken(user, scopes, iat) } : {}),
      scope,
      expires_in: 86400,
      token_type: 'Bearer',
    };
  }

  function idToken(user: Auth0User, scopes: readonly string[], iat: number): string {
    const { sub, email, email_verified, ...profile } = user;
    return key.sign({
      ...(scopes.includes('profile') ? profile : {}),
      ...(scopes.includes('email') ? { email, email_verified } : {}),
      iss: issuer,
      aud: clientId,
      sub,
      iat,
      exp: iat + 36000,
      sid: opaque(''),
    });
  }

  function userinfo(request: StandInRequest): StandInReply {
    const grant = tokens.access(request.bearer);
    if (grant === undefined)
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="Auth0", error="invalid_token", error_description="Invalid Token"' },
        text: 'Unauthorized',
      };
    const scopes = grant.scope.split(' ');
    const { sub, email, email_verified, ...profile } = grant.user;
    return json(200, {
      sub,
      ...(scopes.includes('profile') ? profile : {}),
      ...(scopes.includes('email') ? { email, email_verified } : {}),
    });
  }

  /** Refresh tokens only: an access token sent here stays valid until it expires. */
  function revoke(request: StandInRequest): StandInReply {
    const value = request.form.get('token') ?? '';
    if (tokens.find(value)?.kind === 'refresh') tokens.end(value);
    return { status: 200 };
  }

  const routes: Readonly<Record<string, (request: StandInRequest) => StandInReply>> = {
    'GET /.well-known/openid-configuration': () => json(200, discoveryDocument(issuer)),
    'GET /.well-known/jwks.json': () => json(200, { keys: [key.publicJwk] }),
    'POST /oauth/device/code': deviceCode,
    'POST /oauth/token': token,
    'GET /userinfo': userinfo,
    'POST /userinfo': userinfo,
    'POST /oauth/revoke': revoke,
  };
  const server = await startStandInServer(
    (request) => routes[`${request.method} ${request.url.pathname}`]?.(request) ?? json(404, { error: 'not_found' }),
  );
  issuer = `${server.origin}/`;
  // Assigned onto the controls, not spread: their getters (`polls`) must stay live.
  return Object.assign(deviceFlowControls(grants, tokens, server, auth0DefaultUser), { issuer, clientId, audiences });
}

/** The discovery page's sample, on this origin. */
function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}authorize`,
    token_endpoint: `${issuer}oauth/token`,
    device_authorization_endpoint: `${issuer}oauth/device/code`,
    userinfo_endpoint: `${issuer}userinfo`,
    mfa_challenge_endpoint: `${issuer}mfa/challenge`,
    jwks_uri: `${issuer}.well-known/jwks.json`,
    registration_endpoint: `${issuer}oidc/register`,
    revocation_endpoint: `${issuer}oauth/revoke`,
    scopes_supported: [
      'openid',
      'profile',
      'offline_access',
      'name',
      'given_name',
      'family_name',
      'nickname',
      'email',
      'email_verified',
      'picture',
      'created_at',
      'identities',
      'phone',
      'address',
    ],
    response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token', 'code token id_token'],
    code_challenge_methods_supported: ['S256', 'plain'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['HS256', 'RS256', 'PS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    claims_supported: [
      'aud',
      'auth_time',
      'created_at',
      'email',
      'email_verified',
      'exp',
      'family_name',
      'given_name',
      'iat',
      'identities',
      'iss',
      'name',
      'nickname',
      'phone_number',
      'picture',
      'sub',
    ],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
  };
}
