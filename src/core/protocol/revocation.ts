import * as oauth from 'oauth4webapi';
import type { RevocationOutcome } from '../../shared/flow-state.ts';
import { type ProtocolContext, requestOptions } from './context.ts';
import { CancelledError } from '../errors.ts';
import { NetworkError } from './http.ts';
import type { TokenSet } from './session.ts';

/**
 * RFC 7009 §2.1: revokes the refresh token first (most providers then drop the access tokens
 * issued with it) and then the access token. Never throws: sign-out wipes local data whatever
 * happens here, and the outcome names what the provider did, so each front end can say so:
 * - `revoked`: the provider ended the session (RFC 7009 §2.2: 200 OK).
 * - `refused`: it answered with a 4xx, with or without a body (a public client it will not
 *   serve, an `unsupported_token_type`…).
 * - `unreachable`: no answer (offline, timed out).
 * - `server_error`: a 5xx (RFC 7009 §2.2.1 allows 503 while it cannot).
 * - `unsupported`: no revocation endpoint, or discovery says it needs client authentication
 *   this client does not have (RFC 8414 §2): then nothing is sent.
 */
export async function revokeTokens(
  as: oauth.AuthorizationServer,
  tokens: TokenSet,
  context: ProtocolContext,
  signal?: AbortSignal,
): Promise<RevocationOutcome> {
  if (as.revocation_endpoint === undefined || !acceptsThisClient(as, context)) return 'unsupported';
  const toRevoke: [string, 'refresh_token' | 'access_token'][] = [];
  if (tokens.refreshToken !== undefined) toRevoke.push([tokens.refreshToken, 'refresh_token']);
  toRevoke.push([tokens.accessToken, 'access_token']);
  // Where one revocation ends the whole grant, the second token would only be refused.
  for (const [token, hint] of context.profile.revocationEndsGrant === true ? toRevoke.slice(0, 1) : toRevoke) {
    const outcome = await revokeOne(as, token, hint, context, signal);
    // A provider that refused or could not be reached for the first token will not do better for the second.
    if (outcome !== 'revoked') return outcome;
  }
  return 'revoked';
}

/**
 * RFC 8414 §2 `revocation_endpoint_auth_methods_supported`. Its default when absent would be
 * `client_secret_basic`, but providers that revoke for public clients (Google among them)
 * routinely leave it out, so only a list that is present and lacks our method rules us out.
 */
function acceptsThisClient(as: oauth.AuthorizationServer, context: ProtocolContext): boolean {
  const methods = as.revocation_endpoint_auth_methods_supported;
  return !Array.isArray(methods) || methods.includes(context.clientAuthMethod);
}

async function revokeOne(
  as: oauth.AuthorizationServer,
  token: string,
  hint: 'refresh_token' | 'access_token',
  context: ProtocolContext,
  signal: AbortSignal | undefined,
): Promise<RevocationOutcome> {
  let response: Response;
  try {
    response = await oauth.revocationRequest(as, context.client, context.clientAuth, token, {
      ...requestOptions(context, signal),
      additionalParameters: { token_type_hint: hint },
    });
  } catch (error) {
    if (error instanceof CancelledError || error instanceof NetworkError) return 'unreachable';
    // oauth4webapi refused to send it (an endpoint that is not https): nothing reached the provider.
    return 'unsupported';
  }
  if (response.status >= 500) return 'server_error';
  if (response.status >= 400) return 'refused';
  try {
    await oauth.processRevocationResponse(response);
    return 'revoked';
  } catch {
    // A 1xx or 3xx answer: it was reached, and it did not revoke.
    return 'refused';
  }
}
