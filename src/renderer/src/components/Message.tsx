import { Trans } from '@lingui/react';
import type { ReactNode } from 'react';
import type { MessageId } from '../../../shared/i18n/catalog-types.ts';

/**
 * A message whose values are elements: a bold host, a code in bidi isolation. Every value goes in
 * as an element, never spliced into the message's text, so a server's or an admin's text that
 * looks like Lingui's `<0>…</0>` stays text. Numbers stay numbers, for plurals and times.
 */
export function Message({ id, values }: { readonly id: MessageId; readonly values: Readonly<Record<string, ReactNode>> }) {
  const elements: Record<string, ReactNode> = {};
  for (const [name, value] of Object.entries(values)) elements[name] = typeof value === 'number' ? value : <>{value}</>;
  return <Trans id={id} values={elements} />;
}

/**
 * Text that must read left to right inside any sentence: a user code, a host, a URL. In Arabic
 * the sentence around it mirrors; `ABCD-1234` never reads backwards or moves its hyphen.
 */
export function LeftToRight({ children, className }: { readonly children: ReactNode; readonly className?: string }) {
  return (
    <bdi dir="ltr" className={className}>
      {children}
    </bdi>
  );
}
