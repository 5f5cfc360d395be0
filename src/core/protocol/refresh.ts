import * as oauth from 'oauth4webapi';
import type { Profile } from '../../shared/flow-state.ts';
import { clientForResponse, type ProtocolContext, requestOptions } from './context.ts';
import { SignInError } from '../errors.ts';
import { type DPoPKey, retryingOnNonce } from './dpop.ts';
import { toSignInError } from './oauth-errors.ts';
import { oauthErrorCode } from './server-text.ts';
import { type TokenSet, toTokenSet } from './session.ts';

/**
 * RFC 6749 §6: trades the refresh token for fresh tokens. A provider that rotates refresh
 * tokens sends a new one (kept); one that does not leaves the old one valid (kept too).
 * `invalid_grant` means the session is over (revoked, expired, or the user signed out
 * elsewhere), reported as `session_ended` so the app signs out with that explanation.
 * `signedIn` is who signed in, and at which issuer: a refreshed ID token must name the same
 * (OIDC Core §12.2). A bound session's refresh carries a proof of its key (RFC 9449 §5), and a
 * nonce challenge is answered once (§8).
 */
export async function refreshTokens(
  as: oauth.AuthorizationServer,
  tokens: TokenSet,
  signedIn: Pick<Profile, 'sub' | 'issuer'>,
  context: ProtocolContext,
  options: { readonly signal?: AbortSignal; readonly dpop?: DPoPKey } = {},
): Promise<TokenSet> {
  const { signal, dpop } = options;
  if (tokens.refreshToken === undefined) {
    throw new SignInError('session_ended', 'The access token expired and the provider gave no refresh token.');
  }
  let response: oauth.TokenEndpointResponse;
  let status: number | undefined;
  const refreshToken = tokens.refreshToken;
  try {
    response = await retryingOnNonce(dpop, async () => {
      const request = requestOptions(context, signal, dpop?.handle);
      const raw = await oauth.refreshTokenGrantRequest(as, context.client, context.clientAuth, refreshToken, request);
      status = raw.status;
      if (raw.status >= 500) throw new SignInError('server_error', `The provider answered ${raw.status} to the token refresh.`);
      return oauth.processRefreshTokenResponse(as, clientForResponse(context, raw), raw);
    });
  } catch (error) {
    if (error instanceof SignInError) throw error;
    if (status === 400 || status === 401) throw sessionEnded(error, status);
    throw toSignInError(error, 'token refresh');
  }
  checkSameUser(response, signedIn);
  const fresh = toTokenSet(response, context.clock.now());
  const idToken = fresh.idToken ?? tokens.idToken;
  return { ...fresh, refreshToken: fresh.refreshToken ?? tokens.refreshToken, ...(idToken === undefined ? {} : { idToken }) };
}

/**
 * RFC 6749 §5.2: a 400 or 401 to the refresh grant means the refresh token is no longer
 * accepted (`invalid_grant`: revoked, expired, reused; `invalid_client`: the client is gone).
 * Real servers also answer so with an empty or non-JSON body; that is still a refusal, not a
 * broken answer to try again. Only network errors and 5xx keep the session for later.
 */
function sessionEnded(error: unknown, status: number): SignInError {
  const serverError = error instanceof oauth.ResponseBodyError ? oauthErrorCode(error.error) : undefined;
  const answered = serverError === undefined ? `HTTP ${status}` : `HTTP ${status}, ${serverError}`;
  return new SignInError('session_ended', `The provider refused the refresh token (${answered}); sign in again.`, {
    cause: error,
    ...(serverError === undefined ? {} : { serverError }),
  });
}

/**
 * OIDC Core §12.2: an ID token from a refresh must have the same `iss` and `sub` as the one
 * issued at sign-in. Anything else is not this user's session any more, whatever the provider
 * meant by it, so the session ends rather than carrying on as someone else.
 */
function checkSameUser(response: oauth.TokenEndpointResponse, signedIn: Pick<Profile, 'sub' | 'issuer'>): void {
  const claims = oauth.getValidatedIdTokenClaims(response);
  if (claims === undefined) return;
  if (claims.iss !== signedIn.issuer || claims.sub !== signedIn.sub) {
    throw new SignInError(
      'session_ended',
      'The refreshed ID token names a different user or issuer than the sign-in did (OpenID Connect Core §12.2).',
    );
  }
}
