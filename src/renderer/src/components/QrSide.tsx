import type { FlowState } from '../../../shared/flow-state.ts';
import { isLoopbackUrl } from '../../../shared/loopback.ts';
import { useTranslate } from '../i18n.ts';
import { QrCode } from './QrCode.tsx';
import { pageToVisit } from '../../../shared/verification-page.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/**
 * The QR code with what a person must know about it right under it: that it opens only the page
 * when the provider gave no link with the code in it, and that a loopback address opens only here.
 */
export function QrSide({ state, expired }: { readonly state: Awaiting; readonly expired: boolean }) {
  const t = useTranslate();
  const target = pageToVisit(state);
  return (
    <div className="qr-side">
      <QrCode text={target} label={t('qr.label')} expired={expired} />
      {state.verificationUriComplete === undefined ? (
        <p className="qr-note" data-note="type-code">
          {t('qr.typeCode')}
        </p>
      ) : null}
      {isLoopbackUrl(target) ? (
        <p className="qr-note" data-note="loopback">
          {t('qr.loopback')}
        </p>
      ) : null}
    </div>
  );
}
