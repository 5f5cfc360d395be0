import type { FlowState, RevocationOutcome } from '../../shared/flow-state.ts';
import { type Clock, systemClock } from '../clock.ts';
import { isCancelled, SignInError, throwIfCancelled } from '../errors.ts';
import { type Log, silentLog } from '../log.ts';
import { boundedFetch } from '../protocol/http.ts';
import { completeSignIn, type Session, toTokenSet } from '../protocol/session.ts';
import { processOnlyRefreshLock } from '../vault/refresh-lock.ts';
import { RecordKeeper } from '../vault/record-keeper.ts';
import { codeUntilApproved } from './code-until-approved.ts';
import { describeFailure, stateForFailure, storageUnavailableError } from './flow-failures.ts';
import { createFlowStateHolder, type FlowEvent, type FlowStateHolder } from './flow-state-holder.ts';
import { type AccountSessions, createAccountSessions, type SharedSessionDependencies } from './account-sessions.ts';
import { type AuthorizedFetch, createAuthorizedFetch } from './authorized-fetch.ts';
import { createFlowAccounts, type FlowAccounts } from './flow-accounts.ts';
import { createKeptSession, type KeptSession } from './kept-session.ts';
import { createProviderAccess, type ProviderAccess } from './provider-access.ts';
import { dpopModeOf, keyForTokens, newSessionKey } from './session-binding.ts';
import { revokeAbandoned } from './session-revocation.ts';
import type { SignInFlowOptions } from './sign-in-flow-options.ts';

export type { FlowEvent } from './flow-state-holder.ts';

/**
 * The device sign-in as a small state machine a UI can render:
 * idle → requesting → awaiting_user → signed_in | expired | denied | error, plus restoring at
 * start-up and signing_out. Front ends call its methods and render whatever state they are
 * handed; the tokens stay here.
 */
export interface SignInFlow {
  getState(): FlowState;
  subscribe(listener: (state: FlowState) => void): () => void;
  /** What happens during a sign-in (the code, each poll's answer), as it happens. */
  onEvent(listener: (event: FlowEvent) => void): () => void;
  /**
   * Opens the stored session, if any, without showing a code; refreshes an expired one unless
   * `refresh` is false (for a command that only reports or revokes it).
   */
  restore(options?: { readonly refresh?: boolean }): Promise<void>;
  /**
   * Begins a sign-in, or restarts with a new code, cancelling any sign-in under way.
   * `sessionOnly` keeps the tokens in memory only: the explicit choice when storage is unprotected.
   */
  start(options?: { readonly sessionOnly?: boolean }): Promise<void>;
  /**
   * Whether someone can see the code now (the window is shown and not minimised). While they
   * can, an expired code is replaced by a new one in place, up to `maxCodeRenewals` times.
   */
  watching(visible: boolean): void;
  /** Back to idle, or to the account still signed in; nothing more is sent for the cancelled sign-in. */
  cancel(): void;
  /** Wipes local data, then asks the provider to revoke the tokens (RFC 7009); says what it did. */
  signOut(): Promise<RevocationOutcome>;
  /**
   * A valid access token for the rest of the app, refreshed when it has expired or is about to.
   * Concurrent callers share one refresh request. Throws `not_signed_in` when there is no session.
   */
  getAccessToken(): Promise<string>;
  /**
   * A token other than `refused`, which a tool was told an API refused: refreshed once while the
   * session still has it (without a refresh token there is nothing better to give).
   */
  renewAccessToken(refused: string): Promise<string>;
  /**
   * One authorized request to an API with the session's token (or, with `init.account`, another
   * kept account's), and a fresh DPoP proof when the session is bound (src/core/flow/authorized-fetch.ts):
   * for the main process and the CLI only.
   */
  readonly authorizedFetch: AuthorizedFetch;
  /** The accounts kept side by side: listed, switched, signed out one at a time or all. */
  readonly accounts: FlowAccounts;
  /** The session with its tokens, for the main process only; never handed to a front end. */
  getSession(): Session | undefined;
  /** Stops timers; for shutting the app down. */
  dispose(): void;
}

export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  return new DeviceSignInFlow(options);
}

/** A class so that each step of the sign-in is its own short method. */
class DeviceSignInFlow implements SignInFlow {
  readonly #options: SignInFlowOptions;
  readonly #clock: Clock;
  readonly #log: Log;
  readonly #state: FlowStateHolder;
  readonly #provider: ProviderAccess;
  readonly #kept: KeptSession;
  readonly #sessions: AccountSessions;
  readonly authorizedFetch: AuthorizedFetch;
  readonly accounts: FlowAccounts;
  #current: AbortController | undefined;
  #watched = false;

