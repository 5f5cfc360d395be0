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
 */
import { type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, nowSeconds, opaque, randomCode, type StandInReply, type StandInRequest, startStandInServer } from './stand-in-server.ts';

export interface GoogleUser {
  readonly sub: string;
  readonly name?: string;
  readonly given_name?: string;
  readonly family_name?: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly picture?: string;
  /** The Google Workspace domain, for its members. */
  readonly hd?: string;
}

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

export const googleDefaultUser: GoogleUser = {
  sub: '110169484474386276334',
  name: 'Grace Hopper',
  given_name: 'Grace',
  family_name: 'Hopper',
  email: 'grace@example.test',
  email_verified: true,
  picture: 'https://lh3.googleusercontent.com/a/example',
};

/** "The OAuth 2.0 flow for devices is supported only for the following scopes" (limited-input-device#allowedscopes). */
const allowedScopes = new Set([
  'email',
  'openid',
  'profile',
  'https://www.googleapis.com/auth/drive.appdata',
  'https://www.googleapis.com/auth/drive.file',
  'https://www.googleapis.com/auth/youtube',
  'https://www.googleapis.com/auth/youtube.readonly',
]);

/** The `scope` of a token response names the userinfo scopes by URL (the doc's sample response). */
const grantedScopeNames: Readonly<Record<string, string>> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';

