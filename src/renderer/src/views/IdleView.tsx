import type { Notice } from '../../../shared/flow-state.ts';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { noticeSentence } from '../error-messages.ts';

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
  return (
    <section className="view idle">
      <ViewHeading>Sign in</ViewHeading>
      {notice === undefined ? null : (
        <p className="notice" data-notice={notice.code}>
          {noticeSentence(notice)}
        </p>
      )}
      <p>You'll get a short code and a QR code. Approve the sign-in on your phone and this app is signed in.</p>
      <button type="button" className="primary" onClick={sessionOnly ? onSignInSessionOnly : onSignIn}>
        {sessionOnly ? 'Stay signed in for this session only' : 'Sign in'}
      </button>
    </section>
  );
}
