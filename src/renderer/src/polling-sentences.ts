import type { FlowState, Retrying } from '../../shared/flow-state.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

const retryingSentences: { readonly [Reason in Retrying['reason']]: string } = {
  network: "Can't reach the sign-in server. Retrying automatically.",
  timeout: 'The sign-in server is not answering. Retrying automatically.',
  server_error: 'The sign-in server had a problem. Retrying automatically.',
  rate_limited: 'The sign-in server is busy. Retrying automatically.',
};

/** What the app is doing while it waits for approval, as one sentence. */
export function pollingSentence(state: Awaiting): string {
  if (state.retrying !== undefined) return retryingSentences[state.retrying.reason];
  if (state.slowedDown) return `Waiting for approval. The server asked us to check less often (every ${state.interval} seconds).`;
  return 'Waiting for you to approve on your phone…';
}
