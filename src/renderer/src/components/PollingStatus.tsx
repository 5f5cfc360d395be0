import type { FlowState, Retrying } from '../../../shared/flow-state.ts';
import { secondsUntil } from '../format.ts';
import { useNow } from '../use-now.ts';

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

/**
 * The live status line. Its box has a fixed height so that switching between waiting, slowed
 * down and retrying never moves the code or the QR. Only the sentence is announced; the retry
 * countdown beside it is for the eye.
 */
export function PollingStatus({ state }: { readonly state: Awaiting }) {
  const now = useNow();
  const tone = state.retrying === undefined ? (state.slowedDown ? 'slow' : 'waiting') : 'retrying';
  return (
    <div className={`polling-status ${tone}`} data-tone={tone}>
      <span className="status-icon" aria-hidden="true" />
      <p>
        <span role="status" aria-live="polite">
          {pollingSentence(state)}
        </span>
        {state.retrying === undefined ? null : (
          <span className="retry-in" aria-hidden="true">
            {' '}
            Next try in {secondsUntil(state.retrying.nextAttemptAt, now)} s (attempt {state.retrying.attempt}).
          </span>
        )}
      </p>
    </div>
  );
}
