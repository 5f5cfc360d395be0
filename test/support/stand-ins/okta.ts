/**
 * An Okta org on loopback, with its two kinds of authorization server, as Okta documents them
 * (the org's users and state are in okta-org.ts, what each endpoint answers in okta-tokens.ts):
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
import { deviceCodeGrant, type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { oktaDefaultUser, type OktaOrg, type OktaUser } from './okta-org.ts';
import { authorizeDevice, revoke, token, userinfo } from './okta-tokens.ts';
import { json, randomCode, type StandInReply, type StandInRequest, startStandInServer } from './stand-in-server.ts';

export { oktaDefaultUser, type OktaUser } from './okta-org.ts';

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

/** The org server's paths hang off `/oauth2/v1`, a custom server's off `/oauth2/{id}/v1`. */
const servers: readonly { readonly issuerPath: string; readonly base: string }[] = [
  { issuerPath: '', base: '/oauth2/v1' },
  { issuerPath: '/oauth2/default', base: '/oauth2/default/v1' },
];

export async function startOktaStandIn(options: OktaStandInOptions = {}): Promise<OktaStandIn> {
  const interval = options.interval ?? 1;
  const expiresIn = options.expiresIn ?? 30;
  const org: OktaOrg = {
    options,
    clientId: options.clientId ?? '0oa1b2c3d4E5f6G7h8i9',
    key: createSigningKey(),
    // "MHXTFRPK" in the guide: eight capital letters.
    grants: new DeviceGrants<OktaUser>({ interval, expiresIn, userCode: () => randomCode(8, 'BCDFGHJKLMNPQRSTVWXZ') }),
    tokens: new TokenLedger<OktaUser>(),
    origin: '',
    interval,
    expiresIn,
  };
  const server = await startStandInServer((request) => route(org, request));
  org.origin = server.origin;
  // Assigned onto the controls, not spread: their getters (`polls`) must stay live.
  return Object.assign(deviceFlowControls(org.grants, org.tokens, server, oktaDefaultUser), {
    orgIssuer: org.origin,
    defaultIssuer: `${org.origin}/oauth2/default`,
    clientId: org.clientId,
  });
}

/** Each request to the server whose paths it is under: the org's, or the `default` custom server's. */
function route(org: OktaOrg, request: StandInRequest): StandInReply {
  const path = request.url.pathname;
  for (const { issuerPath, base } of servers) {
    const issuer = `${org.origin}${issuerPath}`;
    if (request.method === 'GET' && path === `${issuerPath}/.well-known/openid-configuration`)
      return json(200, discoveryDocument(org.origin, issuer, base));
    if (request.method === 'GET' && path === `${base}/keys`) return json(200, { keys: [org.key.publicJwk] });
    if (request.method === 'POST' && path === `${base}/device/authorize`) return authorizeDevice(org, request);
    if (request.method === 'POST' && path === `${base}/token`) return token(org, request, issuer);
    if (path === `${base}/userinfo`) return userinfo(org, request);
    if (request.method === 'POST' && path === `${base}/revoke`) return revoke(org, request);
  }
  return json(404, { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
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
