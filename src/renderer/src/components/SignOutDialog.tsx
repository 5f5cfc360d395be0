import { useEffect, useRef } from 'react';

/**
 * Asks before signing out: a modal dialog (focus moves into it, Escape or "Stay signed in"
 * closes it). Only "Sign out" in it signs out.
 */
export function SignOutDialog({
  place,
  onConfirm,
  onClose,
}: {
  readonly place: string;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby="sign-out-title" aria-describedby="sign-out-text" onClose={onClose}>
      <h2 id="sign-out-title">
        Sign out of <span className="place">{place}?</span>
      </h2>
      <p id="sign-out-text">You will need a new code to sign in again.</p>
      <div className="actions">
        <button type="button" className="quiet" onClick={() => ref.current?.close()}>
          Stay signed in
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            onConfirm();
            ref.current?.close();
          }}
        >
          Sign out
        </button>
      </div>
    </dialog>
  );
}
