import { useEffect, useState } from 'react';
import { spellOut } from '../format.ts';

/**
 * The code to type on the other device, exactly as the server grouped it. Sighted users get it
 * large and selectable in one click; screen readers get it spelled out character by character.
 */
export function UserCode({ code, onCopy }: { readonly code: string; readonly onCopy: () => Promise<boolean> }) {
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
    <div className="user-code">
      <p className="user-code-value">
        <span className="sr-only">Your code: {spellOut(code)}</span>
        <span aria-hidden="true" data-testid="user-code">
          {code}
        </span>
      </p>
      <button
        type="button"
        className="secondary copy-button"
        onClick={() => {
          void onCopy().then(setCopied);
        }}
      >
        {copied ? 'Copied' : 'Copy code'}
      </button>
      <span className="sr-only" role="status">
        {copied ? 'Code copied to the clipboard' : ''}
      </span>
    </div>
  );
}
