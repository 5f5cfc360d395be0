import type { FlowState } from '../../../shared/flow-state.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { HelpDesk } from '../components/HelpDesk.tsx';
import { StatusMark } from '../components/StatusMark.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { errorClasses, errorHeading, errorSentence } from '../error-messages.ts';
import { useTranslate } from '../i18n.ts';

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
  /** "Check this computer": the report of what on this computer may stand in the way. */
  readonly onCheckComputer: () => void;
}) {
  const { state } = props;
  const t = useTranslate();
  const kind = errorClasses[state.code];
  return (
    <section className="view error" data-error-class={kind}>
      <ViewHeading mark={<StatusMark tone={kind === 'retry' ? 'error' : kind} />}>{errorHeading(t, state.code)}</ViewHeading>
      <p className="error-sentence">{errorSentence(t, state.code)}</p>
      {kind === 'admin' ? (
        <>
          <p>{t('error.adminOnly')}</p>
          {/* Main copies its own record of the error (code, message, time, version, issuer) for a ticket. */}
          <CopyButton copies="details" className="primary" onCopy={props.onCopyDetails} />
          <HelpDesk className="help-desk" />
        </>
      ) : state.code === 'storage_unavailable' ? (
        <button type="button" className="primary" onClick={props.onSignInSessionOnly}>
          {t('common.signInSessionOnly')}
        </button>
      ) : (
        <button type="button" className="primary" onClick={props.onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
      <details className="details">
        <summary>{t('common.details')}</summary>
        <dl>
          <dt>{t('error.code')}</dt>
          {/* The code and the core's message stay as they are, left to right: they are what a help desk searches for. */}
          <dd dir="ltr">
            <code>{state.code}</code>
          </dd>
          <dt>{t('error.message')}</dt>
          <dd dir="ltr">{state.message}</dd>
        </dl>
        <button type="button" className="secondary small" onClick={props.onCheckComputer}>
          {t('common.checkComputer')}
        </button>
      </details>
    </section>
  );
}
