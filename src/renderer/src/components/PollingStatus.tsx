import type { FlowState } from '../../../shared/flow-state.ts';
import { secondsUntil } from '../format.ts';
import { pollingSentence } from '../polling-sentences.ts';
import { useNow } from '../use-now.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

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
