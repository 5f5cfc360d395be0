import type { FlowStatus } from '../../../shared/flow-state.ts';
import { hostOf } from '../format.ts';
import { useAppEnvironment } from '../environment-context.ts';
import { HelpDesk } from './HelpDesk.tsx';

/** The footer's words follow where the sign-in is: being made, made, or being undone. */
function leadFor(status: FlowStatus | undefined): string {
  switch (status) {
    case 'signed_in':
      return 'Signed in with';
    case 'restoring':
      return 'Opening your sign-in with';
    case 'signing_out':
      return 'Signing out of';
    default:
      return 'Signing in with';
  }
}

/** The provider, whether the organization manages it, and its help desk, on every screen. */
export function ProviderFooter({ status }: { readonly status: FlowStatus | undefined }) {
  const environment = useAppEnvironment();
  return (
    <footer className="provider-line">
      {environment.issuer === '' ? null : (
        <p className="provider-where">
          {leadFor(status)} <span className="provider-host">{hostOf(environment.issuer)}</span>
          {environment.managed.includes('issuer') ? <span className="managed"> · managed by your organization</span> : null}
        </p>
      )}
      <HelpDesk className="footer-help" />
    </footer>
  );
}
