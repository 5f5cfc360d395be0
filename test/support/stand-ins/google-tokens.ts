/**
 * What the Google stand-in answers, endpoint by endpoint, as Google documents it:
 * - https://developers.google.com/identity/protocols/oauth2/limited-input-device (the device
 *   response's `verification_url`, 428 for `authorization_pending`, 403 for `slow_down` and
 *   `access_denied`, 403 `error_code` on quota, the allowed scopes, refresh tokens "always
 *   returned for devices", revocation);
 * - https://developers.google.com/identity/openid-connect/openid-connect (the ID token's claims,
 *   `iss` "https://accounts.google.com or accounts.google.com").
 */
import { deviceCodeGrant } from './device-grants.ts';
import { clientRefusal, type GoogleAccounts, googleDefaultUser, type GoogleUser } from './google-accounts.ts';
import { json, nowSeconds, opaque, type StandInReply, type StandInRequest } from './stand-in-server.ts';

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

/** Step 1-2: request device and user codes; the answer names the page `verification_url`. */
export function deviceCode(accounts: GoogleAccounts, request: StandInRequest): StandInReply {
  const client = clientRefusal(accounts, request, false);
  if (client !== undefined) return client;
  if (accounts.overQuota) {
    accounts.overQuota = false;
    return json(403, { error_code: 'rate_limit_exceeded' });
  }
  const scope = request.form.get('scope') ?? '';
  const refused = scope.split(' ').find((s) => !allowedScopes.has(s));
  if (refused !== undefined) return json(400, { error: 'invalid_scope', error_description: `Invalid device flow scope: ${refused}` });
  const grant = accounts.grants.issue(accounts.clientId, scope);
  return json(200, {
    device_code: grant.deviceCode,
    user_code: grant.userCode,
    verification_url: `${accounts.origin}/device`,
    expires_in: accounts.options.expiresIn ?? 30,
    interval: accounts.options.interval ?? 1,
  });
}

export function token(accounts: GoogleAccounts, request: StandInRequest): StandInReply {
  const grantType = request.form.get('grant_type');
  if (grantType === deviceCodeGrant) return pollAnswer(accounts, request);
  if (grantType === 'refresh_token') return refreshAnswer(accounts, request);
  return json(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType ?? ''}` });
}

/** Step 6: Google's answers to a poll, each with its own HTTP status. */
function pollAnswer(accounts: GoogleAccounts, request: StandInRequest): StandInReply {
  const client = clientRefusal(accounts, request, true);
  if (client !== undefined) return client;
  const verdict = accounts.grants.poll(request.form.get('device_code') ?? '', accounts.clientId);
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
      return json(200, tokenResponse(accounts, verdict.grant.user ?? googleDefaultUser, verdict.grant.scope, undefined));
  }
}

function refreshAnswer(accounts: GoogleAccounts, request: StandInRequest): StandInReply {
  const client = clientRefusal(accounts, request, false);
  if (client !== undefined) return client;
  const refreshToken = request.form.get('refresh_token') ?? '';
  const grant = accounts.tokens.refresh(refreshToken);
  if (grant === undefined) return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  // The refresh answer has no new refresh token (the doc's sample); the old one stays valid.
  return json(200, tokenResponse(accounts, grant.user, grant.scope, refreshToken));
}

/** A token response; with `refreshedWith`, the answer to that refresh token, which it does not repeat. */
function tokenResponse(
  accounts: GoogleAccounts,
  user: GoogleUser,
  scope: string,
  refreshedWith: string | undefined,
): Record<string, unknown> {
  const lifetime = accounts.options.accessTokenLifetime ?? 3599;
  const accessToken = opaque('ya29.');
  const refreshToken = refreshedWith ?? opaque('1//');
  const expiresAt = Date.now() + lifetime * 1000;
  accounts.tokens.record({ user, clientId: accounts.clientId, scope, accessToken, refreshToken, expiresAt });
  const scopes = scope.split(' ');
  return {
    access_token: accessToken,
    expires_in: lifetime,
    scope: scopes.map((s) => grantedScopeNames[s] ?? s).join(' '),
    token_type: 'Bearer',
    ...(refreshedWith === undefined ? { refresh_token: refreshToken } : {}),
    ...(scopes.includes('openid') ? { id_token: idToken(accounts, user, scopes) } : {}),
  };
}

function idToken(accounts: GoogleAccounts, user: GoogleUser, scopes: readonly string[]): string {
  const iat = nowSeconds();
  const { sub, email, email_verified, hd, ...profile } = user;
  return accounts.key.sign({
    iss: accounts.options.idTokenIssuer === 'host' ? new URL(accounts.origin).host : accounts.origin,
    azp: accounts.clientId,
    aud: accounts.clientId,
    sub,
    ...(hd === undefined ? {} : { hd }),
    ...(scopes.includes('email') ? { email, email_verified } : {}),
    ...(scopes.includes('profile') ? profile : {}),
    iat,
    exp: iat + 3600,
  });
}

export function userinfo(accounts: GoogleAccounts, request: StandInRequest): StandInReply {
  const grant = accounts.tokens.access(request.bearer);
  return grant === undefined ? json(401, { error: 'invalid_request', error_description: 'Invalid Credentials' }) : json(200, grant.user);
}

/**
 * "The token can be an access token or a refresh token. If the token is an access token and
 * it has a corresponding refresh token, the refresh token will also be revoked." Revocation
 * ends the whole grant; a token that no longer works is an error, 400.
 */
export function revoke(accounts: GoogleAccounts, request: StandInRequest): StandInReply {
  const token = request.form.get('token') ?? request.url.searchParams.get('token') ?? '';
  if (!accounts.tokens.isActive(token)) return json(400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
  accounts.tokens.end(token, { grant: true });
  return json(200, {});
}