export async function startGoogleStandIn(options: GoogleStandInOptions = {}): Promise<GoogleStandIn> {
  const clientId = options.clientId ?? '1234987819200-tv.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'GOCSPX-not-really-secret';
  const key = createSigningKey();
  const grants = new DeviceGrants<GoogleUser>({
    interval: options.interval ?? 1,
    expiresIn: options.expiresIn ?? 30,
    // "GQVQ-JKEC" in the doc's sample: case-sensitive, up to 15 characters.
    userCode: () => `${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}-${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}`,
  });
  const tokens = new TokenLedger<GoogleUser>();
  let overQuota = false;
  let origin = '';

  const routes: Readonly<Record<string, (request: StandInRequest) => StandInReply>> = {
    'GET /.well-known/openid-configuration': () => json(200, discoveryDocument(origin)),
    'GET /oauth2/v3/certs': () => json(200, { keys: [key.publicJwk] }),
    'POST /device/code': (request) => deviceCode(request),
    'POST /token': (request) => token(request),
    'GET /v1/userinfo': (request) => userinfo(request),
    'POST /revoke': (request) => revoke(request),
  };

  /** Step 1-2: request device and user codes; the answer names the page `verification_url`. */
  function deviceCode(request: StandInRequest): StandInReply {
    const client = clientOf(request, false);
    if (client !== undefined) return client;
    if (overQuota) {
      overQuota = false;
      return json(403, { error_code: 'rate_limit_exceeded' });
    }
    const scope = request.form.get('scope') ?? '';
    const refused = scope.split(' ').find((s) => !allowedScopes.has(s));
    if (refused !== undefined) return json(400, { error: 'invalid_scope', error_description: `Invalid device flow scope: ${refused}` });
    const grant = grants.issue(clientId, scope);
    return json(200, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_url: `${origin}/device`,
      expires_in: options.expiresIn ?? 30,
      interval: options.interval ?? 1,
    });
  }

  /**
   * The client must be a TV client; the token endpoint also wants its client secret
   * (client_secret_post, or HTTP Basic), which the device code endpoint takes but does not need.
   */
  function clientOf(request: StandInRequest, secretRequired: boolean): StandInReply | undefined {
    const id = request.form.get('client_id') ?? request.basic?.id;
    const secret = request.form.get('client_secret') ?? request.basic?.secret;
    if (id !== clientId) return json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if ((options.clientType ?? 'tv') !== 'tv') return json(401, { error: 'invalid_client', error_description: 'Invalid client type.' });
    if (secret === undefined && secretRequired)
      return json(400, { error: 'invalid_request', error_description: 'client_secret is missing.' });
    if (secret !== undefined && secret !== clientSecret) return json(401, { error: 'invalid_client', error_description: 'Unauthorized' });
    return undefined;
  }

  function token(request: StandInRequest): StandInReply {
    const grantType = request.form.get('grant_type');
    if (grantType === deviceCodeGrant) return pollAnswer(request);
    if (grantType === 'refresh_token') return refreshAnswer(request);
    return json(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType ?? ''}` });
  }

  /** Step 6: Google's answers to a poll, each with its own HTTP status. */
  function pollAnswer(request: StandInRequest): StandInReply {
    const client = clientOf(request, true);
    if (client !== undefined) return client;
    const verdict = grants.poll(request.form.get('device_code') ?? '', clientId);
    switch (verdict.kind) {
      case 'pending':
        return json(428, { error: 'authorization_pending', error_description: 'Precondition Required' });
      case 'slow_down':
        return json(403, { error: 'slow_down', error_description: 'Forbidden' });
      case 'denied':
        return json(403, { error: 'access_denied', error_description: 'Forbidden' });
      case 'expired':
        // Not on Google's page; RFC 8628 §3.5's name, with the 400 of Google's "other errors".
        return json(400, { error: 'expired_token', error_description: 'Bad Request' });
      case 'unknown':
        return json(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
      case 'approved':
        return json(200, tokenResponse(verdict.grant.user ?? googleDefaultUser, verdict.grant.scope, undefined));
    }
  }

  function refreshAnswer(request: StandInRequest): StandInReply {
    const client = clientOf(request, false);
    if (client !== undefined) return client;
    const refreshToken = request.form.get('refresh_token') ?? '';
    const issued = tokens.find(refreshToken);
    if (issued?.kind !== 'refresh' || !tokens.isActive(refreshToken)) {
      return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    }
    // The refresh answer has no new refresh token (the doc's sample); the old one stays valid.
    return json(200, tokenResponse(issued.grant.user, issued.grant.scope, refreshToken));
  }

  /** A token response; with `refreshedWith`, the answer to that refresh token, which it does not repeat. */
  function tokenResponse(user: GoogleUser, scope: string, refreshedWith: string | undefined): Record<string, unknown> {
    const lifetime = options.accessTokenLifetime ?? 3599;
    const accessToken = opaque('ya29.');
    const refreshToken = refreshedWith ?? opaque('1//');
    tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + lifetime * 1000 });
    const scopes = scope.split(' ');
    return {
      access_token: accessToken,
      expires_in: lifetime,
      scope: scopes.map((s) => grantedScopeNames[s] ?? s).join(' '),
      token_type: 'Bearer',
      ...(refreshedWith === undefined ? { refresh_token: refreshToken } : {}),
      ...(scopes.includes('openid') ? { id_token: idToken(user, scopes) } : {}),
    };
  }

  function idToken(user: GoogleUser, scopes: readonly string[]): string {
    const iat = nowSeconds();
    const { sub, email, email_verified, hd, ...profile } = user;
    return key.sign({
      iss: options.idTokenIssuer === 'host' ? new URL(origin).host : origin,
      azp: clientId,
      aud: clientId,
      sub,
      ...(hd === undefined ? {} : { hd }),
      ...(scopes.includes('email') ? { email, email_verified } : {}),
      ...(scopes.includes('profile') ? profile : {}),
      iat,
      exp: iat + 3600,
    });
  }

  function userinfo(request: StandInRequest): StandInReply {
    const grant = tokens.access(request.bearer);
    return grant === undefined ? json(401, { error: 'invalid_request', error_description: 'Invalid Credentials' }) : json(200, grant.user);
  }

  /**
   * "The token can be an access token or a refresh token. If the token is an access token and
   * it has a corresponding refresh token, the refresh token will also be revoked." Revocation
   * ends the whole grant; a token that no longer works is an error, 400.
   */
  function revoke(request: StandInRequest): StandInReply {
    const token = request.form.get('token') ?? request.url.searchParams.get('token') ?? '';
    if (!tokens.isActive(token)) return json(400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    tokens.end(token, { grant: true });
    return json(200, {});
  }

  const server = await startStandInServer((request) => {
    const route = routes[`${request.method} ${request.url.pathname}`];
    return route === undefined ? json(404, { error: 'not_found' }) : route(request);
  });
  origin = server.origin;
  return Object.assign(deviceFlowControls(grants, tokens, server, googleDefaultUser), {
    issuer: origin,
    clientId,
    clientSecret,
    exceedQuota: () => {
      overQuota = true;
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
