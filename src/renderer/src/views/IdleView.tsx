import type { Notice } from '../../../shared/flow-state.ts';
import { Place } from '../components/Breakable.tsx';
import { NoticeBox } from '../components/NoticeBox.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { organizationOr, useAppEnvironment } from '../environment-context.ts';
import { isWarning, noticeSentence } from '../error-messages.ts';
import { keepNumbersWhole } from '../format.ts';
import { Message } from '../components/Message.tsx';
import { useTranslate } from '../i18n.ts';

export function IdleView({
  notice,
  onSignIn,
  onSignInSessionOnly,
}: {
  readonly notice: Notice | undefined;
  readonly onSignIn: () => void;
  readonly onSignInSessionOnly: () => void;
}) {
  // Where tokens cannot be protected, signing in is still possible, but only as an explicit choice.
  // A keyring that could not be read this once is not a desktop without one: a normal sign-in may still be kept.
  const sessionOnly = notice?.code === 'storage_unavailable' && notice.storage !== 'keyring_unreadable';
  const environment = useAppEnvironment();
  const t = useTranslate();
  // Empty before main has said where (and where nothing is configured): then just "Sign in".
  const place = organizationOr(environment, environment.issuer);
  return (
    <section className="view idle">
      <ViewHeading>{place === '' ? t('idle.title') : <Message id="idle.titleAt" values={{ place: <Place text={place} /> }} />}</ViewHeading>
      {notice === undefined ? null : (
        <NoticeBox warning={isWarning(notice)} code={notice.code}>
          {keepNumbersWhole(noticeSentence(t, notice))}
        </NoticeBox>
      )}
      <p>{t('idle.explanation')}</p>
      <button type="button" className="primary" onClick={sessionOnly ? onSignInSessionOnly : onSignIn}>
        {sessionOnly ? t('common.signInSessionOnly') : t('idle.signIn')}
      </button>
    </section>
  );
}
