import type { FlowState } from '../../../shared/flow-state.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { HelpDesk } from '../components/HelpDesk.tsx';
import { StatusMark } from '../components/StatusMark.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { errorClasses, errorHeadings, errorSentences } from '../error-messages.ts';

type Failure = Extract<FlowState, { status: 'error' }>;

/**
 * A failure with the way out that fits it: another try, the session-only choice where tokens
 * cannot be kept, or, for what only whoever set the app up can fix, the help desk and the
 * details to send them instead of a "Try again" that cannot work.
 */
export function ErrorView(props: {
  readonly state: Failure;
  readonly onRetry: () => void;
  readonly onSignInSessionOnly: () => void;
  readonly onCopyDetails: () => Promise<boolean>;
}) {
  const { state } = props;
  const kind = errorClasses[state.code];
  return (
    <section className="view error" data-error-class={kind}>
      <ViewHeading mark={<StatusMark tone={kind === 'retry' ? 'error' : kind} />}>{errorHeadings[state.code]}</ViewHeading>
      <p className="error-sentence">{errorSentences[state.code]}</p>
      {kind === 'admin' ? (
        <>
          <p>Trying again won't help: whoever manages this app for your organization has to fix it.</p>
          {/* Main copies its own record of the error (code, message, time, version, issuer) for a ticket. */}
          <CopyButton
            label="Copy details"
            copiedLabel="Details copied"
            announcement="Details copied to the clipboard"
            className="primary"
            onCopy={props.onCopyDetails}
          />
          <HelpDesk className="help-desk" />
        </>
      ) : state.code === 'storage_unavailable' ? (
        <button type="button" className="primary" onClick={props.onSignInSessionOnly}>
          Stay signed in for this session only
        </button>
      ) : (
        <button type="button" className="primary" onClick={props.onRetry}>
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
