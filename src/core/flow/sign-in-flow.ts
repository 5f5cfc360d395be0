import type * as oauth from 'oauth4webapi';
import type { FlowState, RevocationOutcome } from '../../shared/flow-state.ts';
import { type Clock, systemClock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import { isCancelled, SignInError, throwIfCancelled } from '../errors.ts';
import { type Log, silentLog } from '../log.ts';
import { type DeviceAuthorization, requestDeviceAuthorization, shownCode } from '../protocol/device-authorization.ts';
import { boundedFetch, type Fetch } from '../protocol/http.ts';
import { pollForTokens, type PollEvent } from '../protocol/poll.ts';
import type { DPoPKey } from '../protocol/dpop.ts';
import { completeSignIn, type Session, toTokenSet } from '../protocol/session.ts';
import { processOnlyRefreshLock, type RefreshLock } from '../vault/refresh-lock.ts';
import { RecordKeeper } from '../vault/session-record.ts';
import type { TokenVault } from '../vault/session-record.ts';
import type { NoVaultReason } from '../vault/vault-choice.ts';
import { describeFailure, stateForFailure } from './flow-failures.ts';
import { createFlowStateHolder, type FlowEvent, type FlowStateHolder } from './flow-state-holder.ts';
import { type AuthorizedFetch, createAuthorizedFetch } from './authorized-fetch.ts';
import { createKeptSession, type KeptSession } from './kept-session.ts';
import { createProviderAccess, type ProviderAccess } from './provider-access.ts';
import { dpopModeOf, keyForTokens, newSessionKey } from './session-binding.ts';
import { revokeAbandoned } from './session-revocation.ts';

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
  /** Back to idle; nothing more is sent for the cancelled sign-in. */
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
   * One authorized request to an API with the session's token, and a fresh DPoP proof when the
   * session is bound (src/core/flow/authorized-fetch.ts): for the main process and the CLI only.
   */
  readonly authorizedFetch: AuthorizedFetch;
  /** The session with its tokens, for the main process only; never handed to a front end. */
  getSession(): Session | undefined;
  /** Stops timers; for shutting the app down. */
  dispose(): void;
}

export interface SignInFlowOptions {
  readonly config: ClientConfig;
  readonly fetch: Fetch;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly maxBackoffMs?: number;
  /** Where the session is kept between runs. Without one, sessions live in memory only. */
  readonly vault?: TokenVault;
  /**
   * The record in that vault, when the front end reads it before the flow too (the command
   * line's quick `token` path): one keeper per run, so the vault is read once. Wins over `vault`.
   */
  readonly keeper?: RecordKeeper;
  /**
   * Why no protected storage exists on this desktop, when none does. Then nothing is written,
   * and a sign-in needs the explicit `sessionOnly` choice.
   */
  readonly storageUnavailable?: NoVaultReason;
  /** Refresh in the background before expiry. The CLI, which exits, turns this off. Default true. */
  readonly proactiveRefresh?: boolean;
  /** Where steps and failures are written down; every token and code is registered as a secret first. */
  readonly log?: Log;
  /**
   * The lock other processes sharing the vault hold (the command line): around every write of the
   * record when the flow makes its keeper from `vault`, and in every case the memory of a refresh
   * that failed moments ago, so that the next run does not send the same refresh token again.
   */
  readonly refreshLock?: RefreshLock;
  /**
   * Send each refresh token at most once per run: after a refresh that failed without ending
   * the session (offline, a 5xx), later callers get that failure instead of a second request,
   * which a provider that rotates refresh tokens could take for reuse. For the command line;
   * the app, which runs for days, retries in the background instead.
   */
  readonly refreshOncePerRun?: boolean;
}

/** How many expired codes are replaced in place before the expired screen asks for a click. */
export const maxCodeRenewals = 3;

