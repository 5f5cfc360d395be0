import type { FlowState } from '../../../shared/flow-state.ts';
import { useTranslate } from '../i18n.ts';
import { QrCode } from './QrCode.tsx';
import { pageToVisit } from '../../../shared/verification-page.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/**
 * The phone's path: what to do with the QR above it, the QR, and what a person must know about
 * it right under it: that it opens only the page when the provider gave no link with the code in
 * it. Where the page is on this computer (the embedded demo) no phone can open it: the QR is
 * dimmed under the note that says so, and the browser is the way in.
 */
export function QrSide(props: { readonly state: Awaiting; readonly expired: boolean; readonly onThisComputer: boolean }) {
  const { state, expired, onThisComputer } = props;
  const t = useTranslate();
  return (
    <div className="qr-side">
      {onThisComputer || expired ? null : <p className="path-label">{t('awaiting.scan')}</p>}
      <QrCode text={pageToVisit(state)} label={t('qr.label')} look={expired ? 'expired' : onThisComputer ? 'dimmed' : 'live'} />
      {state.verificationUriComplete === undefined ? (
        <p className="qr-note" data-note="type-code">
          {t('qr.typeCode')}
        </p>
      ) : null}
      {onThisComputer ? (
        <p className="qr-note" data-note="loopback">
          {t('qr.loopback')}
        </p>
      ) : null}
    </div>
  );
}
