import type { ErrorCode } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import { refreshTokens } from '../protocol/refresh.ts';
import { issuedEndpoints, type Session } from '../protocol/session.ts';
import type { RefreshLock } from '../vault/refresh-lock.ts';
import type { RecordChange, RecordKeeper } from '../vault/record-keeper.ts';
import { belongsTo, endpointMismatch, isFresh, type RecordTarget, type SessionRecord, sameTokens } from '../vault/session-record.ts';
import { describeFailure } from './flow-failures.ts';
import type { ProviderAccess } from './provider-access.ts';
import { openRecord, sessionRecord } from './session-binding.ts';

/**
 * How one refresh of a kept session ended:
 * - `refreshed`: new tokens, kept;
 * - `newer`: another process had refreshed already, and its tokens are fresh;
 * - `ended`: the provider refused the refresh token (the record is deleted), or the record is
 *   gone or someone else's (signed out, or signed in again, by another process);
 * - `failed`: nothing changed (offline, a 5xx, a provider that now names other endpoints).
 */
export type RefreshOutcome =
  | { readonly kind: 'refreshed' | 'newer'; readonly session: Session }
  | { readonly kind: 'ended'; readonly why: 'refused' | 'signed_out_elsewhere' }
  | { readonly kind: 'failed'; readonly error: SignInError };

export interface SessionRefreshDependencies {
  readonly provider: ProviderAccess;
  readonly log: Log;
  readonly target: RecordTarget;
  /** The kept record, when the session is kept; a session-only one is refreshed in memory. */
  readonly keeper: RecordKeeper | undefined;
  readonly lock: RefreshLock;
  readonly oncePerRun: boolean;
  readonly now: () => number;
  /** Every token that arrives is registered as a secret before anything could log it. */
  readonly registerSecrets: (session: Session) => void;
}

/**
 * One refresh of a kept session (RFC 6749 §6), under the lock every writer of the record holds.
 * The record is read again first: another process may have refreshed (and rotated the refresh
 * token) meanwhile, and refreshing again with the old token would look like reuse; or it may have
 * signed out, and then nothing is written back.
 */
export function createSessionRefresh(deps: SessionRefreshDependencies): (before: Session) => Promise<RefreshOutcome> {
  let failedThisRun: { readonly refreshToken: string; readonly code: ErrorCode } | undefined;

  /** A refresh token whose refresh failed moments ago (in this run, or in another process) is not sent again. */
  async function repeatedFailure(refreshToken: string | undefined): Promise<ErrorCode | undefined> {
    if (refreshToken === undefined) return undefined;
    if (failedThisRun?.refreshToken === refreshToken) return failedThisRun.code;
    return deps.lock.recentFailure(refreshToken).catch(() => undefined);
  }

  async function rememberFailure(refreshToken: string | undefined, code: ErrorCode): Promise<void> {
    if (refreshToken === undefined) return;
    if (deps.oncePerRun) failedThisRun = { refreshToken, code };
    await deps.lock.recordFailure(refreshToken, code).catch(() => undefined);
  }

  /** The provider's answer for `from`: new tokens as a session, or the outcome that ends the refresh. */
  async function exchange(from: Session): Promise<Session | Exclude<RefreshOutcome, { kind: 'refreshed' | 'newer' }>> {
    const repeated = await repeatedFailure(from.tokens.refreshToken);
    if (repeated !== undefined) {
      const error = new SignInError(repeated, 'The refresh failed moments ago; it is not tried again with the same token so soon.');
      return { kind: 'failed', error };
    }
    try {
      const as = await deps.provider.metadata();
      const endpoints = issuedEndpoints(as);
      // The tokens go only where they were issued, whatever this run's settings or discovery say now.
      const elsewhere = endpointMismatch(from.endpoints, endpoints);
      if (elsewhere !== undefined) return { kind: 'failed', error: sessionElsewhere(elsewhere.endpoint) };
      const refreshOptions = from.key === undefined ? {} : { dpop: from.key };
      const tokens = await refreshTokens(as, from.tokens, from.profile, deps.provider.context(), refreshOptions);
      const after: Session = { ...from, tokens, endpoints: from.endpoints ?? endpoints };
      deps.registerSecrets(after);
      deps.log.info('refresh.ok', { rotated: tokens.refreshToken !== from.tokens.refreshToken });
      return after;
    } catch (error) {
      deps.log.warn('refresh.failed', describeFailure(error));
      if (!(error instanceof SignInError)) throw error;
      if (error.code === 'session_ended') return { kind: 'ended', why: 'refused' };
      await rememberFailure(from.tokens.refreshToken, error.code);
      return { kind: 'failed', error };
    }
  }

  /** What the record says now, compared with the session this run refreshes. */
  async function fromRecord(current: SessionRecord | undefined, before: Session): Promise<Session | 'gone'> {
    if (current === undefined || !belongsTo(current, deps.target) || current.profile.sub !== before.profile.sub) return 'gone';
    if (sameTokens(current.tokens, before.tokens)) return before;
    const newer = await openRecord(current, () => deps.provider.context(), before.key);
    deps.registerSecrets(newer);
    return newer;
  }

  return async (before) => {
    const keeper = deps.keeper;
    if (keeper === undefined) {
      const answer = await exchange(before);
      return 'tokens' in answer ? { kind: 'refreshed', session: answer } : answer;
    }
    const refreshed = async (current: SessionRecord | undefined): Promise<RecordChange<RefreshOutcome>> => {
      const from = await fromRecord(current, before);
      if (from === 'gone') return { result: { kind: 'ended', why: 'signed_out_elsewhere' } };
      if (from !== before && isFresh(from.tokens, deps.now())) return { result: { kind: 'newer', session: from } };
      const answer = await exchange(from);
      if (!('tokens' in answer)) return answer.kind === 'ended' ? { write: null, result: answer } : { result: answer };
      return { write: sessionRecord(deps.target, answer), result: { kind: 'refreshed', session: answer } };
    };
    // Under this account's lock: another account's refresh goes on meanwhile.
    return keeper.change(refreshed, { account: before.profile });
  };
}

/** The coded refusal to send a session's tokens to endpoints other than those that issued them. */
export function sessionElsewhere(endpoint: string): SignInError {
  return new SignInError(
    'session_elsewhere',
    `This session was issued by another ${endpoint} endpoint than the settings name now; sign in again.`,
  );
}
