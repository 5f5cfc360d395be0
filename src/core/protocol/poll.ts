import * as oauth from 'oauth4webapi';
import type { Retrying } from '../../shared/flow-state.ts';
import { clientForResponse, type ProtocolContext, requestOptions } from './context.ts';
import type { DeviceAuthorization } from './device-authorization.ts';
import type { DPoPKey } from './dpop.ts';
import { CancelledError, SignInError, throwIfCancelled } from '../errors.ts';
import { NetworkError } from './http.ts';
import { issuerMismatch, toSignInError } from './oauth-errors.ts';

/** What happened on a poll that did not end the flow, for a UI to show live. */
export type PollEvent =
  | { readonly type: 'pending' }
  | { readonly type: 'slow_down'; readonly interval: number }
  | ({ readonly type: 'retry'; readonly delayMs: number } & Retrying);

export interface PollOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: PollEvent) => void;
  /** Longest wait between retries after failures (never shorter than the interval). */
  readonly maxBackoffMs?: number;
  /** Consecutive failures after which we stop, even before the code expires. */
  readonly maxConsecutiveFailures?: number;
  /** The sign-in's key when the tokens are to be bound to it (RFC 9449 §5): every poll carries a proof. */
  readonly dpop?: DPoPKey;
}

/** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
export const slowDownIncrement = 5;
const defaultMaxBackoffMs = 60_000;
const defaultMaxConsecutiveFailures = 12;

type PollOutcome =
  | { readonly kind: 'tokens'; readonly tokens: oauth.TokenEndpointResponse }
  | { readonly kind: 'pending' }
  | { readonly kind: 'slow_down'; readonly serverInterval: number | undefined }
  | { readonly kind: 'retry'; readonly reason: Retrying['reason']; readonly error: SignInError };

/**
 * RFC 8628 §3.4-3.5: polls the token endpoint until the user approves, denies, or the code
 * expires. It never polls before the interval has passed since the previous answer arrived
 * (measuring from the answer, not the request, keeps us clear of a strict server's clock);
 * `slow_down` adds 5 s for this and every later poll; transport failures, timeouts and 5xx are
 * retried with a doubling delay until the code's deadline. Aborting the signal stops it, and no
 * request is sent after that.
 */
export async function pollForTokens(
  as: oauth.AuthorizationServer,
  authorization: DeviceAuthorization,
  context: ProtocolContext,
  options: PollOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const { clock } = context;
  const { signal } = options;
  const maxBackoffMs = options.maxBackoffMs ?? defaultMaxBackoffMs;
  const maxFailures = options.maxConsecutiveFailures ?? defaultMaxConsecutiveFailures;
  let interval = authorization.interval;
  let failures = 0;
  let nextPollAt = authorization.receivedAt + interval * 1000;

  for (;;) {
    throwIfCancelled(signal);
    if (nextPollAt >= authorization.expiresAt) {
      // The next poll would come too late: wait out the code's lifetime, then report it expired.
      await clock.sleep(authorization.expiresAt - clock.now(), signal);
      throw expired('The code expired before it was approved.');
    }
    await clock.sleep(nextPollAt - clock.now(), signal);
    throwIfCancelled(signal);

    const outcome = await pollAnsweringNonce(as, authorization, context, signal, options.dpop);
    const answeredAt = clock.now();
    switch (outcome.kind) {
      case 'tokens':
        return outcome.tokens;
      case 'pending':
        failures = 0;
        nextPollAt = answeredAt + interval * 1000;
        options.onEvent?.({ type: 'pending' });
        break;
      case 'slow_down':
        failures = 0;
        interval = Math.max(interval + slowDownIncrement, outcome.serverInterval ?? 0);
        nextPollAt = answeredAt + interval * 1000;
        options.onEvent?.({ type: 'slow_down', interval });
        break;
      case 'retry': {
        failures += 1;
        if (failures >= maxFailures) throw outcome.error;
        const delayMs = Math.max(interval * 1000, Math.min(interval * 1000 * 2 ** failures, maxBackoffMs));
        nextPollAt = answeredAt + delayMs;
        options.onEvent?.({ type: 'retry', reason: outcome.reason, attempt: failures, delayMs, nextAttemptAt: nextPollAt });
        break;
      }
    }
  }
}

/**
 * RFC 9449 §8: a `use_dpop_nonce` answer is repeated at once with the nonce it carried (the
 * handle keeps it), not after an interval: it said nothing about the code. A second challenge in
 * a row counts as a failed poll.
 */
async function pollAnsweringNonce(
  as: oauth.AuthorizationServer,
  authorization: DeviceAuthorization,
  context: ProtocolContext,
  signal: AbortSignal | undefined,
  dpop: DPoPKey | undefined,
): Promise<PollOutcome> {
  const first = await pollOnce(as, authorization, context, signal, dpop);
  if (first !== 'use_dpop_nonce') return first;
  throwIfCancelled(signal);
  const second = await pollOnce(as, authorization, context, signal, dpop);
  if (second !== 'use_dpop_nonce') return second;
  return {
    kind: 'retry',
    reason: 'server_error',
    error: new SignInError('server_error', 'The provider asked for a new DPoP nonce twice in a row.'),
  };
}

async function pollOnce(
  as: oauth.AuthorizationServer,
  authorization: DeviceAuthorization,
  context: ProtocolContext,
  signal: AbortSignal | undefined,
  dpop: DPoPKey | undefined,
): Promise<PollOutcome | 'use_dpop_nonce'> {
  let response: Response;
  try {
    response = await oauth.deviceCodeGrantRequest(
      as,
      context.client,
      context.clientAuth,
      authorization.deviceCode,
      requestOptions(context, signal, dpop?.handle),
    );
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    if (error instanceof NetworkError) return { kind: 'retry', reason: error.reason === 'timeout' ? 'timeout' : 'network', error };
    throw toSignInError(error, 'token request');
  }
  if (response.status >= 500 || response.status === 429) {
    const reason = response.status === 429 ? 'rate_limited' : 'server_error';
    return {
      kind: 'retry',
      reason,
      error: new SignInError('server_error', `The provider answered ${response.status} while we waited for approval.`),
    };
  }
  try {
    return { kind: 'tokens', tokens: await oauth.processDeviceCodeResponse(as, clientForResponse(context, response), response) };
  } catch (error) {
    if (dpop !== undefined && oauth.isDPoPNonceError(error)) return 'use_dpop_nonce';
    const mismatch = issuerMismatch(error, as);
    if (mismatch !== undefined) throw mismatch;
    if (error instanceof oauth.ResponseBodyError) {
      switch (error.error) {
        case 'authorization_pending':
          return { kind: 'pending' };
        case 'slow_down': {
          const serverInterval = error.cause.interval;
          return {
            kind: 'slow_down',
            serverInterval: typeof serverInterval === 'number' && Number.isFinite(serverInterval) ? serverInterval : undefined,
          };
        }
        case 'expired_token':
          throw expired('The provider says the code has expired.');
        case 'access_denied':
          throw toSignInError(error, 'sign-in');
        case 'temporarily_unavailable':
        case 'server_error':
          return { kind: 'retry', reason: 'server_error', error: toSignInError(error, 'token request') as SignInError };
      }
    }
    throw toSignInError(error, 'token request');
  }
}

function expired(message: string): SignInError {
  return new SignInError('expired_token', message);
}