  constructor(options: SignInFlowOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? silentLog;
    const fetch = boundedFetch({
      fetch: options.fetch,
      clock: this.#clock,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    });
    this.#state = createFlowStateHolder(
      options.storageUnavailable === undefined
        ? { status: 'idle' }
        : { status: 'idle', notice: { code: 'storage_unavailable', storage: options.storageUnavailable } },
    );
    this.#provider = createProviderAccess(options.config, fetch, this.#clock);
    const refreshLock = options.refreshLock ?? processOnlyRefreshLock;
    const keeper = options.keeper ?? (options.vault === undefined ? undefined : new RecordKeeper(options.vault, refreshLock));
    const shared: SharedSessionDependencies = {
      config: options.config,
      provider: this.#provider,
      clock: this.#clock,
      log: this.#log,
      keeper,
      storageUnavailable: options.storageUnavailable !== undefined,
      refreshLock,
      refreshOncePerRun: options.refreshOncePerRun ?? false,
      multipleAccounts: options.multipleAccounts ?? true,
    };
    const proactiveRefresh = options.proactiveRefresh ?? true;
    this.#kept = createKeptSession({ ...shared, state: this.#state, proactiveRefresh, account: options.account });
    this.#sessions = createAccountSessions(this.#kept, shared);
    const cancel = (): void => {
      this.cancel();
    };
    this.accounts = createFlowAccounts({ ...shared, kept: this.#kept, cancel });
    this.authorizedFetch = createAuthorizedFetch({
      config: options.config,
      context: () => this.#provider.context(),
      sessionOf: (account) => this.#sessions.of(account),
    });
  }

  getState(): FlowState {
    return this.#state.get();
  }

  subscribe(listener: (state: FlowState) => void): () => void {
    return this.#state.subscribe(listener);
  }

  onEvent(listener: (event: FlowEvent) => void): () => void {
    return this.#state.onEvent(listener);
  }

  restore(options?: { readonly refresh?: boolean }): Promise<void> {
    return this.#kept.restore(options);
  }

  async start(options: { readonly sessionOnly?: boolean } = {}): Promise<void> {
    this.#current?.abort();
    const controller = new AbortController();
    this.#current = controller;
    this.#state.set({ status: 'requesting' });
    this.#log.info('sign_in.start', { issuer: this.#options.config.issuer, sessionOnly: options.sessionOnly === true });
    try {
      await this.#run(controller.signal, options.sessionOnly === true);
    } catch (error) {
      if (isCancelled(error) || controller.signal.aborted) {
        this.#log.info('sign_in.cancelled');
        return;
      }
      this.#log.warn('sign_in.failed', describeFailure(error));
      this.#setFor(controller.signal, stateForFailure(error));
    }
  }

  watching(visible: boolean): void {
    this.#watched = visible;
  }

  cancel(): void {
    this.#current?.abort();
    this.#current = undefined;
    const status = this.#state.get().status;
    // A sign-in begun while signed in (adding an account) goes back to the account still signed in.
    if ((status === 'requesting' || status === 'awaiting_user') && !this.#kept.resume()) this.#state.set({ status: 'idle' });
  }

  signOut(): Promise<RevocationOutcome> {
    this.#current?.abort();
    this.#current = undefined;
    return this.#kept.signOut();
  }

  getAccessToken(): Promise<string> {
    return this.#kept.getAccessToken();
  }

  async renewAccessToken(refused: string): Promise<string> {
    const session = this.#kept.current();
    if (session === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
    if (session.tokens.accessToken !== refused || session.tokens.refreshToken === undefined) return this.getAccessToken();
    const renewed = await this.#kept.renewAfterRejection(session);
    if (renewed === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
    return renewed.tokens.accessToken;
  }

  getSession(): Session | undefined {
    return this.#kept.current();
  }

  dispose(): void {
    this.#current?.abort();
    this.#kept.dispose();
    this.#sessions.dispose();
  }

  /** Only the sign-in that owns `signal` may still change the state. */
  #setFor(signal: AbortSignal, next: FlowState | ((previous: FlowState) => FlowState)): void {
    if (signal.aborted) return;
    this.#state.set(typeof next === 'function' ? next(this.#state.get()) : next);
  }

  async #run(signal: AbortSignal, sessionOnly: boolean): Promise<void> {
    const options = this.#options;
    if (options.storageUnavailable !== undefined && !sessionOnly) {
      throw storageUnavailableError(options.storageUnavailable);
    }
    const ctx = this.#provider.context();
    const mode = dpopModeOf(options.config);
    const key = await newSessionKey(mode, await this.#provider.metadata(signal), ctx);
    const { as, tokens } = await codeUntilApproved(signal, {
      config: options.config,
      provider: this.#provider,
      log: this.#log,
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      ...(key === undefined ? {} : { dpop: key }),
      watched: () => this.#watched,
      setFor: (owner, next) => {
        this.#setFor(owner, next);
      },
      publish: (event) => {
        this.#state.publish(event);
      },
    });
    let newSession: Session;
    try {
      // Registered before anything else could log them.
      this.#kept.registerSecrets(toTokenSet(tokens, this.#clock.now()));
      newSession = await completeSignIn(as, tokens, ctx, signal, keyForTokens(tokens, key, mode));
      throwIfCancelled(signal);
    } catch (error) {
      // Approved, then abandoned (a check failed, or a cancel): nothing may stay live that nobody holds.
      await revokeAbandoned(this.#provider, tokens, this.#log);
      throw error;
    }
    const { sub, hardware_verified: hardwareVerified } = newSession.profile;
    this.#log.info('signed_in', { issuer: options.config.issuer, sub, hardwareVerified, deviceBound: newSession.key !== undefined });
    await this.#kept.keep(newSession, sessionOnly, () => !signal.aborted);
    throwIfCancelled(signal);
  }
}
