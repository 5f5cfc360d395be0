import type * as oauth from 'oauth4webapi';
import type { ErrorCode, FlowState, Notice, Persistence, RevocationOutcome } from '../../shared/flow-state.ts';
import { type Clock, systemClock } from '../clock.ts';
import { type ClientConfig, validateConfig } from '../config.ts';
import { createProtocolContext, type ProtocolContext } from '../protocol/context.ts';
import { requestDeviceAuthorization } from '../protocol/device-authorization.ts';
import { discover } from '../protocol/discovery.ts';
import { isCancelled, SignInError, throwIfCancelled } from '../errors.ts';
import { boundedFetch, type Fetch } from '../protocol/http.ts';
import { pollForTokens, type PollEvent } from '../protocol/poll.ts';
import { refreshTokens } from '../protocol/refresh.ts';
import { revokeTokens } from '../protocol/revocation.ts';
import { processOnlyRefreshLock, type RefreshLock } from '../vault/refresh-lock.ts';
import { completeSignIn, type Session, toTokenSet } from '../protocol/session.ts';
import type { StoredSession, TokenVault } from '../vault/vault.ts';
import { type Log, silentLog } from '../log.ts';
import type { TokenSet } from '../protocol/session.ts';

/**
 * The device sign-in as a small state machine a UI can render:
 * idle → requesting → awaiting_user → signed_in | expired | denied | error, plus restoring at
 * start-up and signing_out. Front ends call its methods and render whatever state they are
 * handed; the tokens stay here.
 */
export interface SignInFlow {
  getState(): FlowState;
  subscribe(listener: (state: FlowState) => void): () => void;
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
  /** Back to idle; nothing more is sent for the cancelled sign-in. */
  cancel(): void;
  /** Wipes local data, then asks the provider to revoke the tokens (RFC 7009); says what it did. */
  signOut(): Promise<RevocationOutcome>;
  /**
   * A valid access token for the rest of the app, refreshed when it has expired or is about to.
   * Concurrent callers share one refresh request. Throws `not_signed_in` when there is no session.
   */
  getAccessToken(): Promise<string>;
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
   * Why no protected storage exists on this desktop, when none does. Then nothing is written,
   * and a sign-in needs the explicit `sessionOnly` choice.
   */
  readonly storageUnavailable?: string;
  /** Refresh this long before the access token expires (at most half its lifetime). Default 60 s. */
  readonly refreshMarginMs?: number;
  /** Refresh in the background before expiry. The CLI, which exits, turns this off. Default true. */
  readonly proactiveRefresh?: boolean;
  /** Where steps and failures are written down; every token and code is registered as a secret first. */
  readonly log?: Log;
  /** Held around each refresh when other processes share the vault (the command line). */
  readonly refreshLock?: RefreshLock;
  /**
   * Send each refresh token at most once per run: after a refresh that failed without ending
   * the session (offline, a 5xx), later callers get that failure instead of a second request,
   * which a provider that rotates refresh tokens could take for reuse. For the command line;
   * the app, which runs for days, retries in the background instead.
   */
  readonly refreshOncePerRun?: boolean;
}

const defaultRefreshMarginMs = 60_000;
const minimumRefreshDelayMs = 5_000;
/** After a failed background refresh (offline), try again this much later. */
const backgroundRetryMs = 30_000;

