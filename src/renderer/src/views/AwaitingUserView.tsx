import { type ReactNode, useEffect, useState } from 'react';
import type { FlowState } from '../../../shared/flow-state.ts';
import type { OpenOutcome } from '../../../shared/ipc.ts';
import { isLoopbackUrl } from '../../../shared/loopback.ts';
import { pageToVisit } from '../../../shared/verification-page.ts';
import { Place } from '../components/Breakable.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { Message } from '../components/Message.tsx';
import { PollingStatus } from '../components/PollingStatus.tsx';
import { QrSide } from '../components/QrSide.tsx';
import { TrustLine } from '../components/TrustLine.tsx';
import { UserCode } from '../components/UserCode.tsx';
import { VerificationUrl } from '../components/VerificationUrl.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { organizationOr, useAppEnvironment } from '../environment-context.ts';
import { hostOf, secondsUntil } from '../format.ts';
import { useTranslate } from '../i18n.ts';
import { useNow } from '../use-now.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

interface CodeScreenActions {
  readonly onCopy: () => Promise<boolean>;
  readonly onOpen: () => Promise<OpenOutcome>;
  readonly onCancel: () => void;
  readonly onNewCode: () => void;
}

/**
 * The code screen (RFC 8628 §3.3), made to fit its window with every action in it: each way in
 * labelled where it starts (the QR for the phone's camera, the page and the code to type), what
 * to check before approving (§5.4), the countdown and the status on one line, the actions in one
 * row. Where the page is on this computer (the embedded demo), a phone cannot open it: opening it
 * in the browser is the first, filled action, and the words say "browser". Once the code has run
 * out nothing offers it any more: it is greyed and a new code is the way on. Escape cancels.
 * `children` go under the actions: who stays signed in, when the code adds another account.
 */
export function AwaitingUserView(props: { readonly state: Awaiting; readonly children?: ReactNode } & CodeScreenActions) {
  const { state, onCancel } = props;
  const environment = useAppEnvironment();
  const now = useNow();
  const expired = secondsUntil(state.expiresAt, now) === 0;
  const onThisComputer = isLoopbackUrl(pageToVisit(state));
  // `npm run bench` reads time-to-code from this mark; only the first code a page shows counts.
  useEffect(() => {
    if (performance.getEntriesByName('code-visible', 'mark').length === 0) performance.mark('code-visible');
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && document.querySelector('dialog[open]') === null) onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [onCancel]);
  const verificationHost = hostOf(state.verificationUri);
  const issuerHost = environment.issuer === '' ? verificationHost : hostOf(environment.issuer);
  return (
    <section className="view awaiting" data-path={onThisComputer ? 'browser' : 'phone'}>
      <ViewHeading>
        <Message id="awaiting.title" values={{ place: <Place text={organizationOr(environment, state.verificationUri)} /> }} />
      </ViewHeading>
      <div className="code-layout">
        <QrSide state={state} expired={expired} onThisComputer={onThisComputer} />
        <div className="steps-side">
          {expired ? null : (
            <p className="path-label">
              <Message id="awaiting.goTo" values={{ page: <VerificationUrl url={state.verificationUri} /> }} />
            </p>
          )}
          <UserCode key={state.userCode} code={state.userCode} expired={expired} />
          {expired ? null : <TrustLine host={verificationHost} code={state.userCode} issuerHost={issuerHost} inBrowser={onThisComputer} />}
          <div className="status-row">
            {expired ? null : <PollingStatus state={state} />}
            <Countdown expiresAt={state.expiresAt} now={now} onNewCode={props.onNewCode} />
          </div>
          <CodeActions {...props} expired={expired} onThisComputer={onThisComputer} />
          {props.children}
        </div>
      </div>
    </section>
  );
}

/**
 * Copy, open here, cancel, in one row, with what became of "Open" said right under it, so that a
 * page the app would not open is never a silent click. A copy or an open of a code that has run
 * out would only lead to a dead page: then only Cancel is left here.
 */
function CodeActions(props: { readonly state: Awaiting; readonly expired: boolean; readonly onThisComputer: boolean } & CodeScreenActions) {
  const { state, expired, onThisComputer } = props;
  const t = useTranslate();
  // Kept with the page it was about, so that a renewed code never shows the old page's note.
  const [opening, setOpening] = useState<{ readonly page: string; readonly outcome: OpenOutcome }>();
  const open = (): void => {
    const page = pageToVisit(state);
    setOpening(undefined);
    void props.onOpen().then((outcome) => {
      setOpening({ page, outcome });
    });
  };
  const openOutcome = opening?.page === pageToVisit(state) ? opening.outcome : undefined;
  const openButton = (
    <button type="button" className={onThisComputer ? 'primary' : 'secondary'} onClick={open}>
      {t('awaiting.openHere')}
    </button>
  );
  return (
    <>
      <div className="actions">
        {expired || !onThisComputer ? null : openButton}
        {/* Keyed by the code, so that a new code never shows the old one's "Copied". */}
        {expired ? null : <CopyButton key={state.userCode} copies="code" className="secondary copy-button" onCopy={props.onCopy} />}
        {expired || onThisComputer ? null : openButton}
        <button type="button" className="quiet" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {expired || openOutcome === undefined || openOutcome === 'opened' ? null : (
        <p className="open-note" data-testid="open-note">
          {t(openOutcome === 'refused' ? 'awaiting.openRefused' : 'awaiting.openFailed')}
        </p>
      )}
    </>
  );
}
