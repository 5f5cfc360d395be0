/**
 * An Okta org on loopback, with its two kinds of authorization server, as Okta documents them:
 * - https://developer.okta.com/docs/concepts/auth-servers/ (the org server's issuer is the org
 *   URL, its discovery at the root and its endpoints under `/oauth2/v1/`; a custom server such as
 *   `default` is `/oauth2/default`, discovery and endpoints under that path);
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

/** An Okta user's profile as `/v1/userinfo` returns it for `openid profile email`. */
export interface OktaUser {
  /** Okta user ids start with `00u`. */
  readonly sub: string;
  readonly name: string;
  readonly preferred_username: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly locale: string;
  readonly zoneinfo: string;
  readonly email: string;
  readonly email_verified: boolean;
}

export interface OktaStandInOptions {
  readonly clientId?: string;
  /** Seconds between polls, as announced. Default 1 (Okta sends 5). */
  readonly interval?: number;
  /** Seconds the codes live. Default 30 (Okta: 600, "valid for 10 minutes"). */
  readonly expiresIn?: number;
}

export interface OktaStandIn extends DeviceFlowControls<OktaUser> {
  /** The org authorization server: `http://127.0.0.1:<port>`. */
  readonly orgIssuer: string;
  /** The `default` custom authorization server: `<org>/oauth2/default`. */
  readonly defaultIssuer: string;
  readonly clientId: string;
}

export const oktaDefaultUser: OktaUser = {
  sub: '00u1a2b3c4D5e6F7g8h9',
  name: 'Ada Lovelace',
  preferred_username: 'ada@example.test',
  given_name: 'Ada',
  family_name: 'Lovelace',
  locale: 'en-GB',
  zoneinfo: 'Europe/London',
  email: 'ada@example.test',
  email_verified: true,
};

/** The error table's statuses and words for a poll without tokens. */
const oktaAnswers: PollAnswers = {
  pending: [400, 'authorization_pending', 'The device authorization is pending. Please try again later.'],
  slow_down: [400, 'slow_down', 'Slow down the polling frequency. Please try again later.'],
  expired: [400, 'expired_token', 'The device code has expired.'],
  denied: [403, 'access_denied', 'The resource owner or authorization server denied the request.'],
  unknown: [400, 'invalid_grant', 'The device code is invalid or has expired.'],
};

/** The org server's paths hang off `/oauth2/v1`, a custom server's off `/oauth2/{id}/v1`. */
const servers: readonly { readonly issuerPath: string; readonly base: string }[] = [
  { issuerPath: '', base: '/oauth2/v1' },
  { issuerPath: '/oauth2/default', base: '/oauth2/default/v1' },
];

