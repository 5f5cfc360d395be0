import { useEffect, useState } from 'react';
import type { FlowState } from '../../../shared/flow-state.ts';
import type { OpenOutcome } from '../../../shared/ipc.ts';
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
import { pageToVisit } from '../../../shared/verification-page.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/**
 * The code screen, made for the phone in the user's hand (RFC 8628 §3.3): the QR on one side, and
 * on the other the page, the code and what to check before approving (§5.4). Signing in on this
 * computer is the second choice, so nothing here is a filled button. Escape cancels.
 */
export function AwaitingUserView(props: {
  readonly state: Awaiting;
  readonly onCopy: () => Promise<boolean>;
  readonly onOpen: () => Promise<OpenOutcome>;
  readonly onCancel: () => void;
  readonly onNewCode: () => void;
}) {
  const { state, onCancel } = props;
  const environment = useAppEnvironment();
  const t = useTranslate();
  const now = useNow();
  const expired = secondsUntil(state.expiresAt, now) === 0;
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
    <section className="view awaiting">
      <ViewHeading>
        <Message id="awaiting.title" values={{ place: <bdi>{organizationOr(environment, state.verificationUri)}</bdi> }} />
      </ViewHeading>
      <div className="code-layout">
        <QrSide state={state} expired={expired} />
        <div className="steps-side">
          <p className="lead">{t('awaiting.lead')}</p>
          <VerificationUrl url={state.verificationUri} />
          {/* Keyed by the code, so that a new code never shows the old one's "Copied". */}
          <UserCode key={state.userCode} code={state.userCode} onCopy={props.onCopy} />
          <TrustLine host={verificationHost} code={state.userCode} issuerHost={issuerHost} />
          <Countdown expiresAt={state.expiresAt} now={now} onNewCode={props.onNewCode} />
          <PollingStatus state={state} />
          <div className="actions">
            <button type="button" className="secondary" onClick={open}>
              {t('awaiting.openHere')}
            </button>
            <button type="button" className="quiet" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
          {openOutcome === undefined || openOutcome === 'opened' ? null : (
            <p className="open-note" data-testid="open-note">
              {t(openOutcome === 'refused' ? 'awaiting.openRefused' : 'awaiting.openFailed')}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
