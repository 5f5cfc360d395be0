import type { FlowState, Retrying } from '../../shared/flow-state.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/** Why a poll is being retried, for Details: the status line itself only says "Reconnecting…". */
const retryingReasons: { readonly [Reason in Retrying['reason']]: string } = {
  network: "Can't reach the sign-in server.",
  timeout: 'The sign-in server is not answering.',
  server_error: 'The sign-in server had a problem.',
  rate_limited: 'The sign-in server is busy.',
};

/** What the app is doing while it waits for approval, in plain words. */
export function pollingSentence(state: Awaiting): string {
  if (state.retrying !== undefined) return 'Reconnecting…';
  if (state.slowedDown) return 'Still waiting for approval…';
  return 'Waiting for you to approve on your phone…';
}

/** The technical reason behind the status line, shown behind Details; none while all is well. */
export function pollingReason(state: Awaiting): string | undefined {
  if (state.retrying !== undefined) return `${retryingReasons[state.retrying.reason]} Retrying automatically.`;
  if (state.slowedDown) return `The server asked us to check less often (every ${state.interval} seconds).`;
  return undefined;
}
