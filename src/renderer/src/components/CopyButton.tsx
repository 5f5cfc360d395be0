import { useEffect, useState } from 'react';
import type { MessageId } from '../../../shared/i18n/catalog-types.ts';
import { useAnnounce } from '../announcer.tsx';
import { useTranslate } from '../i18n.ts';

/** What the window can ask main to copy (copyCode, copyDetails, copyReport), and its button's words for each. */
const copyWords = {
  code: { label: 'code.copy', copied: 'code.copied', announcement: 'code.copiedAnnouncement' },
  details: { label: 'error.copyDetails', copied: 'error.detailsCopied', announcement: 'error.detailsCopiedAnnouncement' },
  report: { label: 'report.copy', copied: 'report.copied', announcement: 'report.copiedAnnouncement' },
} as const satisfies Readonly<Record<string, { readonly label: MessageId; readonly copied: MessageId; readonly announcement: MessageId }>>;

/**
 * A button that asks main to copy something (the page never names the text) and says "Copied"
 * for two seconds, to the eye and, once, through the window's live region.
 */
export function CopyButton(props: {
  readonly copies: keyof typeof copyWords;
  readonly className: string;
  readonly onCopy: () => Promise<boolean>;
}) {
  const [copied, setCopied] = useState(false);
  const announce = useAnnounce();
  const t = useTranslate();
  const words = copyWords[props.copies];
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => {
      setCopied(false);
    }, 2000);
    return () => {
      clearTimeout(timer);
    };
  }, [copied]);
  return (
    <button
      type="button"
      className={props.className}
      onClick={() => {
        void props.onCopy().then((done) => {
          setCopied(done);
          if (done) announce(t(words.announcement));
        });
      }}
    >
      {t(copied ? words.copied : words.label)}
    </button>
  );
}