/** For logs and Details; the words a person reads are the front ends'. */
const storageUnavailableMessage: { readonly [Why in NoVaultReason]: string } = {
  session_only_policy: 'tokenStorage is "session-only": sign-ins are kept in memory only.',
  no_keyring: 'No protected storage (keychain, keyring) is available on this desktop.',
};

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
  readonly authorizedFetch: AuthorizedFetch;
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
    this.#kept = createKeptSession({
      config: options.config,
      provider: this.#provider,
      state: this.#state,
      clock: this.#clock,
      log: this.#log,
      keeper: options.keeper ?? (options.vault === undefined ? undefined : new RecordKeeper(options.vault, options.refreshLock ?? processOnlyRefreshLock)),
      storageUnavailable: options.storageUnavailable !== undefined,
      proactiveRefresh: options.proactiveRefresh ?? true,
      refreshLock: options.refreshLock ?? processOnlyRefreshLock,
      refreshOncePerRun: options.refreshOncePerRun ?? false,
    });
    this.authorizedFetch = createAuthorizedFetch({
      config: options.config,
      context: () => this.#provider.context(),
      freshSession: () => this.#kept.freshSession(),
      renewAfterRejection: (rejected) => this.#kept.renewAfterRejection(rejected),
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
    if (status === 'requesting' || status === 'awaiting_user') this.#state.set({ status: 'idle' });
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
  }

  /** Only the sign-in that owns `signal` may still change the state. */
  #setFor(signal: AbortSignal, next: FlowState | ((previous: FlowState) => FlowState)): void {
    if (signal.aborted) return;
    this.#state.set(typeof next === 'function' ? next(this.#state.get()) : next);
  }

  async #run(signal: AbortSignal, sessionOnly: boolean): Promise<void> {
    const options = this.#options;
    if (options.storageUnavailable !== undefined && !sessionOnly) {
      throw new SignInError('storage_unavailable', storageUnavailableMessage[options.storageUnavailable]);
    }
    const ctx = this.#provider.context();
    const mode = dpopModeOf(options.config);
    const key = await newSessionKey(mode, await this.#provider.metadata(signal), ctx);
    const { as, tokens } = await this.#codeUntilApproved(signal, key);
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

  /**
   * Shows a code and polls until it is approved. While someone is looking at it (the window is
   * visible), a code that expires is replaced in place, as a TV's activation screen does, at
   * most `maxCodeRenewals` times; after that, and whenever nobody is looking, expiry is final.
   */
  async #codeUntilApproved(signal: AbortSignal, dpop: DPoPKey | undefined): Promise<{ as: oauth.AuthorizationServer; tokens: oauth.TokenEndpointResponse }> {
    for (let renewals = 0; ; renewals += 1) {
      const { as, authorization } = await this.#showCode(signal);
      try {
        const tokens = await pollForTokens(as, authorization, this.#provider.context(), {
          signal,
          ...(dpop === undefined ? {} : { dpop }),
          onEvent: (event) => {
            this.#onPollEvent(signal, event);
          },
          ...(this.#options.maxBackoffMs === undefined ? {} : { maxBackoffMs: this.#options.maxBackoffMs }),
        });
        return { as, tokens };
      } catch (error) {
        const expired = error instanceof SignInError && error.code === 'expired_token';
        if (!expired || !this.#watched || renewals >= maxCodeRenewals) throw error;
        this.#log.info('code.renewed', { renewal: renewals + 1 });
      }
    }
  }

  /** Requests a code (RFC 8628 §3.1-3.2) and shows it; says so to whoever listens. */
  async #showCode(signal: AbortSignal): Promise<{ as: oauth.AuthorizationServer; authorization: DeviceAuthorization }> {
    const as = await this.#provider.metadata(signal);
    const authorization = await requestDeviceAuthorization(as, this.#options.config, this.#provider.context(), signal);
    this.#log.secret(authorization.deviceCode);
    this.#log.secret(authorization.userCode);
    this.#log.info('code.issued', { interval: authorization.interval, expiresAt: new Date(authorization.expiresAt).toISOString() });
    const code = shownCode(authorization);
    this.#setFor(signal, { status: 'awaiting_user', ...code, slowedDown: false });
    if (!signal.aborted) this.#state.publish({ type: 'code', ...code });
    return { as, authorization };
  }

  #onPollEvent(signal: AbortSignal, event: PollEvent): void {
    if (event.type === 'slow_down') this.#log.info('poll.slow_down', { interval: event.interval });
    if (event.type === 'retry') this.#log.warn('poll.retry', { reason: event.reason, attempt: event.attempt, delayMs: event.delayMs });
    this.#setFor(signal, (previous) => withPollEvent(previous, event));
    if (!signal.aborted) this.#state.publish(event);
  }
}

/** The waiting screen after one poll's answer (RFC 8628 §3.5): as it was, slowed down, or retrying. */
function withPollEvent(previous: FlowState, event: PollEvent): FlowState {
  if (previous.status !== 'awaiting_user') return previous;
  const { retrying: _, ...rest } = previous;
  switch (event.type) {
    case 'pending':
      return rest;
    case 'slow_down':
      return { ...rest, interval: event.interval, slowedDown: true };
    case 'retry':
      return { ...rest, retrying: { reason: event.reason, attempt: event.attempt, nextAttemptAt: event.nextAttemptAt } };
  }
}
