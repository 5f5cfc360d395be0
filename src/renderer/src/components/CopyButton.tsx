import { useEffect, useState } from 'react';
import { useAnnounce } from '../announcer.tsx';

/**
 * A button that asks main to copy something (the page never names the text) and says "Copied"
 * for two seconds, to the eye and, once, through the window's live region.
 */
export function CopyButton(props: {
  readonly label: string;
  readonly copiedLabel: string;
  readonly announcement: string;
  readonly className: string;
  readonly onCopy: () => Promise<boolean>;
}) {
  const [copied, setCopied] = useState(false);
  const announce = useAnnounce();
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
          if (done) announce(props.announcement);
        });
      }}
    >
      {copied ? props.copiedLabel : props.label}
    </button>
  );
}
