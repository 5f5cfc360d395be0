import { EndedSignIn } from '../components/EndedSignIn.tsx';
import { Message } from '../components/Message.tsx';
import { useTranslate } from '../i18n.ts';

/** Declined on the phone. What the server said is its own text, so it waits behind Details. */
export function DeniedView({ description, onRetry }: { readonly description: string | undefined; readonly onRetry: () => void }) {
  const t = useTranslate();
  return (
    <EndedSignIn ending="denied" onStartAgain={onRetry}>
      {description === undefined ? null : (
        <details className="details">
          <summary>{t('common.details')}</summary>
          {/* The server's own words, in their own direction, whatever the window's language. */}
          <p className="server-said">
            <Message id="denied.serverSaid" values={{ description: <bdi>{description}</bdi> }} />
          </p>
        </details>
      )}
    </EndedSignIn>
  );
}
