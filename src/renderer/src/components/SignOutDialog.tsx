import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslate } from '../i18n.ts';

/**
 * Asks before signing out: a modal dialog (focus moves into it, Escape or "Stay signed in"
 * closes it). Only "Sign out" in it signs out. `title` asks the question: of a place, or of one
 * account among several.
 */
export function SignOutDialog({
  title,
  onConfirm,
  onClose,
}: {
  readonly title: ReactNode;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = useTranslate();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  const signOut = (): void => {
    onConfirm();
    ref.current?.close();
  };
  return (
    <dialog ref={ref} className="confirm" aria-labelledby="sign-out-title" aria-describedby="sign-out-text" onClose={onClose}>
      <h2 id="sign-out-title">{title}</h2>
      <p id="sign-out-text">{t('signOut.explanation')}</p>
      <div className="actions">
        <button type="button" className="quiet" onClick={() => ref.current?.close()}>
          {t('signOut.stay')}
        </button>
        <button type="button" className="primary" onClick={signOut}>
          {t('common.signOut')}
        </button>
      </div>
    </dialog>
  );
}
