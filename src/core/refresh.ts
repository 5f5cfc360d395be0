import * as oauth from 'oauth4webapi';
import { clientForResponse, type ProtocolContext, requestOptions } from './context.ts';
import { SignInError } from './errors.ts';
import { toSignInError } from './oauth-errors.ts';
import { type TokenSet, toTokenSet } from './session.ts';

/**
 * RFC 6749 §6: trades the refresh token for fresh tokens. A provider that rotates refresh
 * tokens sends a new one (kept); one that does not leaves the old one valid (kept too).
 * `invalid_grant` means the session is over (revoked, expired, or the user signed out
 * elsewhere), reported as `session_ended` so the app signs out with that explanation.
 * `subject` is who signed in: a refreshed ID token must name the same one (OIDC Core §12.2).
 */
export async function refreshTokens(
  as: oauth.AuthorizationServer,
  tokens: TokenSet,
  subject: string,
  context: ProtocolContext,
  signal?: AbortSignal,
): Promise<TokenSet> {
  if (tokens.refreshToken === undefined) {
    throw new SignInError('session_ended', 'The access token expired and the provider gave no refresh token.');
  }
  let response: oauth.TokenEndpointResponse;
  try {
    const raw = await oauth.refreshTokenGrantRequest(as, context.client, context.clientAuth, tokens.refreshToken, requestOptions(context, signal));
    if (raw.status >= 500) throw new SignInError('server_error', `The provider answered ${raw.status} to the token refresh.`);
    response = await oauth.processRefreshTokenResponse(as, clientForResponse(context, raw), raw);
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') {
      throw new SignInError('session_ended', 'The provider ended this session; sign in again.', { cause: error, serverError: error.error });
    }
    throw toSignInError(error, 'token refresh');
  }
  checkSameUser(as, response, subject);
  const fresh = toTokenSet(response, context.clock.now());
  const idToken = fresh.idToken ?? tokens.idToken;
  return { ...fresh, refreshToken: fresh.refreshToken ?? tokens.refreshToken, ...(idToken === undefined ? {} : { idToken }) };
}

/**
 * OIDC Core §12.2: an ID token from a refresh must have the same `iss` and `sub` as the one
 * issued at sign-in. Anything else is not this user's session any more, whatever the provider
 * meant by it, so the session ends rather than carrying on as someone else.
 */
function checkSameUser(as: oauth.AuthorizationServer, response: oauth.TokenEndpointResponse, subject: string): void {
  const claims = oauth.getValidatedIdTokenClaims(response);
  if (claims === undefined) return;
  if (claims.iss !== as.issuer || claims.sub !== subject) {
    throw new SignInError('session_ended', 'The refreshed ID token names a different user or issuer than the sign-in did (OpenID Connect Core §12.2).');
  }
}

export type RevocationOutcome = 'revoked' | 'not_supported' | 'failed';

/**
 * RFC 7009 §2.1: revokes the refresh token first (most providers then drop the access tokens
 * issued with it) and then the access token, when the provider advertises a revocation
 * endpoint. Never throws: sign-out wipes local data whatever happens here, and the outcome says
 * whether the provider heard about it.
 */
export async function revokeTokens(
  as: oauth.AuthorizationServer,
  tokens: TokenSet,
  context: ProtocolContext,
  signal?: AbortSignal,
): Promise<RevocationOutcome> {
  if (as.revocation_endpoint === undefined) return 'not_supported';
  const toRevoke: [string, 'refresh_token' | 'access_token'][] = [];
  if (tokens.refreshToken !== undefined) toRevoke.push([tokens.refreshToken, 'refresh_token']);
  toRevoke.push([tokens.accessToken, 'access_token']);
  let outcome: RevocationOutcome = 'revoked';
  for (const [token, hint] of toRevoke) {
    try {
      const response = await oauth.revocationRequest(as, context.client, context.clientAuth, token, {
        ...requestOptions(context, signal),
        additionalParameters: { token_type_hint: hint },
      });
      await oauth.processRevocationResponse(response);
    } catch {
      outcome = 'failed';
    }
  }
  return outcome;
}
