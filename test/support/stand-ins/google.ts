/**
 * Google's OAuth 2.0 for TV and Limited-Input Device Applications, on loopback, as Google
 * documents it:
 * - https://developers.google.com/identity/protocols/oauth2/limited-input-device (the flow: the
 *   device response's `verification_url`, the client secret the token endpoint wants, 428 for
 *   `authorization_pending`, 403 for `slow_down` and `access_denied`, 403 `error_code` on quota,
 *   the allowed scopes, refresh tokens "always returned for devices", revocation);
 * - https://developers.google.com/identity/openid-connect/openid-connect (the discovery
 *   document, the ID token's claims, `iss` "https://accounts.google.com or accounts.google.com").
 * Google serves these from several hosts (accounts.google.com, oauth2.googleapis.com,
 * openidconnect.googleapis.com); here one loopback origin serves them all at the same paths.
 * The users and the client are in google-accounts.ts, what each endpoint answers in google-tokens.ts.
 */
import { deviceCodeGrant, type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import { type GoogleAccounts, googleDefaultUser, type GoogleUser } from './google-accounts.ts';
import { deviceCode, revoke, token, userinfo } from './google-tokens.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, randomCode, routed, type StandInRoutes, startStandInServer } from './stand-in-server.ts';

export { googleDefaultUser, type GoogleUser } from './google-accounts.ts';

export interface GoogleStandInOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Only "TVs and Limited Input devices" clients may use the device flow. Default `tv`. */
  readonly clientType?: 'tv' | 'desktop';
  /** Seconds between polls, as announced. Default 1 (Google sends 5). */
  readonly interval?: number;
  /** Seconds the codes live. Default 30 (Google sends 1800). */
  readonly expiresIn?: number;
  /** Seconds the access token lives. Default 3599. */
  readonly accessTokenLifetime?: number;
  /** The ID token's `iss`: the issuer URL, or Google's other documented form, its host alone. */
  readonly idTokenIssuer?: 'url' | 'host';
}

export interface GoogleStandIn extends DeviceFlowControls<GoogleUser> {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The next device code request is over the client's quota. */
  exceedQuota(): void;
}

export async function startGoogleStandIn(options: GoogleStandInOptions = {}): Promise<GoogleStandIn> {
  const accounts: GoogleAccounts = {
    options,
    clientId: options.clientId ?? '1234987819200-tv.apps.googleusercontent.com',
    clientSecret: options.clientSecret ?? 'GOCSPX-not-really-secret',
    key: createSigningKey(),
    grants: new DeviceGrants<GoogleUser>({
      interval: options.interval ?? 1,
      expiresIn: options.expiresIn ?? 30,
      // "GQVQ-JKEC" in the doc's sample: case-sensitive, up to 15 characters.
      userCode: () => `${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}-${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}`,
    }),
    tokens: new TokenLedger<GoogleUser>(),
    origin: '',
    overQuota: false,
  };
  const routes = {
    'GET /.well-known/openid-configuration': () => json(200, discoveryDocument(accounts.origin)),
    'GET /oauth2/v3/certs': () => json(200, { keys: [accounts.key.publicJwk] }),
    'POST /device/code': (request) => deviceCode(accounts, request),
    'POST /token': (request) => token(accounts, request),
    'GET /v1/userinfo': (request) => userinfo(accounts, request),
    'POST /revoke': (request) => revoke(accounts, request),
  } satisfies StandInRoutes;
  const server = await startStandInServer(routed(routes, json(404, { error: 'not_found' })));
  accounts.origin = server.origin;
  return Object.assign(deviceFlowControls(accounts.grants, accounts.tokens, server, googleDefaultUser), {
    issuer: server.origin,
    clientId: accounts.clientId,
    clientSecret: accounts.clientSecret,
    exceedQuota: () => {
      accounts.overQuota = true;
    },
  });
}

/** https://accounts.google.com/.well-known/openid-configuration, as the OpenID Connect page shows it, on this origin. */
function discoveryDocument(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/o/oauth2/v2/auth`,
    device_authorization_endpoint: `${origin}/device/code`,
    token_endpoint: `${origin}/token`,
    userinfo_endpoint: `${origin}/v1/userinfo`,
    revocation_endpoint: `${origin}/revoke`,
    jwks_uri: `${origin}/oauth2/v3/certs`,
    response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token', 'code token id_token', 'none'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    claims_supported: [
      'aud',
      'email',
      'email_verified',
      'exp',
      'family_name',
      'given_name',
      'iat',
      'iss',
      'locale',
      'name',
      'picture',
      'sub',
    ],
    code_challenge_methods_supported: ['plain', 'S256'],
    grant_types_supported: ['authorization_code', 'refresh_token', deviceCodeGrant, 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
  };
}
