import * as oauth from 'oauth4webapi';
import type { RevocationOutcome } from '../../shared/flow-state.ts';
import type { Log } from '../log.ts';
import { type ProtocolContext, requestOptions } from './context.ts';
import { CancelledError } from '../errors.ts';
import { NetworkError } from './http.ts';
import { oauthErrorCode } from './server-text.ts';
import type { TokenSet } from './session.ts';

export interface RevocationOptions {
  readonly signal?: AbortSignal;
  /**
   * Where each answer is written down, one `revocation.answer` line per token: the outcome
   * alone does not show an access token's refusal that was read as already revoked.
   */
  readonly log?: Log;
}

type TokenTypeHint = 'refresh_token' | 'access_token';

/** What the revocation endpoint answered for one token, as the log keeps it. */
interface RevocationAnswer {
  /** What this answer alone would say. */
  readonly answer: RevocationOutcome;
  readonly status?: number;
  /** The OAuth `error` of a refusal's body (RFC 7009 §2.2.1), cleaned. */
  readonly error?: string;
}

/**
 * RFC 7009 §2.1: revokes the refresh token first and then the access token. Never throws:
 * sign-out wipes local data whatever happens here, and the outcome names what the provider did,
 * so each front end can say so:
 * - `revoked`: the provider ended the session (RFC 7009 §2.2: 200 OK).
 * - `refused`: it answered with a 4xx, with or without a body (a public client it will not
 *   serve, an `unsupported_token_type`…).
 * - `unreachable`: no answer (offline, timed out).
 * - `server_error`: a 5xx (RFC 7009 §2.2.1 allows 503 while it cannot).
 * - `unsupported`: no revocation endpoint, or discovery names client authentication methods
 *   and this client has a secret none of them sends (RFC 8414 §2): then nothing is sent.
 *
 * Where there is a refresh token, its answer decides. §2.1 lets a server revoke the grant's
 * access tokens with it, and §2.2 says a token that is no longer valid is answered 200; some
 * servers answer 400 instead. So once the refresh token is revoked, whatever the access token
 * gets is read as revoked, and both answers go to the log.
 */
export async function revokeTokens(
  as: oauth.AuthorizationServer,
  tokens: TokenSet,
  context: ProtocolContext,
  options: RevocationOptions = {},
): Promise<RevocationOutcome> {
  if (as.revocation_endpoint === undefined || !mayAsk(as, context)) return 'unsupported';
  const { log, signal } = options;
  if (tokens.refreshToken === undefined) {
    const alone = await revokeOne(as, tokens.accessToken, 'access_token', context, signal);
    log?.info('revocation.answer', { token: 'access_token', ...alone });
    return alone.answer;
  }
  const first = await revokeOne(as, tokens.refreshToken, 'refresh_token', context, signal);
  log?.info('revocation.answer', { token: 'refresh_token', ...first });
  // A provider that refused or could not be reached for the refresh token will not do better
  // for the access token; one whose revocation ends the whole grant would only refuse it.
  if (first.answer !== 'revoked' || context.profile.revocationEndsGrant === true) return first.answer;
  const second = await revokeOne(as, tokens.accessToken, 'access_token', context, signal);
  log?.info('revocation.answer', { token: 'access_token', ...second, ...(second.answer === 'revoked' ? {} : { read_as: 'revoked' }) });
  return 'revoked';
}

/**
 * Whether to send a revocation request at all. A public client always may: RFC 7009 §2.1
 * authenticates confidential clients only, a public one names itself by `client_id` (RFC 6749
 * §2.3), and servers whose RFC 8414 §2 `revocation_endpoint_auth_methods_supported` leaves out
 * `none` revoke such requests all the same (a refusal is then reported as `refused`). A client
 * with a secret sends it only by a method the list names, when there is a list.
 */
function mayAsk(as: oauth.AuthorizationServer, context: ProtocolContext): boolean {
  if (context.clientAuthMethod === 'none') return true;
  const methods = as.revocation_endpoint_auth_methods_supported;
  return !Array.isArray(methods) || methods.includes(context.clientAuthMethod);
}

async function revokeOne(
  as: oauth.AuthorizationServer,
  token: string,
  hint: TokenTypeHint,
  context: ProtocolContext,
  signal: AbortSignal | undefined,
): Promise<RevocationAnswer> {
  let response: Response;
  try {
    response = await oauth.revocationRequest(as, context.client, context.clientAuth, token, {
      ...requestOptions(context, signal),
      additionalParameters: { token_type_hint: hint },
    });
  } catch (error) {
    if (error instanceof CancelledError || error instanceof NetworkError) return { answer: 'unreachable' };
    // oauth4webapi refused to send it (an endpoint that is not https): nothing reached the provider.
    return { answer: 'unsupported' };
  }
  const { status } = response;
  if (status >= 400) return { answer: status >= 500 ? 'server_error' : 'refused', status, ...(await refusalError(response)) };
  try {
    await oauth.processRevocationResponse(response);
    return { answer: 'revoked', status };
  } catch {
    // A 1xx or 3xx answer: it was reached, and it did not revoke.
    return { answer: 'refused', status };
  }
}

/**
 * The OAuth `error` of a refusal (RFC 7009 §2.2.1), cleaned, for the log: read from any body
 * that is a JSON object, whatever its content type claims, since it only says what was answered.
 */
async function refusalError(response: Response): Promise<{ error?: string }> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
      ? { error: oauthErrorCode(body.error) }
      : {};
  } catch {
    return {};
  }
}