export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  const clock = options.clock ?? systemClock;
  const fetch = boundedFetch({
    fetch: options.fetch,
    clock,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
  });
  const refreshMarginMs = options.refreshMarginMs ?? defaultRefreshMarginMs;
  const log = options.log ?? silentLog;

  function registerSecrets(tokens: TokenSet): void {
    log.secret(tokens.accessToken);
    log.secret(tokens.refreshToken);
    log.secret(tokens.idToken);
  }
  const listeners = new Set<(state: FlowState) => void>();
  let state: FlowState =
    options.storageUnavailable === undefined
      ? { status: 'idle' }
      : { status: 'idle', notice: { code: 'storage_unavailable', message: options.storageUnavailable } };
  let session: Session | undefined;
  let persistence: Persistence = 'session_only';
  let current: AbortController | undefined;
  let refreshTimer: AbortController | undefined;
  let refreshing: Promise<Session> | undefined;
  let failedRefresh: { readonly refreshToken: string; readonly code: ErrorCode } | undefined;
  const refreshLock = options.refreshLock ?? processOnlyRefreshLock;
  let metadata: oauth.AuthorizationServer | undefined;
  let checked: { readonly issuer: URL; readonly context: ProtocolContext } | undefined;

  /** Read through a function: the session can change while a request is awaited. */
  function currentSession(): Session | undefined {
    return session;
  }

  function set(next: FlowState): void {
    state = next;
    for (const listener of listeners) listener(next);
  }

  /** Only the sign-in that owns `signal` may still change the state. */
  function setFor(signal: AbortSignal, next: FlowState | ((previous: FlowState) => FlowState)): void {
    if (signal.aborted) return;
    set(typeof next === 'function' ? next(state) : next);
  }

  /** The configuration, checked once (a bad one throws on every use, so nothing is cached then). */
  function configured(): { readonly issuer: URL; readonly context: ProtocolContext } {
    if (checked === undefined) {
      const issuer = validateConfig(options.config);
      checked = { issuer, context: createProtocolContext(options.config, issuer, fetch, clock) };
    }
    return checked;
  }

  function protocolContext(): ProtocolContext {
    return configured().context;
  }

  async function serverMetadata(signal?: AbortSignal): Promise<oauth.AuthorizationServer> {
    // Metadata rarely changes; discovering once per app run keeps "Get a new code" fast.
    metadata ??= await discover(configured().issuer, protocolContext(), signal);
    return metadata;
  }

  function stored(value: Session): StoredSession {
    return { version: 1, issuer: options.config.issuer, clientId: options.config.clientId, profile: value.profile, tokens: value.tokens };
  }

  /** Writes the whole session in one piece; a vault that fails leaves it in memory, and says so. */
  async function persist(value: Session): Promise<void> {
    if (persistence === 'session_only' || options.vault === undefined) return;
    try {
      await options.vault.save(stored(value));
    } catch {
      persistence = 'session_only';
    }
  }

  function becomeSignedIn(value: Session): void {
    registerSecrets(value.tokens);
    session = value;
    set({ status: 'signed_in', profile: value.profile, persistence });
    scheduleRefresh();
  }

  /**
   * Signs out on this computer only: for a session the provider has already ended. `wipe` is
   * false when the vault now holds another session, written by another process, to be left alone.
   */
  async function endLocally(notice: Notice, wipe = true): Promise<void> {
    log.warn('session.ended', { reason: notice.code });
    session = undefined;
    refreshTimer?.abort();
    if (wipe) await options.vault?.clear().catch(() => undefined);
    set({ status: 'idle', notice });
  }

  function scheduleRefresh(): void {
    refreshTimer?.abort();
    const expiresAt = session?.tokens.expiresAt;
    if (options.proactiveRefresh === false || expiresAt === undefined || session?.tokens.refreshToken === undefined) return;
    const timer = new AbortController();
    refreshTimer = timer;
    const remaining = expiresAt - clock.now();
    // Never sooner than a few seconds: a provider that hands out tokens that expire at once
    // (`expires_in: 0`) must not set off a refresh loop.
    const delay = Math.max(minimumRefreshDelayMs, remaining - Math.min(refreshMarginMs, remaining / 2));
    clock.sleep(delay, timer.signal).then(
      () =>
        refreshSession().catch(() => {
          // Offline or the provider is down: keep the session and try again shortly.
          if (!timer.signal.aborted && session !== undefined) {
            clock.sleep(backgroundRetryMs, timer.signal).then(scheduleRefresh, () => undefined);
          }
        }),
      () => undefined,
    );
  }

  /** One refresh at a time: callers that arrive while one is under way share its result. */
  function refreshSession(): Promise<Session> {
    refreshing ??= (async () => {
      try {
        const before = session;
        if (before === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
        const after = await refreshLock.hold(() => refreshHeld(before));
        if (currentSession() !== before) {
          await discardRefreshed(after);
          throw new SignInError('not_signed_in', 'Signed out during the refresh.');
        }
        becomeSignedIn(after);
        return after;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  /**
   * The refresh itself, while this process holds the refresh lock. Another process may have
   * refreshed (and rotated the refresh token) while this one waited: its tokens are in the
   * vault, and refreshing again with the old token would look like reuse to the provider.
   */
  async function refreshHeld(before: Session): Promise<Session> {
    const newer = await storedByAnotherProcess(before);
    if (newer !== undefined && isFresh(newer)) return newer;
    const from = newer ?? before;
    await refuseRepeatedRefresh(from.tokens.refreshToken);
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(await serverMetadata(), from.tokens, from.profile.sub, protocolContext());
      registerSecrets(tokens);
      log.info('refresh.ok', { rotated: tokens.refreshToken !== from.tokens.refreshToken });
    } catch (error) {
      log.warn('refresh.failed', describeFailure(error));
      if (error instanceof SignInError && error.code === 'session_ended') {
        if (currentSession() === before) await endLocally({ code: 'session_ended', message: 'Your session has ended. Sign in again to continue.' });
      } else if (error instanceof SignInError && from.tokens.refreshToken !== undefined) {
        await rememberFailedRefresh(from.tokens.refreshToken, error.code);
      }
      throw error;
    }
    const after = { profile: from.profile, tokens };
    // A sign-out during the request wins: nothing of the refreshed session is written.
    if (currentSession() === before) await persist(after);
    return after;
  }

  /** A refresh token whose refresh failed moments ago (in this run, or in another process) is not sent again. */
  async function refuseRepeatedRefresh(refreshToken: string | undefined): Promise<void> {
    if (refreshToken === undefined) return;
    const code = failedRefresh?.refreshToken === refreshToken ? failedRefresh.code : await refreshLock.recentFailure(refreshToken).catch(() => undefined);
    if (code !== undefined) throw new SignInError(code, 'The refresh failed moments ago; it is not tried again with the same token so soon.');
  }

  async function rememberFailedRefresh(refreshToken: string, code: ErrorCode): Promise<void> {
    if (options.refreshOncePerRun === true) failedRefresh = { refreshToken, code };
    await refreshLock.recordFailure(refreshToken, code).catch(() => undefined);
  }

  /** The vault's session when another process has stored newer tokens for the same user than `before`. */
  async function storedByAnotherProcess(before: Session): Promise<Session | undefined> {
    if (persistence !== 'stored' || options.vault === undefined) return undefined;
    let saved: StoredSession | undefined;
    try {
      saved = await options.vault.load();
    } catch {
      return undefined;
    }
    if (saved === undefined || saved.profile.sub !== before.profile.sub) {
      // Signed out (or signed in as someone else) by another process: this session is over.
      await endLocally({ code: 'session_ended', message: 'You were signed out elsewhere on this computer.' }, false);
      throw new SignInError('session_ended', 'The stored session was removed or replaced by another process.');
    }
    if (saved.tokens.accessToken === before.tokens.accessToken) return undefined;
    registerSecrets(saved.tokens);
    return { profile: saved.profile, tokens: saved.tokens };
  }

  /**
   * A refresh that finished after a sign-out (or a new sign-in): take back what it wrote and
   * revoke what it got, so that no live token outlives the sign-out (RFC 7009 §2).
   */
  async function discardRefreshed(refreshed: Session): Promise<void> {
    const now = currentSession();
    if (now === undefined) await options.vault?.clear().catch(() => undefined);
    else await persist(now);
    log.info('refresh.discarded');
    await revokeQuietly(refreshed.tokens);
  }

  async function revokeQuietly(tokens: TokenSet): Promise<RevocationOutcome> {
    let as: oauth.AuthorizationServer;
    try {
      as = await serverMetadata();
    } catch (error) {
      // Without the provider's metadata there is no revocation endpoint to call.
      return error instanceof SignInError && error.code === 'network' ? 'unreachable' : 'unsupported';
    }
    return revokeTokens(as, tokens, protocolContext());
  }

  function isFresh(value: Session): boolean {
    const expiresAt = value.tokens.expiresAt;
    if (expiresAt === undefined) return true;
    // A token about to expire would die on its way to the API: treat the last seconds as expired.
    return expiresAt - clock.now() > Math.min(5_000, refreshMarginMs);
  }

  async function run(signal: AbortSignal, sessionOnly: boolean): Promise<void> {
    if (options.storageUnavailable !== undefined && !sessionOnly) {
      throw new SignInError('storage_unavailable', options.storageUnavailable);
    }
    const as = await serverMetadata(signal);
    const ctx = protocolContext();
    const authorization = await requestDeviceAuthorization(as, options.config, ctx, signal);
    log.secret(authorization.deviceCode);
    log.secret(authorization.userCode);
    log.info('code.issued', { interval: authorization.interval, expiresAt: new Date(authorization.expiresAt).toISOString() });
    setFor(signal, {
      status: 'awaiting_user',
      userCode: authorization.userCode,
      verificationUri: authorization.verificationUri,
      ...(authorization.verificationUriComplete === undefined ? {} : { verificationUriComplete: authorization.verificationUriComplete }),
      expiresAt: authorization.expiresAt,
      interval: authorization.interval,
      slowedDown: false,
    });
    const tokens = await pollForTokens(as, authorization, ctx, {
      signal,
      onEvent: (event) => {
        if (event.type === 'slow_down') log.info('poll.slow_down', { interval: event.interval });
        if (event.type === 'retry') log.warn('poll.retry', { reason: event.reason, attempt: event.attempt, delayMs: event.delayMs });
        setFor(signal, (previous) => withPollEvent(previous, event));
      },
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    });
    // Registered before anything else could log them.
    registerSecrets(toTokenSet(tokens, clock.now()));
    const newSession = await completeSignIn(as, tokens, ctx, signal);
    throwIfCancelled(signal);
    log.info('signed_in', { issuer: options.config.issuer, sub: newSession.profile.sub, hardwareVerified: newSession.profile.hardware_verified });
    persistence = sessionOnly || options.vault === undefined ? 'session_only' : 'stored';
    await persist(newSession);
    // A cancel while the vault was writing wins; the written session is restored next start.
    throwIfCancelled(signal);
    becomeSignedIn(newSession);
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async restore(restoreOptions = {}) {
      const vault = options.vault;
      if (vault === undefined || options.storageUnavailable !== undefined) return;
      set({ status: 'restoring' });
      let saved: StoredSession | undefined;
      try {
        saved = await vault.load();
      } catch (error) {
        const damaged = error instanceof SignInError && error.code === 'storage_damaged';
        set({
          status: 'idle',
          notice: damaged
            ? { code: 'storage_damaged', message: 'Your saved sign-in was damaged and has been set aside. Please sign in again.' }
            : { code: 'storage_unavailable', message: 'Your saved sign-in could not be read from the system keyring. Please sign in again.' },
        });
        return;
      }
      if (saved === undefined) {
        set({ status: 'idle' });
        return;
      }
      if (saved.issuer !== options.config.issuer || saved.clientId !== options.config.clientId) {
        // The app now signs in somewhere else: the old session is of no use and should not linger.
        await vault.clear().catch(() => undefined);
        set({ status: 'idle' });
        return;
      }
      persistence = 'stored';
      registerSecrets(saved.tokens);
      log.info('session.restored', { sub: saved.profile.sub });
      session = { profile: saved.profile, tokens: saved.tokens };
      if (isFresh(session) || restoreOptions.refresh === false) {
        becomeSignedIn(session);
        return;
      }
      try {
        await refreshSession();
      } catch (error) {
        // Offline at start-up: the refresh token is still good, so the user is still signed in.
        const still = currentSession();
        if (still !== undefined) becomeSignedIn(still);
        else if (!(error instanceof SignInError && error.code === 'session_ended')) set({ status: 'idle' });
      }
    },
    async start(startOptions = {}) {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      set({ status: 'requesting' });
      log.info('sign_in.start', { issuer: options.config.issuer, sessionOnly: startOptions.sessionOnly === true });
      try {
        await run(controller.signal, startOptions.sessionOnly === true);
      } catch (error) {
        if (isCancelled(error) || controller.signal.aborted) {
          log.info('sign_in.cancelled');
          return;
        }
        log.warn('sign_in.failed', describeFailure(error));
        setFor(controller.signal, stateForFailure(error));
      }
    },
    cancel() {
      current?.abort();
      current = undefined;
      if (state.status === 'requesting' || state.status === 'awaiting_user') set({ status: 'idle' });
    },
    async signOut() {
      current?.abort();
      current = undefined;
      refreshTimer?.abort();
      const ending = session;
      session = undefined;
      set({ status: 'signing_out' });
      // Wiped first, revoked after from the copy in memory: quitting during a slow or offline
      // revocation must not leave the session on disk to come back at the next start.
      await options.vault?.clear().catch(() => undefined);
      // Nobody signed in: nothing of this app's is left live at the provider.
      const revoked: RevocationOutcome = ending === undefined ? 'revoked' : await revokeQuietly(ending.tokens);
      log.info('signed_out', { revocation: revoked });
      set(revoked === 'revoked' ? { status: 'idle' } : { status: 'idle', notice: notRevoked(revoked, ending?.tokens.expiresAt) });
      return revoked;
    },
    async getAccessToken() {
      const value = session;
      if (value === undefined) throw new SignInError('not_signed_in', 'Nobody is signed in.');
      if (isFresh(value)) return value.tokens.accessToken;
      return (await refreshSession()).tokens.accessToken;
    },
    getSession: () => session,
    dispose() {
      current?.abort();
      refreshTimer?.abort();
    },
  };
}

/** The notice after a sign-out the provider did not carry out: why, and until when the tokens stay valid. */
function notRevoked(revocation: Exclude<RevocationOutcome, 'revoked'>, validUntil: number | undefined): Notice {
  return {
    code: 'revocation_failed',
    message: `Signed out on this computer; the provider did not end the session there (${revocation}).`,
    revocation,
    ...(validUntil === undefined ? {} : { validUntil }),
  };
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof SignInError) return { code: error.code, message: error.message };
  return { code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

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

/** Expiry and denial are outcomes with their own screens; anything else is an error with a code. */
export function stateForFailure(error: unknown): FlowState {
  if (error instanceof SignInError) {
    if (error.code === 'expired_token') return { status: 'expired' };
    if (error.code === 'access_denied') {
      return { status: 'denied', ...(error.serverDescription === undefined ? {} : { description: error.serverDescription }) };
    }
    return { status: 'error', code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', code: 'invalid_response', message };
}
