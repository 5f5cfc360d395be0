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
 * The tenant's users and state are in auth0-tenant.ts, what each endpoint answers in auth0-tokens.ts.
 */
import { auth0DefaultUser, type Auth0Tenant, type Auth0User } from './auth0-tenant.ts';
import { deviceCode, revoke, token, userinfo } from './auth0-tokens.ts';
import { deviceFlowControls, DeviceGrants, type DeviceFlowControls } from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, randomCode, routed, startStandInServer } from './stand-in-server.ts';

export { auth0DefaultUser, type Auth0User } from './auth0-tenant.ts';

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

/** BASE20 letters, Auth0's default user code character set. */
const base20 = 'BCDFGHJKLMNPQRSTVWXZ';

export async function startAuth0StandIn(options: Auth0StandInOptions = {}): Promise<Auth0StandIn> {
  const interval = options.interval ?? 1;
  const expiresIn = options.expiresIn ?? 30;
  const tenant: Auth0Tenant = {
    options,
    clientId: options.clientId ?? 'Xq7sNativeDeviceClient0123456789',
    key: createSigningKey(),
    grants: new DeviceGrants<Auth0User>({ interval, expiresIn, userCode: () => `${randomCode(4, base20)}-${randomCode(4, base20)}` }),
    tokens: new TokenLedger<Auth0User>(),
    origin: '',
    issuer: '',
    interval,
    expiresIn,
    audiences: [],
    audienceOf: new Map(),
    expiryReported: new Set(),
  };
  const routes = routed(
    {
      'GET /.well-known/openid-configuration': () => json(200, discoveryDocument(tenant.issuer)),
      'GET /.well-known/jwks.json': () => json(200, { keys: [tenant.key.publicJwk] }),
      'POST /oauth/device/code': (request) => deviceCode(tenant, request),
      'POST /oauth/token': (request) => token(tenant, request),
      'GET /userinfo': (request) => userinfo(tenant, request),
      'POST /userinfo': (request) => userinfo(tenant, request),
      'POST /oauth/revoke': (request) => revoke(tenant, request),
    },
    json(404, { error: 'not_found' }),
  );
  const server = await startStandInServer(routes);
  tenant.origin = server.origin;
  tenant.issuer = `${server.origin}/`;
  // Assigned onto the controls, not spread: their getters (`polls`) must stay live.
  return Object.assign(deviceFlowControls(tenant.grants, tenant.tokens, server, auth0DefaultUser), {
    issuer: tenant.issuer,
    clientId: tenant.clientId,
    audiences: tenant.audiences,
  });
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
