import type { FlowState } from '../../../shared/flow-state.ts';
import { secondsUntil } from '../format.ts';
import { pollingReason, pollingSentence } from '../polling-sentences.ts';
import { useNow } from '../use-now.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/**
 * The live status line: a few plain words, the technical reason behind Details. Its box keeps
 * one height at every tone, so that switching between waiting, slowed down and retrying never
 * moves the code or the QR. Only the sentence is announced.
 */
export function PollingStatus({ state }: { readonly state: Awaiting }) {
  const now = useNow();
  const tone = state.retrying === undefined ? (state.slowedDown ? 'slow' : 'waiting') : 'retrying';
  const reason = pollingReason(state);
  return (
    <div className={`polling-status ${tone}`} data-tone={tone}>
      <span className="status-icon" aria-hidden="true" />
      <span role="status" aria-live="polite">
        {pollingSentence(state)}
      </span>
      {reason === undefined ? null : (
        <details className="status-details">
          <summary>Details</summary>
          <p>
            {reason}
            {state.retrying === undefined ? null : (
              <span className="retry-in">
                {' '}
                Next try in {secondsUntil(state.retrying.nextAttemptAt, now)} s (attempt {state.retrying.attempt}).
              </span>
            )}
          </p>
        </details>
      )}
    </div>
  );
}
