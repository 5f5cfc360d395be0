import type * as oauth from 'oauth4webapi';
import type { FlowState } from '../../shared/flow-state.ts';
import type { ClientConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import { type DeviceAuthorization, requestDeviceAuthorization, shownCode } from '../protocol/device-authorization.ts';
import type { DPoPKey } from '../protocol/dpop.ts';
import { pollForTokens, type PollEvent } from '../protocol/poll.ts';
import type { FlowEvent } from './flow-state-holder.ts';
import type { ProviderAccess } from './provider-access.ts';

/** How many expired codes are replaced in place before the expired screen asks for a click. */
export const maxCodeRenewals = 3;

/** What showing a code and waiting for its approval needs from the sign-in that runs it. */
interface CodeStepsOptions {
  readonly config: ClientConfig;
  readonly provider: ProviderAccess;
  readonly log: Log;
  readonly maxBackoffMs?: number;
  /** The key the tokens will be bound to (RFC 9449), when the session is bound. */
  readonly dpop?: DPoPKey;
  /** Whether someone can see the code now (the window is shown): only then is an expired code renewed. */
  watched(): boolean;
  /** Sets the state, unless `signal` was aborted (the sign-in that owns it is over). */
  setFor(signal: AbortSignal, next: FlowState | ((previous: FlowState) => FlowState)): void;
  publish(event: FlowEvent): void;
}

/**
 * Shows a code and polls until it is approved (RFC 8628 §3.1-3.5). While someone is looking at it,
 * a code that expires is replaced in place, as a TV's activation screen does, at most
 * `maxCodeRenewals` times; after that, and whenever nobody is looking, expiry is final.
 */
export async function codeUntilApproved(
  signal: AbortSignal,
  options: CodeStepsOptions,
): Promise<{ as: oauth.AuthorizationServer; tokens: oauth.TokenEndpointResponse }> {
  for (let renewals = 0; ; renewals += 1) {
    const { as, authorization } = await showCode(signal, options);
    try {
      const tokens = await pollForTokens(as, authorization, options.provider.context(), {
        signal,
        ...(options.dpop === undefined ? {} : { dpop: options.dpop }),
        onEvent: (event) => {
          onPollEvent(signal, event, options);
        },
        ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      });
      return { as, tokens };
    } catch (error) {
      const expired = error instanceof SignInError && error.code === 'expired_token';
      if (!expired || !options.watched() || renewals >= maxCodeRenewals) throw error;
      options.log.info('code.renewed', { renewal: renewals + 1 });
    }
  }
}

/** Requests a code (RFC 8628 §3.1-3.2) and shows it; says so to whoever listens. */
async function showCode(
  signal: AbortSignal,
  options: CodeStepsOptions,
): Promise<{ as: oauth.AuthorizationServer; authorization: DeviceAuthorization }> {
  const as = await options.provider.metadata(signal);
  const authorization = await requestDeviceAuthorization(as, options.config, options.provider.context(), signal);
  options.log.secret(authorization.deviceCode);
  options.log.secret(authorization.userCode);
  options.log.info('code.issued', { interval: authorization.interval, expiresAt: new Date(authorization.expiresAt).toISOString() });
  const code = shownCode(authorization);
  options.setFor(signal, { status: 'awaiting_user', ...code, slowedDown: false });
  if (!signal.aborted) options.publish({ type: 'code', ...code });
  return { as, authorization };
}

function onPollEvent(signal: AbortSignal, event: PollEvent, options: CodeStepsOptions): void {
  if (event.type === 'slow_down') options.log.info('poll.slow_down', { interval: event.interval });
  if (event.type === 'retry') options.log.warn('poll.retry', { reason: event.reason, attempt: event.attempt, delayMs: event.delayMs });
  options.setFor(signal, (previous) => withPollEvent(previous, event));
  if (!signal.aborted) options.publish(event);
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
