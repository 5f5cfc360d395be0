import { ViewHeading } from '../components/ViewHeading.tsx';

export function DeniedView({ description, onRetry }: { readonly description: string | undefined; readonly onRetry: () => void }) {
  return (
    <section className="view denied">
      <ViewHeading>Sign-in was declined</ViewHeading>
      <p>The request was turned down on the other device, so this app was not signed in.</p>
      {description === undefined ? null : <p className="server-said">The sign-in server said: “{description}”</p>}
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
