import type { ReactNode } from 'react';
import { Breakable } from './Breakable.tsx';
import { CodeGroups } from './CodeGroups.tsx';
import { LeftToRight, Message } from './Message.tsx';

/** A host or a code in a sentence: bold, and left to right in any language. */
function emphasized(content: ReactNode, className?: string): ReactNode {
  return (
    <strong className={className}>
      <LeftToRight>{content}</LeftToRight>
    </strong>
  );
}

/**
 * What to check before approving (RFC 8628 §5.4): the host the other screen must show and the
 * code, grouped as the big code is, and where the account is when that is another host. The other
 * screen is the phone, or this computer's browser where the page is on this computer.
 */
export function TrustLine(props: {
  readonly host: string;
  readonly code: string;
  readonly issuerHost: string;
  readonly inBrowser: boolean;
}) {
  const { host, code, issuerHost } = props;
  return (
    <>
      <p className="trust-line" data-testid="trust-line">
        <Message
          id={props.inBrowser ? 'awaiting.trustBrowser' : 'awaiting.trust'}
          values={{ host: emphasized(<Breakable text={host} />), code: emphasized(<CodeGroups code={code} />, 'code-inline') }}
        />
      </p>
      {issuerHost === host ? null : (
        <p className="issuer-note" data-testid="issuer-note">
          <Message id="awaiting.issuerNote" values={{ host: emphasized(<Breakable text={issuerHost} />) }} />
        </p>
      )}
    </>
  );
}
