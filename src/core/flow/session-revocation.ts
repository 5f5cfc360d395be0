import type { AuthorizationServer, TokenEndpointResponse } from 'oauth4webapi';
import type { Notice, RevocationOutcome } from '../../shared/flow-state.ts';
import type { FlowEvent } from './flow-state-holder.ts';
import type { Grant } from './kept-record.ts';
import type { ClientConfig } from '../config.ts';
import type { Log } from '../log.ts';
import { SignInError } from '../errors.ts';
import { revokeTokens } from '../protocol/revocation.ts';
import { checkedToken, type Session } from '../protocol/session.ts';
import { sameTokens } from '../vault/session-record.ts';
import type { ProviderAccess } from './provider-access.ts';

/**
 * RFC 7009 for a session that ends: at the revocation endpoint that issued its tokens when the
 * session knows it (never one this run's settings name instead), otherwise the provider's.
 * Never throws: sign-out has wiped local data already, and the outcome says what happened.
 */
export async function revokeSession(
  provider: ProviderAccess,
  session: Pick<Session, 'tokens' | 'endpoints'>,
  log: Log,
): Promise<RevocationOutcome> {
  try {
    const as = await provider.metadata();
    // The log keeps each token's answer; the outcome is the one front ends word.
    return await revokeTokens(pinnedRevocation(as, session.endpoints), session.tokens, provider.context(), { log });
  } catch (error) {
    // Without the provider's metadata there is no revocation endpoint to call.
    return error instanceof SignInError && error.code === 'network' ? 'unreachable' : 'unsupported';
  }
}

/** The metadata with the revocation endpoint that issued the session, when the session knows it. */
function pinnedRevocation(as: AuthorizationServer, pinned: Session['endpoints']): AuthorizationServer {
  if (pinned === undefined) return as;
  const { revocation_endpoint: _, ...rest } = as;
  return pinned.revocation === undefined ? rest : { ...rest, revocation_endpoint: pinned.revocation };
}

/** Where the user can end a grant this client has no way to revoke, when the profile names a page (GitHub's). */
export function revokeHelp(provider: ProviderAccess, config: ClientConfig, revoked: RevocationOutcome): string | undefined {
  if (revoked !== 'unsupported') return undefined;
  try {
    const context = provider.context();
    return context.profile.revokeHelpUrl?.(context.issuer, config.clientId);
  } catch {
    return undefined;
  }
}

/**
 * The notice after a sign-out the provider did not carry out: why, until when the tokens stay
 * valid, and where the user can end them.
 */
export function notRevokedNotice(
  revocation: Exclude<RevocationOutcome, 'revoked'>,
  validUntil: number | undefined,
  revokeAt: string | undefined,
): Notice {
  return {
    code: 'revocation_failed',
    revocation,
    ...(validUntil === undefined ? {} : { validUntil }),
    ...(revokeAt === undefined ? {} : { revokeAt }),
  };
}

/**
 * RFC 7009 for what a sign-out ended: the session this process had (`ending`), then the record it
 * wiped when that held another grant's tokens (a refresh another process finished meanwhile
 * wrote tokens that must die too). The newest one's answer is the outcome; with nobody signed
 * in, nothing is left live at the provider.
 */
export async function revokeEnded(
  provider: ProviderAccess,
  ending: Pick<Session, 'tokens' | 'endpoints'> | undefined,
  wiped: Pick<Session, 'tokens' | 'endpoints'> | undefined,
  log: Log,
): Promise<{ readonly revocation: RevocationOutcome; readonly expiresAt?: number }> {
  let revocation: RevocationOutcome = ending === undefined ? 'revoked' : await revokeSession(provider, ending, log);
  if (wiped !== undefined && (ending === undefined || !sameTokens(wiped.tokens, ending.tokens))) {
    revocation = await revokeSession(provider, wiped, log);
  }
  const expiresAt = (wiped ?? ending)?.tokens.expiresAt;
  return { revocation, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

/**
 * RFC 7009 for the tokens of a sign-in that was approved and then failed a later check or was
 * cancelled: nothing may stay live that nobody holds. Only tokens of the form their RFC gives are
 * sent (session.ts `checkedToken`): a malformed one goes nowhere. Never throws.
 */
export async function revokeAbandoned(provider: ProviderAccess, response: TokenEndpointResponse, log: Log): Promise<void> {
  const token = (value: unknown, field: 'access_token' | 'refresh_token'): string | undefined => {
    try {
      return checkedToken(value, field);
    } catch {
      return undefined;
    }
  };
  const accessToken = token(response.access_token, 'access_token');
  if (accessToken === undefined) {
    log.warn('sign_in.abandoned', { revocation: 'not_sent' });
    return;
  }
  const refreshToken = response.refresh_token === undefined ? undefined : token(response.refresh_token, 'refresh_token');
  const tokens = { accessToken, tokenType: response.token_type, ...(refreshToken === undefined ? {} : { refreshToken }) };
  const revocation = await revokeSession(provider, { tokens }, log);
  log.warn('sign_in.abandoned', { revocation });
}

/** Ends the grants a sign-in replaced, as sign-out ends them, and tells the front end each outcome. */
export async function revokeReplaced(
  provider: ProviderAccess,
  grants: readonly Grant[],
  log: Log,
  publish: (event: Extract<FlowEvent, { type: 'replaced' }>) => void,
): Promise<void> {
  for (const old of grants) {
    const revocation = await revokeSession(provider, old, log);
    log.info('session.replaced', { revocation });
    const validUntil = revocation === 'revoked' ? undefined : old.tokens.expiresAt;
    publish({ type: 'replaced', profile: old.profile, revocation, ...(validUntil === undefined ? {} : { validUntil }) });
  }
}
