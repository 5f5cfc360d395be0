import { StatusMark } from '../components/StatusMark.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';

/** Declined on the phone. What the server said is its own text, so it waits behind Details. */
export function DeniedView({ description, onRetry }: { readonly description: string | undefined; readonly onRetry: () => void }) {
  return (
    <section className="view denied">
      <ViewHeading mark={<StatusMark tone="declined" />}>Sign-in was declined</ViewHeading>
      <p>The request was turned down on the other device, so this app was not signed in.</p>
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
      {description === undefined ? null : (
        <details className="details">
          <summary>Details</summary>
          <p className="server-said">The sign-in server said: “{description}”</p>
        </details>
      )}
    </section>
  );
}