export async function startOktaStandIn(options: OktaStandInOptions = {}): Promise<OktaStandIn> {
  const clientId = options.clientId ?? '0oa1b2c3d4E5f6G7h8i9';
  const interval = options.interval ?? 1;
  const expiresIn = options.expiresIn ?? 30;
  const key = createSigningKey();
  // "MHXTFRPK" in the guide: eight capital letters.
  const grants = new DeviceGrants<OktaUser>({ interval, expiresIn, userCode: () => randomCode(8, 'BCDFGHJKLMNPQRSTVWXZ') });
  const tokens = new TokenLedger<OktaUser>();
  let origin = '';

  /** `/v1/device/authorize`: the guide's sample response. */
  function authorizeDevice(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId)
      return json(401, { error: 'invalid_client', error_description: "Invalid value for 'client_id' parameter." });
    const grant = grants.issue(clientId, request.form.get('scope') ?? '');
    return json(200, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_uri: `${origin}/activate`,
      verification_uri_complete: `${origin}/activate?user_code=${grant.userCode}`,
      expires_in: expiresIn,
      interval,
    });
  }

  /** `/v1/token` with the device code grant. */
  function token(request: StandInRequest, issuer: string): StandInReply {
    if (request.form.get('grant_type') !== deviceCodeGrant)
      return json(400, {
        error: 'unsupported_grant_type',
        error_description: 'The authorization grant type is not supported by the authorization server.',
      });
    const verdict = grants.poll(request.form.get('device_code') ?? '', request.form.get('client_id') ?? '');
    return pollReply(verdict, oktaAnswers, (grant) => json(200, tokenResponse(grant.user ?? oktaDefaultUser, grant.scope, issuer)));
  }

  function tokenResponse(user: OktaUser, scope: string, issuer: string): Record<string, unknown> {
    const iat = nowSeconds();
    const scopes = scope.split(' ');
    const accessToken = key.sign({
      ver: 1,
      jti: opaque('AT.'),
      iss: issuer,
      aud: issuer === origin ? origin : 'api://default',
      cid: clientId,
      uid: user.sub,
      sub: user.preferred_username,
      scp: scopes,
      iat,
      exp: iat + 3600,
    });
    const refreshToken = scopes.includes('offline_access') ? opaque('') : undefined;
    tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + 3600_000 });
    return {
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: accessToken,
      scope,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(scopes.includes('openid') ? { id_token: thinIdToken(user, scopes, issuer, iat) } : {}),
    };
  }

  /** Issued beside an access token, so "thin": no given/family name, no `email_verified`, no locale. */
  function thinIdToken(user: OktaUser, scopes: readonly string[], issuer: string, iat: number): string {
    return key.sign({
      sub: user.sub,
      ...(scopes.includes('profile') ? { name: user.name, preferred_username: user.preferred_username } : {}),
      ...(scopes.includes('email') ? { email: user.email } : {}),
      ver: 1,
      iss: issuer,
      aud: clientId,
      iat,
      exp: iat + 3600,
      jti: opaque('ID.'),
      amr: ['pwd'],
      idp: '00o1a2b3c4D5e6F7g8h9',
      auth_time: iat - 5,
    });
  }

  /** `/v1/userinfo`: the whole profile, for the scopes granted. */
  function userinfo(request: StandInRequest): StandInReply {
    const grant = tokens.access(request.bearer);
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
    const scopes = grant.scope.split(' ');
    const { sub, email, email_verified, ...profile } = grant.user;
    return json(200, {
      sub,
      ...(scopes.includes('profile') ? profile : {}),
      ...(scopes.includes('email') ? { email, email_verified } : {}),
    });
  }

  /** `/v1/revoke`: 200 with no body; a revoked refresh token takes its access tokens with it. */
  function revoke(request: StandInRequest): StandInReply {
    const value = request.form.get('token') ?? '';
    tokens.end(value, { grant: tokens.find(value)?.kind === 'refresh' });
    return { status: 200 };
  }

  function route(request: StandInRequest): StandInReply {
    const path = request.url.pathname;
    for (const { issuerPath, base } of servers) {
      const issuer = `${origin}${issuerPath}`;
      if (request.method === 'GET' && path === `${issuerPath}/.well-known/openid-configuration`)
        return json(200, discoveryDocument(origin, issuer, base));
      if (request.method === 'GET' && path === `${base}/keys`) return json(200, { keys: [key.publicJwk] });
      if (request.method === 'POST' && path === `${base}/device/authorize`) return authorizeDevice(request);
      if (request.method === 'POST' && path === `${base}/token`) return token(request, issuer);
      if (path === `${base}/userinfo`) return userinfo(request);
      if (request.method === 'POST' && path === `${base}/revoke`) return revoke(request);
    }
    return json(404, { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
  }

  const server = await startStandInServer(route);
  origin = server.origin;
  // Assigned onto the controls, not spread: their getters (`polls`) must stay live.
  return Object.assign(deviceFlowControls(grants, tokens, server, oktaDefaultUser), {
    orgIssuer: origin,
    defaultIssuer: `${origin}/oauth2/default`,
    clientId,
  });
}

/** The OIDC reference's `/.well-known/openid-configuration` for either server, on this origin. */
function discoveryDocument(origin: string, issuer: string, base: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${origin}${base}/authorize`,
    token_endpoint: `${origin}${base}/token`,
    userinfo_endpoint: `${origin}${base}/userinfo`,
    registration_endpoint: `${origin}/oauth2/v1/clients`,
    jwks_uri: `${origin}${base}/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'password', deviceCodeGrant],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'address', 'phone', 'offline_access', 'groups'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'none'],
    claims_supported: [
      'iss',
      'ver',
      'sub',
      'aud',
      'iat',
      'exp',
      'jti',
      'auth_time',
      'amr',
      'idp',
      'nonce',
      'name',
      'preferred_username',
      'given_name',
      'family_name',
      'locale',
      'zoneinfo',
      'email',
      'email_verified',
    ],
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${origin}${base}/introspect`,
    revocation_endpoint: `${origin}${base}/revoke`,
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'none'],
    end_session_endpoint: `${origin}${base}/logout`,
    device_authorization_endpoint: `${origin}${base}/device/authorize`,
  };
}
