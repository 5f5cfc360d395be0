import type { Notice, Persistence, RevocationOutcome } from '../../shared/flow-state.ts';
import type { Clock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import { revokeTokens } from '../protocol/revocation.ts';
import type { Session, TokenSet } from '../protocol/session.ts';
import type { RefreshLock } from '../vault/refresh-lock.ts';
import type { StoredSession, TokenVault } from '../vault/vault.ts';
import type { FlowStateHolder } from './flow-state-holder.ts';
import type { ProviderAccess } from './provider-access.ts';
import { keyUnusableNotice, openStoredSession } from './session-binding.ts';
import { createSessionRefresh } from './session-refresh.ts';

/**
 * The session after sign-in: kept in the vault, opened again at start-up, refreshed before it
 * expires (one refresh at a time, however many callers), and ended by sign-out. It sets the
 * flow's `restoring`, `signed_in`, `signing_out` and signed-out states; the sign-in itself is
 * sign-in-flow.ts's.
 */
export interface KeptSession {
  restore(options?: { readonly refresh?: boolean }): Promise<void>;
  /** Keeps a new sign-in: written to the vault unless session-only, then signed in. */
  keep(value: Session, sessionOnly: boolean, stillWanted: () => boolean): Promise<void>;
  signOut(): Promise<RevocationOutcome>;
  getAccessToken(): Promise<string>;
  /** The session with a token that is not about to expire, refreshed first if it is. */
  freshSession(): Promise<Session>;
  /** After a resource server refused `rejected`'s access token as invalid: the session refreshed once, or already newer. */
  renewAfterRejection(rejected: Session): Promise<Session>;
  current(): Session | undefined;
  registerSecrets(tokens: TokenSet): void;
  dispose(): void;
}

export interface KeptSessionDependencies {
  readonly config: ClientConfig;
  readonly provider: ProviderAccess;
  readonly state: FlowStateHolder;
  readonly clock: Clock;
  readonly log: Log;
  readonly vault: TokenVault | undefined;
  /** Set when nothing may be written: restore then opens nothing. */
  readonly storageUnavailable: boolean;
  readonly refreshMarginMs: number;
  readonly proactiveRefresh: boolean;
  readonly refreshLock: RefreshLock;
  readonly refreshOncePerRun: boolean;
}

/** Never sooner than this: a provider whose tokens expire on arrival (`expires_in: 0`) must not set off a refresh loop. */
const minimumRefreshDelayMs = 5_000;
/** After a failed background refresh (offline), try again this much later. */
const backgroundRetryMs = 30_000;

export function createKeptSession(deps: KeptSessionDependencies): KeptSession {
  return new StoredSessionKeeper(deps);
}

/** A class so that each step is its own short method over the one mutable session. */
class StoredSessionKeeper implements KeptSession {
  readonly #deps: KeptSessionDependencies;
  #session: Session | undefined;
  #persistence: Persistence = 'session_only';
  #refreshTimer: AbortController | undefined;
  #refreshing: Promise<Session> | undefined;
  readonly #refreshUnderLock: (before: Session) => Promise<Session>;

  constructor(deps: KeptSessionDependencies) {
    this.#deps = deps;
    this.#refreshUnderLock = createSessionRefresh({
      provider: deps.provider,
      log: deps.log,
      vault: deps.vault,
      lock: deps.refreshLock,
      oncePerRun: deps.refreshOncePerRun,
      persistence: () => this.#persistence,
      isCurrent: (before) => this.#session === before,
      isFresh: (value) => this.#isFresh(value),
      registerSecrets: (tokens) => {
        this.registerSecrets(tokens);
      },
      persist: (value) => this.#persist(value),
      endLocally: (notice, wipe) => this.#endLocally(notice, wipe),
    });
  }

  /** Read through a method: the session can change while a request is awaited. */
  current(): Session | undefined {
    return this.#session;
  }

  registerSecrets(tokens: TokenSet): void {
    this.#deps.log.secret(tokens.accessToken);
    this.#deps.log.secret(tokens.refreshToken);
    this.#deps.log.secret(tokens.idToken);
  }

  async restore(options: { readonly refresh?: boolean } = {}): Promise<void> {
    if (this.#deps.vault === undefined || this.#deps.storageUnavailable) return;
    this.#deps.state.set({ status: 'restoring' });
    const saved = await this.#load();
    if (saved === undefined || !('version' in saved)) {
      this.#deps.state.set(saved === undefined ? { status: 'idle' } : { status: 'idle', notice: saved });
      return;
    }
    this.#persistence = 'stored';
    this.registerSecrets(saved.tokens);
    const opened = await openStoredSession(saved, () => this.#deps.provider.context()).catch(() => undefined);
    // Its tokens are useless without the key: signed out, never carried on as bearer tokens.
    if (opened === undefined) return this.#endLocally(keyUnusableNotice);
    this.#deps.log.info('session.restored', { sub: saved.profile.sub, deviceBound: opened.key !== undefined });
    this.#session = opened;
    if (this.#isFresh(opened) || options.refresh === false) {
      this.#becomeSignedIn(opened);
      return;
    }
    try {
      await this.#refreshSession();
    } catch (error) {
      // Offline at start-up: the refresh token is still good, so the user is still signed in.
      const still = this.current();
      if (still !== undefined) this.#becomeSignedIn(still);
      else if (!(error instanceof SignInError && error.code === 'session_ended')) this.#deps.state.set({ status: 'idle' });
    }
  }

  async keep(value: Session, sessionOnly: boolean, stillWanted: () => boolean): Promise<void> {
    this.#persistence = sessionOnly || this.#deps.vault === undefined ? 'session_only' : 'stored';
    await this.#persist(value);
    // A cancel while the vault was writing wins; the written session is restored next start.
    if (stillWanted()) this.#becomeSignedIn(value);
  }

  async signOut(): Promise<RevocationOutcome> {
    this.#refreshTimer?.abort();
    const ending = this.#session;
    this.#session = undefined;
    this.#deps.state.set({ status: 'signing_out' });
    // Wiped first, revoked after from the copy in memory: quitting during a slow or offline
    // revocation must not leave the session on disk to come back at the next start.
    await this.#deps.vault?.clear().catch(() => undefined);
    // Nobody signed in: nothing of this app's is left live at the provider.
    const revoked: RevocationOutcome = ending === undefined ? 'revoked' : await this.#revokeQuietly(ending.tokens);
    this.#deps.log.info('signed_out', { revocation: revoked });
    this.#deps.state.set(revoked === 'revoked' ? { status: 'idle' } : { status: 'idle', notice: notRevoked(revoked, ending?.tokens.expiresAt, this.#revokeHelp(revoked)) });
    return revoked;
  }

  async getAccessToken(): Promise<string> {
    return (await this.freshSession()).tokens.accessToken;
  }

  async freshSession(): Promise<Session> {
    const value = this.#session;
    if (value === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
    return this.#isFresh(value) ? value : this.#refreshSession();
  }

  async renewAfterRejection(rejected: Session): Promise<Session> {
    const value = this.#session;
    if (value === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
    return value.tokens.accessToken === rejected.tokens.accessToken ? this.#refreshSession() : value;
  }

  dispose(): void {
    this.#refreshTimer?.abort();
  }

  #stored(value: Session): StoredSession {
    const { issuer, clientId } = this.#deps.config;
    return { version: 1, issuer, clientId, profile: value.profile, tokens: value.tokens, ...(value.key === undefined ? {} : { dpop: value.key.toStored() }) };
  }

  /** Writes the whole session in one piece; a vault that fails leaves it in memory, and says so. */
  async #persist(value: Session): Promise<void> {
    if (this.#persistence === 'session_only' || this.#deps.vault === undefined) return;
    try {
      await this.#deps.vault.save(this.#stored(value));
    } catch {
      this.#persistence = 'session_only';
    }
  }

  #becomeSignedIn(value: Session): void {
    this.registerSecrets(value.tokens);
    this.#session = value;
    this.#deps.state.set({ status: 'signed_in', profile: value.profile, persistence: this.#persistence, deviceBound: value.key !== undefined });
    this.#scheduleRefresh();
  }

  /** Signs out here only, for a session the provider ended; `wipe` false leaves another process's session in the vault. */
  async #endLocally(notice: Notice, wipe = true): Promise<void> {
    this.#deps.log.warn('session.ended', { reason: notice.code });
    this.#session = undefined;
    this.#refreshTimer?.abort();
    if (wipe) await this.#deps.vault?.clear().catch(() => undefined);
    this.#deps.state.set({ status: 'idle', notice });
  }

  #isFresh(value: Session): boolean {
    const expiresAt = value.tokens.expiresAt;
    if (expiresAt === undefined) return true;
    // A token about to expire would die on its way to the API: treat the last seconds as expired.
    return expiresAt - this.#deps.clock.now() > Math.min(5_000, this.#deps.refreshMarginMs);
  }

  #scheduleRefresh(): void {
    this.#refreshTimer?.abort();
    const { clock } = this.#deps;
    const expiresAt = this.#session?.tokens.expiresAt;
    if (!this.#deps.proactiveRefresh || expiresAt === undefined || this.#session?.tokens.refreshToken === undefined) return;
    const timer = new AbortController();
    this.#refreshTimer = timer;
    const remaining = expiresAt - clock.now();
    const delay = Math.max(minimumRefreshDelayMs, remaining - Math.min(this.#deps.refreshMarginMs, remaining / 2));
    clock.sleep(delay, timer.signal).then(
      () =>
        this.#refreshSession().catch(() => {
          // Offline or the provider is down: keep the session and try again shortly.
          if (!timer.signal.aborted && this.#session !== undefined) {
            clock.sleep(backgroundRetryMs, timer.signal).then(() => {
              this.#scheduleRefresh();
            }, () => undefined);
          }
        }),
      () => undefined,
    );
  }

  /** One refresh at a time: callers that arrive while one is under way share its result. */
  #refreshSession(): Promise<Session> {
    this.#refreshing ??= (async () => {
      try {
        const before = this.#session;
        if (before === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
        const after = await this.#refreshUnderLock(before);
        if (this.current() !== before) {
          await this.#discardRefreshed(after);
          throw new SignInError('not_signed_in', 'Signed out during the refresh.');
        }
        this.#becomeSignedIn(after);
        return after;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  /** A refresh that finished after a sign-out: take back what it wrote and revoke what it got (RFC 7009 §2). */
  async #discardRefreshed(refreshed: Session): Promise<void> {
    const now = this.#session;
    if (now === undefined) await this.#deps.vault?.clear().catch(() => undefined);
    else await this.#persist(now);
    this.#deps.log.info('refresh.discarded');
    await this.#revokeQuietly(refreshed.tokens);
  }

  /** Where the user can end a grant this client has no way to revoke, when the profile names a page (GitHub's). */
  #revokeHelp(revoked: RevocationOutcome): string | undefined {
    if (revoked !== 'unsupported') return undefined;
    try {
      const context = this.#deps.provider.context();
      return context.profile.revokeHelpUrl?.(context.issuer, this.#deps.config.clientId);
    } catch {
      return undefined;
    }
  }

  async #revokeQuietly(tokens: TokenSet): Promise<RevocationOutcome> {
    try {
      return await revokeTokens(await this.#deps.provider.metadata(), tokens, this.#deps.provider.context());
    } catch (error) {
      // Without the provider's metadata there is no revocation endpoint to call.
      return error instanceof SignInError && error.code === 'network' ? 'unreachable' : 'unsupported';
    }
  }

  /** The stored session, or why there is none to open; undefined when there is simply nothing. */
  async #load(): Promise<StoredSession | Notice | undefined> {
    const { vault, config } = this.#deps;
    if (vault === undefined) return undefined;
    try {
      const saved = await vault.load();
      if (saved === undefined || (saved.issuer === config.issuer && saved.clientId === config.clientId)) return saved;
      // The app now signs in somewhere else: the old session is of no use and should not linger.
      await vault.clear().catch(() => undefined);
      return undefined;
    } catch (error) {
      return error instanceof SignInError && error.code === 'storage_damaged'
        ? { code: 'storage_damaged', message: 'Your saved sign-in was damaged and has been set aside. Please sign in again.' }
        : { code: 'storage_unavailable', storage: 'keyring_unreadable', message: 'The saved sign-in could not be read from the system keyring.' };
    }
  }
}

/** The notice after a sign-out the provider did not carry out: why, until when the tokens stay valid, and where the user can end them. */
function notRevoked(revocation: Exclude<RevocationOutcome, 'revoked'>, validUntil: number | undefined, revokeAt: string | undefined): Notice {
  return {
    code: 'revocation_failed',
    message: `Signed out on this computer; the provider did not end the session there (${revocation}).`,
    revocation,
    ...(validUntil === undefined ? {} : { validUntil }),
    ...(revokeAt === undefined ? {} : { revokeAt }),
  };
}
