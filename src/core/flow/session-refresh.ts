import type { ErrorCode, Notice, Persistence } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import { refreshTokens } from '../protocol/refresh.ts';
import type { Session, TokenSet } from '../protocol/session.ts';
import type { RefreshLock } from '../vault/refresh-lock.ts';
import type { StoredSession, TokenVault } from '../vault/vault.ts';
import { describeFailure } from './flow-failures.ts';
import { openStoredSession } from './session-binding.ts';
import type { ProviderAccess } from './provider-access.ts';

/** What a refresh needs from the kept session it renews. */
export interface SessionRefreshDependencies {
  readonly provider: ProviderAccess;
  readonly log: Log;
  readonly vault: TokenVault | undefined;
  readonly lock: RefreshLock;
  readonly oncePerRun: boolean;
  persistence(): Persistence;
  /** Whether `before` is still the session kept: a sign-out during the refresh makes it not. */
  isCurrent(before: Session): boolean;
  isFresh(value: Session): boolean;
  registerSecrets(tokens: TokenSet): void;
  persist(value: Session): Promise<void>;
  endLocally(notice: Notice, wipe?: boolean): Promise<void>;
}

/**
 * One refresh of a kept session (RFC 6749 §6), while this process holds the refresh lock.
 * Another process may have refreshed (and rotated the refresh token) while this one waited:
 * its tokens are in the vault, and refreshing again with the old token would look like reuse.
 */
export function createSessionRefresh(deps: SessionRefreshDependencies): (before: Session) => Promise<Session> {
  let failedThisRun: { readonly refreshToken: string; readonly code: ErrorCode } | undefined;

  /** A refresh token whose refresh failed moments ago (in this run, or in another process) is not sent again. */
  async function refuseRepeated(refreshToken: string | undefined): Promise<void> {
    if (refreshToken === undefined) return;
    const code = failedThisRun?.refreshToken === refreshToken ? failedThisRun.code : await deps.lock.recentFailure(refreshToken).catch(() => undefined);
    if (code !== undefined) throw new SignInError(code, 'The refresh failed moments ago; it is not tried again with the same token so soon.');
  }

  async function rememberFailure(refreshToken: string, code: ErrorCode): Promise<void> {
    if (deps.oncePerRun) failedThisRun = { refreshToken, code };
    await deps.lock.recordFailure(refreshToken, code).catch(() => undefined);
  }

  /** The vault's session when another process has stored newer tokens for the same user than `before`. */
  async function storedByAnotherProcess(before: Session): Promise<Session | undefined> {
    if (deps.persistence() !== 'stored' || deps.vault === undefined) return undefined;
    let saved: StoredSession | undefined;
    try {
      saved = await deps.vault.load();
    } catch {
      return undefined;
    }
    if (saved === undefined || saved.profile.sub !== before.profile.sub) {
      // Signed out (or signed in as someone else) by another process: this session is over.
      await deps.endLocally({ code: 'session_ended', message: 'You were signed out elsewhere on this computer.' }, false);
      throw new SignInError('session_ended', 'The stored session was removed or replaced by another process.');
    }
    if (saved.tokens.accessToken === before.tokens.accessToken) return undefined;
    deps.registerSecrets(saved.tokens);
    return openStoredSession(saved, () => deps.provider.context(), before.key);
  }

  async function refreshFrom(before: Session, from: Session): Promise<Session> {
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(await deps.provider.metadata(), from.tokens, from.profile, deps.provider.context(), undefined, from.key);
      deps.registerSecrets(tokens);
      deps.log.info('refresh.ok', { rotated: tokens.refreshToken !== from.tokens.refreshToken });
    } catch (error) {
      deps.log.warn('refresh.failed', describeFailure(error));
      if (error instanceof SignInError && error.code === 'session_ended') {
        if (deps.isCurrent(before)) await deps.endLocally({ code: 'session_ended', message: 'Your session has ended. Sign in again to continue.' });
      } else if (error instanceof SignInError && from.tokens.refreshToken !== undefined) {
        await rememberFailure(from.tokens.refreshToken, error.code);
      }
      throw error;
    }
    // The key stays: a refreshed token is bound to the same one (RFC 9449 §5).
    const after = { profile: from.profile, tokens, ...(from.key === undefined ? {} : { key: from.key }) };
    // A sign-out during the request wins: nothing of the refreshed session is written.
    if (deps.isCurrent(before)) await deps.persist(after);
    return after;
  }

  return (before) =>
    deps.lock.hold(async () => {
      const newer = await storedByAnotherProcess(before);
      if (newer !== undefined && deps.isFresh(newer)) return newer;
      const from = newer ?? before;
      await refuseRepeated(from.tokens.refreshToken);
      return refreshFrom(before, from);
    });
}
