import { useEffect } from 'react';
import type { FlowState } from '../../../shared/flow-state.ts';
import { Countdown } from '../components/Countdown.tsx';
import { PollingStatus } from '../components/PollingStatus.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { UserCode } from '../components/UserCode.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

export function AwaitingUserView(props: {
  readonly state: Awaiting;
  readonly onCopy: () => Promise<boolean>;
  readonly onOpen: () => void;
  readonly onCancel: () => void;
}) {
  const { state } = props;
  // `npm run bench` reads time-to-code from this mark; only the first code a page shows counts.
  useEffect(() => {
    if (performance.getEntriesByName('code-visible', 'mark').length === 0) performance.mark('code-visible');
  }, []);
  return (
    <section className="view awaiting">
      <ViewHeading>Sign in on your phone</ViewHeading>
      <p className="lead">Scan the QR code with your phone's camera, or go to this page and enter the code.</p>
      <div className="qr-frame">
        <QrCode text={state.verificationUriComplete ?? state.verificationUri} label="QR code for the sign-in page" />
      </div>
      <p className="verification-uri" data-testid="verification-uri">
        {state.verificationUri}
      </p>
      {/* Keyed by the code, so that a new code never shows the old one's "Copied". */}
      <UserCode key={state.userCode} code={state.userCode} onCopy={props.onCopy} />
      <Countdown expiresAt={state.expiresAt} />
      <PollingStatus state={state} />
      <div className="actions">
        <button type="button" className="primary" onClick={props.onOpen}>
          Open in browser
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
