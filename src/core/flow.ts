import type * as oauth from 'oauth4webapi';
import type { FlowState } from '../shared/flow-state.ts';
import { type Clock, systemClock } from './clock.ts';
import { type ClientConfig, validateConfig } from './config.ts';
import { createProtocolContext, type ProtocolContext } from './context.ts';
import { requestDeviceAuthorization } from './device-authorization.ts';
import { discover } from './discovery.ts';
import { isCancelled, SignInError } from './errors.ts';
import { boundedFetch, type Fetch } from './http.ts';
import { pollForTokens, type PollEvent } from './poll.ts';
import { completeSignIn, type Session } from './session.ts';

/**
 * The device sign-in as a small state machine a UI can render:
 * idle → requesting → awaiting_user → signed_in | expired | denied | error.
 * Front ends call start/cancel/signOut and render whatever state they are handed.
 */
export interface SignInFlow {
  getState(): FlowState;
  subscribe(listener: (state: FlowState) => void): () => void;
  /** Begins a sign-in, or restarts with a new code, cancelling any sign-in under way. */
  start(): Promise<void>;
  /** Back to idle; nothing more is sent for the cancelled sign-in. */
  cancel(): void;
  /** Forgets the session and returns to idle. */
  signOut(): Promise<void>;
  /** The session with its tokens, for the main process only; never handed to a front end. */
  getSession(): Session | undefined;
}

export interface SignInFlowOptions {
  readonly config: ClientConfig;
  readonly fetch: Fetch;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly maxBackoffMs?: number;
  /** Called with the new session before the state says signed in, e.g. to store it. */
  readonly onSignedIn?: (session: Session) => void | Promise<void>;
}

export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  const clock = options.clock ?? systemClock;
  const fetch = boundedFetch({
    fetch: options.fetch,
    clock,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
  });
  const listeners = new Set<(state: FlowState) => void>();
  let state: FlowState = { status: 'idle' };
  let session: Session | undefined;
  let current: AbortController | undefined;
  let metadata: oauth.AuthorizationServer | undefined;

  function set(next: FlowState): void {
    state = next;
    for (const listener of listeners) listener(next);
  }

  /** Only the sign-in that owns `signal` may still change the state. */
  function setFor(signal: AbortSignal, next: FlowState | ((previous: FlowState) => FlowState)): void {
    if (signal.aborted) return;
    set(typeof next === 'function' ? next(state) : next);
  }

  async function run(signal: AbortSignal): Promise<void> {
    const issuer = validateConfig(options.config);
    const context: ProtocolContext = createProtocolContext(options.config, issuer, fetch, clock);
    // Metadata rarely changes; discovering once per app run keeps "Get a new code" fast.
    metadata ??= await discover(issuer, context, signal);
    const as = metadata;
    const authorization = await requestDeviceAuthorization(as, options.config, context, signal);
    setFor(signal, {
      status: 'awaiting_user',
      userCode: authorization.userCode,
      verificationUri: authorization.verificationUri,
      ...(authorization.verificationUriComplete === undefined ? {} : { verificationUriComplete: authorization.verificationUriComplete }),
      expiresAt: authorization.expiresAt,
      interval: authorization.interval,
      slowedDown: false,
    });
    const tokens = await pollForTokens(as, authorization, context, {
      signal,
      onEvent: (event) => {
        setFor(signal, (previous) => withPollEvent(previous, event));
      },
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    });
    const newSession = await completeSignIn(as, tokens, context, signal);
    if (signal.aborted) return;
    await options.onSignedIn?.(newSession);
    session = newSession;
    setFor(signal, { status: 'signed_in', profile: newSession.profile });
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async start() {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      set({ status: 'requesting' });
      try {
        await run(controller.signal);
      } catch (error) {
        if (isCancelled(error) || controller.signal.aborted) return;
        setFor(controller.signal, stateForFailure(error));
      }
    },
    cancel() {
      current?.abort();
      current = undefined;
      if (state.status === 'requesting' || state.status === 'awaiting_user') set({ status: 'idle' });
    },
    signOut() {
      current?.abort();
      current = undefined;
      session = undefined;
      set({ status: 'idle' });
      return Promise.resolve();
    },
    getSession: () => session,
  };
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
