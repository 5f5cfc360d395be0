import type { ClipboardEvent } from 'react';
import { urlParts } from '../format.ts';
import { useTranslate } from '../i18n.ts';
import { Breakable } from './Breakable.tsx';

/**
 * The page to open, host first, inside the sentence that says to go there: no "https://" (a
 * plain "http://" stays, marked as a warning), the host bold, the path muted, and a line may
 * break only after a dot of the host or a "/". What is shown is shorter than the URL, so a copy
 * of it puts the whole URL on the clipboard. It reads left to right in every language.
 */
export function VerificationUrl({ url }: { readonly url: string }) {
  const t = useTranslate();
  const { insecureScheme, host, pathPieces } = urlParts(url);
  const [first, ...rest] = pathPieces;
  const copyWhole = (event: ClipboardEvent<HTMLElement>): void => {
    event.clipboardData.setData('text/plain', url);
    event.preventDefault();
  };
  return (
    <bdi className="verification-uri" data-testid="verification-uri" dir="ltr" onCopy={copyWhole}>
      <span className="uri-piece">
        {insecureScheme === '' ? null : (
          <span className="uri-insecure" title={t('url.insecure')}>
            {insecureScheme}
          </span>
        )}
        <span className="uri-host">
          <Breakable text={host} />
        </span>
        {first === undefined ? null : <span className="uri-path">{first}</span>}
      </span>
      {rest.map((piece, index) => (
        <span key={index} className="uri-piece uri-path">
          {piece}
        </span>
      ))}
    </bdi>
  );
}
