import type { FlowState, Profile } from '../shared/flow-state.ts';
import type { LoginEvent } from './output.ts';

type AwaitingUser = Extract<FlowState, { status: 'awaiting_user' }>;

/**
 * Turns one change of the flow's state while the user is away approving into the event a
 * script sees. The first `awaiting_user` is the code; after that every update is one poll
 * answer: a longer interval means `slow_down` (RFC 8628 §3.5), `retrying` means the poll
 * failed and is retried after a delay, anything else is `authorization_pending`.
 */
export function pollEventFor(previous: FlowState, next: FlowState, now: number): LoginEvent | undefined {
  if (next.status !== 'awaiting_user') return undefined;
  if (previous.status !== 'awaiting_user' || previous.userCode !== next.userCode) return codeEvent(next);
  if (next.interval > previous.interval) return { type: 'slow_down', interval: next.interval };
  if (next.retrying !== undefined) {
    return { type: 'retry', delay: Math.max(0, Math.ceil((next.retrying.nextAttemptAt - now) / 1000)), reason: next.retrying.reason };
  }
  return { type: 'pending' };
}

export function codeEvent(state: AwaitingUser): LoginEvent {
  return {
    type: 'code',
    user_code: state.userCode,
    verification_uri: state.verificationUri,
    ...(state.verificationUriComplete === undefined ? {} : { verification_uri_complete: state.verificationUriComplete }),
    expires_at: new Date(state.expiresAt).toISOString(),
    interval: state.interval,
  };
}

export function signedInEvent(profile: Profile): LoginEvent {
  return {
    type: 'signed_in',
    sub: profile.sub,
    ...(profile.name === undefined ? {} : { name: profile.name }),
    ...(profile.email === undefined ? {} : { email: profile.email }),
  };
}
