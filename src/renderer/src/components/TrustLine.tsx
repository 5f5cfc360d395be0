import type { ReactNode } from 'react';
import { LeftToRight, Message } from './Message.tsx';

/** A host or a code in a sentence: bold, and left to right in any language. */
function emphasized(text: string, className?: string): ReactNode {
  return (
    <strong className={className}>
      <LeftToRight>{text}</LeftToRight>
    </strong>
  );
}

/**
 * What to check before approving (RFC 8628 §5.4): the host the phone must show and the code, and
 * where the account is when that is another host.
 */
export function TrustLine({ host, code, issuerHost }: { readonly host: string; readonly code: string; readonly issuerHost: string }) {
  return (
    <>
      <p className="trust-line" data-testid="trust-line">
        <Message id="awaiting.trust" values={{ host: emphasized(host), code: emphasized(code, 'code-inline') }} />
      </p>
      {issuerHost === host ? null : (
        <p className="issuer-note" data-testid="issuer-note">
          <Message id="awaiting.issuerNote" values={{ host: emphasized(issuerHost) }} />
        </p>
      )}
    </>
  );
}
