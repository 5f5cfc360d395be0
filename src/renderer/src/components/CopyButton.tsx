import { useEffect, useState } from 'react';

/**
 * A button that asks main to copy something (the page never names the text) and says "Copied"
 * for two seconds, to the eye and, once, to screen readers.
 */
export function CopyButton(props: {
  readonly label: string;
  readonly copiedLabel: string;
  readonly announcement: string;
  readonly className: string;
  readonly onCopy: () => Promise<boolean>;
}) {
  const [copied, setCopied] = useState(false);
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
    <>
      <button
        type="button"
        className={props.className}
        onClick={() => {
          void props.onCopy().then(setCopied);
        }}
      >
        {copied ? props.copiedLabel : props.label}
      </button>
      <span className="sr-only" role="status">
        {copied ? props.announcement : ''}
      </span>
    </>
  );
}
