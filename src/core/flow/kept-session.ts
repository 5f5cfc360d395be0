import type { Notice, Persistence, RevocationOutcome } from '../../shared/flow-state.ts';
import type { Clock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import { issuedEndpoints, type Session, type TokenSet } from '../protocol/session.ts';
import type { RefreshLock } from '../vault/refresh-lock.ts';
import type { AccountRef } from '../vault/kept-accounts.ts';
import type { RecordKeeper } from '../vault/record-keeper.ts';
import { belongsTo, isFresh, sameAccount, type SessionRecord, sameTokens } from '../vault/session-record.ts';
import type { FlowStateHolder } from './flow-state-holder.ts';
import { forgetIfUnchanged, keepSignIn, readKeptRecord, replacedGrants, wipeAccount } from './kept-record.ts';
import type { ProviderAccess } from './provider-access.ts';
import { scheduleBackgroundRefresh } from './refresh-schedule.ts';
import { keyUnusableNotice, openRecord, sessionRecord } from './session-binding.ts';
import { createSessionRefresh, type RefreshOutcome } from './session-refresh.ts';
import { notRevokedNotice, revokeEnded, revokeHelp, revokeReplaced, revokeSession } from './session-revocation.ts';

/**
 * The session after sign-in: kept in its record (src/core/vault/session-record.ts), opened again
 * at start-up, refreshed before it expires (one refresh at a time, however many callers), and
 * ended by sign-out. It sets the flow's `restoring`, `signed_in`, `signing_out` and signed-out
 * states; the sign-in itself is sign-in-flow.ts's.
 */
export interface KeptSession {
  restore(options?: { readonly refresh?: boolean }): Promise<void>;
  /** Keeps a new sign-in: written to the vault unless session-only, then signed in. */
  keep(value: Session, sessionOnly: boolean, stillWanted: () => boolean): Promise<void>;
  signOut(): Promise<RevocationOutcome>;
  /** Shows the session held here as signed in again (a sign-in begun to add an account was cancelled); false without one. */
  resume(): boolean;
  getAccessToken(): Promise<string>;
  /** The session with a token that is not about to expire, refreshed first if it is. */
  freshSession(): Promise<Session>;
  /**
   * After a resource server refused `rejected`'s access token as invalid: the session refreshed
   * once, already newer, or nothing when it is another account's now.
   */
  renewAfterRejection(rejected: Session): Promise<Session | undefined>;
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
  /** The record and its vault; without one, sessions live in memory only. */
  readonly keeper: RecordKeeper | undefined;
  /** Set when nothing may be written: restore then opens nothing. */
  readonly storageUnavailable: boolean;
  readonly proactiveRefresh: boolean;
  readonly refreshLock: RefreshLock;
  readonly refreshOncePerRun: boolean;
  /** Several accounts side by side (policy `multipleAccounts`); false: a sign-in replaces the kept one and ends it. */
  readonly multipleAccounts: boolean;
  /** The account this session is (`--account`); the vault's current one when absent. */
  readonly account?: AccountRef | undefined;
}

const sessionEndedNotice: Notice = { code: 'session_ended' };

export function createKeptSession(deps: KeptSessionDependencies): KeptSession {
  return new SessionKeeper(deps);
}

/** A class so that each step is its own short method over the one mutable session. */
class SessionKeeper implements KeptSession {
  readonly #deps: KeptSessionDependencies;
  #session: Session | undefined;
  #persistence: Persistence = 'session_only';
  #refreshTimer: AbortController | undefined;
  #refreshing: Promise<Session> | undefined;
  readonly #refresh: (before: Session) => Promise<RefreshOutcome>;

  constructor(deps: KeptSessionDependencies) {
    this.#deps = deps;
    this.#refresh = createSessionRefresh({
      provider: deps.provider,
      log: deps.log,
      target: deps.config,
      keeper: deps.keeper,
      lock: deps.refreshLock,
      oncePerRun: deps.refreshOncePerRun,
      now: () => deps.clock.now(),
      registerSecrets: (session) => {
        this.registerSecrets(session.tokens);
      },
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
    if (this.#deps.keeper === undefined || this.#deps.storageUnavailable) return;
    this.#deps.state.set({ status: 'restoring' });
    const saved = await readKeptRecord(this.#deps.keeper, this.#deps.config, this.#deps.log, this.#deps.account);
    if (saved === undefined || !('version' in saved)) {
      this.#deps.state.set(saved === undefined ? { status: 'idle' } : { status: 'idle', notice: saved });
      return;
    }
    this.#persistence = 'stored';
    this.registerSecrets(saved.tokens);
    const opened = await openRecord(saved, () => this.#deps.provider.context()).catch(() => undefined);
    // Its tokens are useless without the key: signed out, never carried on as bearer tokens.
    if (opened === undefined) return this.#endLocally(keyUnusableNotice, saved);
    this.#deps.log.info('session.restored', { sub: saved.profile.sub, deviceBound: opened.key !== undefined });
    this.#session = opened;
    if (isFresh(opened.tokens, this.#deps.clock.now()) || options.refresh === false) {
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
    const keeper = this.#deps.keeper;
    this.#persistence = sessionOnly || keeper === undefined ? 'session_only' : 'stored';
    const kept: Session = { ...value, endpoints: value.endpoints ?? issuedEndpoints(await this.#deps.provider.metadata()) };
    const before = this.#session;
    let replaced: readonly SessionRecord[] = [];
    if (this.#persistence === 'stored' && keeper !== undefined) {
      try {
        replaced = await keepSignIn(keeper, sessionRecord(this.#deps.config, kept), this.#deps.multipleAccounts);
      } catch {
        // A vault that fails leaves the session in memory, and says so.
        this.#persistence = 'session_only';
      }
    }
    // The grants this sign-in replaces are ended, as sign-out ends them: nothing is left live that
    // nobody holds. Another account signed in before stays signed in, unless one account is kept at a time.
    const grants = replacedGrants(replaced, before, kept, this.#deps.config, this.#deps.multipleAccounts);
    await revokeReplaced(this.#deps.provider, grants, this.#deps.log, (event) => {
      this.#deps.state.publish(event);
    });
    // A cancel while the vault was writing wins; the written session is restored next start.
    if (stillWanted()) this.#becomeSignedIn(kept);
  }

  async signOut(): Promise<RevocationOutcome> {
    this.#refreshTimer?.abort();
    const ending = this.#session;
    this.#session = undefined;
    this.#deps.state.set({ status: 'signing_out' });
    // Wiped first, under the lock, revoked after: quitting during a slow or offline revocation
    // must not leave the session on disk to come back at the next start.
    const wiped = await wipeAccount(this.#deps.keeper, ending?.profile ?? this.#deps.account);
    const newest = wiped !== undefined && belongsTo(wiped, this.#deps.config) ? wiped : undefined;
    const { revocation: revoked, expiresAt } = await revokeEnded(this.#deps.provider, ending, newest, this.#deps.log);
    this.#deps.log.info('signed_out', { revocation: revoked });
    const help = revokeHelp(this.#deps.provider, this.#deps.config, revoked);
    const notice = revoked === 'revoked' ? undefined : notRevokedNotice(revoked, expiresAt, help);
    this.#deps.state.set(notice === undefined ? { status: 'idle' } : { status: 'idle', notice });
    return revoked;
  }

  resume(): boolean {
    if (this.#session === undefined) return false;
    this.#becomeSignedIn(this.#session);
    return true;
  }

  async getAccessToken(): Promise<string> {
    return (await this.freshSession()).tokens.accessToken;
  }

  async freshSession(): Promise<Session> {
    const value = this.#session;
    if (value === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
    return isFresh(value.tokens, this.#deps.clock.now()) ? value : this.#refreshSession();
  }

  async renewAfterRejection(rejected: Session): Promise<Session | undefined> {
    const value = this.#session;
    if (value === undefined || !sameAccount(value.profile, rejected.profile)) return undefined;
    return sameTokens(value.tokens, rejected.tokens) ? this.#refreshSession() : value;
  }

  dispose(): void {
    this.#refreshTimer?.abort();
  }

  /** Signed in as `value`; a refresh that lands while another account's code is shown keeps it without taking the screen. */
  #becomeSignedIn(value: Session, by: 'sign-in' | 'refresh' = 'sign-in'): void {
    this.registerSecrets(value.tokens);
    this.#session = value;
    const deviceBound = value.key !== undefined;
    const { status } = this.#deps.state.get();
    const addingAnother = by === 'refresh' && (status === 'requesting' || status === 'awaiting_user');
    if (!addingAnother) this.#deps.state.set({ status: 'signed_in', profile: value.profile, persistence: this.#persistence, deviceBound });
    this.#scheduleRefresh();
  }

  /** Signs out here only; the record is deleted only while it is still `record` (never a sign-in another process just wrote). */
  async #endLocally(notice: Notice, record?: SessionRecord): Promise<void> {
    this.#deps.log.warn('session.ended', { reason: notice.code });
    this.#session = undefined;
    this.#refreshTimer?.abort();
    if (record !== undefined && this.#deps.keeper !== undefined) await forgetIfUnchanged(this.#deps.keeper, record);
    this.#deps.state.set({ status: 'idle', notice });
  }

  #scheduleRefresh(): void {
    this.#refreshTimer?.abort();
    const expiresAt = this.#session?.tokens.expiresAt;
    if (!this.#deps.proactiveRefresh || expiresAt === undefined || this.#session?.tokens.refreshToken === undefined) return;
    // Offline or the provider down: the session is kept and the refresh tried again shortly.
    const stillSignedIn = (): boolean => this.#session !== undefined;
    this.#refreshTimer = scheduleBackgroundRefresh(this.#deps.clock, expiresAt, () => this.#refreshSession(), stillSignedIn);
  }

  /** One refresh at a time: callers that arrive while one is under way share its result. */
  #refreshSession(): Promise<Session> {
    this.#refreshing ??= (async () => {
      try {
        const before = this.#session;
        if (before === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
        const outcome = await this.#refresh(before);
        if (outcome.kind === 'failed') throw outcome.error;
        if (outcome.kind === 'ended') {
          // The record is already gone (deleted by the refusal, or by whoever signed out).
          if (this.current() === before) await this.#endLocally(sessionEndedNotice);
          throw new SignInError('session_ended', outcome.why === 'refused' ? 'The refresh token was refused.' : 'The record was replaced.');
        }
        if (this.current() !== before) {
          // Signed out here during the refresh: a kept record was wiped (and its tokens revoked)
          // by the sign-out, which waited for this refresh; a session-only one's are revoked now.
          if (this.#persistence === 'session_only') await revokeSession(this.#deps.provider, outcome.session, this.#deps.log);
          throw new SignInError('not_signed_in', 'Signed out during the refresh.');
        }
        this.#becomeSignedIn(outcome.session, 'refresh');
        return outcome.session;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }
}
