/**
 * What the Entra stand-in issues, endpoint by endpoint, as Microsoft documents it:
 * - https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code (`/devicecode` and
 *   `/token` under the tenant, the response's `message` and no `verification_uri_complete`, the
 *   expected errors `authorization_pending`, `authorization_declined`, `bad_verification_code`,
 *   `expired_token`, refresh tokens only with `offline_access`);
 * - https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference (`iss`, `tid`,
 *   `oid`, `preferred_username`, `ver`) and .../userinfo (Graph's `/oidc/userinfo`).
 */
import { deviceCodeGrant } from './device-grants.ts';
import { aadError, type EntraDirectory, entraDefaultUser, type EntraUser, type Tenant } from './entra-directory.ts';
import { json, nowSeconds, opaque, type StandInReply, type StandInRequest } from './stand-in-server.ts';

/** An unknown client, or a registration without "Allow public client flows". */
function clientRefusal(directory: EntraDirectory, request: StandInRequest): StandInReply | undefined {
  const id = request.form.get('client_id');
  if (id !== directory.clientId) {
    const text = `Application with identifier '${id ?? ''}' was not found in the directory.`;
    return aadError(directory, 400, 'unauthorized_client', 700016, text);
  }
  if (directory.options.publicClientFlows === false) {
    return aadError(
      directory,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  return undefined;
}

/** Device authorization response: `message`, no `verification_uri_complete`. */
export function deviceCode(directory: EntraDirectory, tenant: Tenant, request: StandInRequest): StandInReply {
  const refused = clientRefusal(directory, request);
  if (refused !== undefined) return refused;
  const grant = directory.grants.issue(directory.clientId, request.form.get('scope') ?? '');
  directory.grantTenants.set(grant.deviceCode, tenant.segment);
  const verificationUri = `${directory.origin}/devicelogin`;
  return json(200, {
    user_code: grant.userCode,
    device_code: grant.deviceCode,
    verification_uri: verificationUri,
    expires_in: directory.options.expiresIn ?? 30,
    interval: directory.options.interval ?? 1,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
  });
}

export function token(directory: EntraDirectory, tenant: Tenant, request: StandInRequest): StandInReply {
  const refused = clientRefusal(directory, request);
  if (refused !== undefined) return refused;
  const grantType = request.form.get('grant_type');
  if (grantType === deviceCodeGrant) return pollAnswer(directory, tenant, request.form.get('device_code') ?? '');
  if (grantType === 'refresh_token') return refreshAnswer(directory, request.form.get('refresh_token') ?? '');
  return aadError(directory, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
}

/** "Expected errors": every one a 400 with Entra's error body. */
function pollAnswer(directory: EntraDirectory, tenant: Tenant, deviceCode: string): StandInReply {
  const refuse = (error: string, code: number, text: string): StandInReply => aadError(directory, 400, error, code, text);
  // "The same tenant or tenant alias used in the initial request."
  if (directory.grantTenants.get(deviceCode) !== tenant.segment)
    return refuse('bad_verification_code', 70018, 'The device code was not recognized.');
  const verdict = directory.grants.poll(deviceCode, directory.clientId);
  switch (verdict.kind) {
    case 'pending':
      return refuse('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
    case 'slow_down':
      // Not among Microsoft's expected errors; RFC 8628 §3.5's, in Entra's error body.
      return refuse('slow_down', 70016, 'Polling too frequently. Slow down.');
    case 'denied':
      return refuse('authorization_declined', 65004, 'User declined to consent to access the app.');
    case 'expired':
      return refuse('expired_token', 70019, 'Verification code expired.');
    case 'unknown':
      return refuse('bad_verification_code', 70018, 'The device code was not recognized.');
    case 'approved': {
      const user = verdict.grant.user ?? entraDefaultUser;
      const tid = user.tenant ?? tenant.id;
      return tokenResponse(directory, { ...user, tenant: tid, issuerTenant: user.issuerTenant ?? tid }, verdict.grant.scope);
    }
  }
}

function refreshAnswer(directory: EntraDirectory, refreshToken: string): StandInReply {
  const grant = directory.tokens.refresh(refreshToken);
  if (grant === undefined) {
    const text = 'The provided authorization code or refresh token has expired due to inactivity.';
    return aadError(directory, 400, 'invalid_grant', 70008, text);
  }
  // Entra sends a new refresh token with every refresh; the old one is not used again here.
  directory.tokens.end(refreshToken);
  return tokenResponse(directory, grant.user, grant.scope);
}

function tokenResponse(directory: EntraDirectory, user: EntraUser, scope: string): StandInReply {
  const lifetime = directory.options.accessTokenLifetime ?? 3599;
  const scopes = scope.split(' ');
  const accessToken = opaque('eyJ0eXAiOiJKV1Qi.');
  const refreshToken = scopes.includes('offline_access') ? opaque('0.AXEA') : undefined;
  const expiresAt = Date.now() + lifetime * 1000;
  directory.tokens.record({ user, clientId: directory.clientId, scope, accessToken, refreshToken, expiresAt });
  return json(200, {
    token_type: 'Bearer',
    scope: [...scopes.filter((s) => s !== 'offline_access'), 'https://graph.microsoft.com/User.Read'].join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    ...(scopes.includes('openid') ? { id_token: idToken(directory, user, scopes) } : {}),
  });
}

function idToken(directory: EntraDirectory, user: EntraUser, scopes: readonly string[]): string {
  const iat = nowSeconds();
  return directory.key.sign({
    aud: directory.clientId,
    iss: `${directory.origin}/${user.issuerTenant ?? directory.tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    ...(scopes.includes('profile') ? { name: user.name, oid: user.oid, preferred_username: user.preferred_username } : {}),
    ...(scopes.includes('email') && user.email !== undefined ? { email: user.email } : {}),
    rh: '0.AXEA-not-used',
    sub: user.sub,
    tid: user.tenant ?? directory.tenantId,
    uti: opaque(''),
    ver: '2.0',
  });
}

/** Graph's UserInfo: the name claims, `sub` and `email`, for the access token it is given. */
export function userinfo(directory: EntraDirectory, request: StandInRequest): StandInReply {
  const grant = directory.tokens.access(request.bearer);
  if (grant === undefined) return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } });
  const { sub, name, given_name, family_name, email } = grant.user;
  return json(200, {
    sub,
    name,
    family_name,
    given_name,
    picture: 'https://graph.microsoft.com/v1.0/me/photo/$value',
    ...(email === undefined ? {} : { email }),
  });
}
