import type { FlowState } from '../../../shared/flow-state.ts';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { errorSentences } from '../error-messages.ts';

type Failure = Extract<FlowState, { status: 'error' }>;

export function ErrorView({
  state,
  onRetry,
  onSignInSessionOnly,
}: {
  readonly state: Failure;
  readonly onRetry: () => void;
  readonly onSignInSessionOnly: () => void;
}) {
  return (
    <section className="view error">
      <ViewHeading>Couldn't sign in</ViewHeading>
      <p>{errorSentences[state.code]}</p>
      {state.code === 'storage_unavailable' ? (
        <button type="button" className="primary" onClick={onSignInSessionOnly}>
          Stay signed in for this session only
        </button>
      ) : (
        <button type="button" className="primary" onClick={onRetry}>
          Try again
        </button>
      )}
      <details className="details">
        <summary>Details</summary>
        <dl>
          <dt>Code</dt>
          <dd>
            <code>{state.code}</code>
          </dd>
          <dt>Message</dt>
          <dd>{state.message}</dd>
        </dl>
      </details>
    </section>
  );
}
