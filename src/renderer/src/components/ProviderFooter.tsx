import type { FlowStatus } from '../../../shared/flow-state.ts';
import type { MessageId } from '../../../shared/i18n/catalog-types.ts';
import { hostOf } from '../format.ts';
import { useAppEnvironment } from '../environment-context.ts';
import { useTranslate } from '../i18n.ts';
import { Breakable } from './Breakable.tsx';
import { HelpDesk } from './HelpDesk.tsx';
import { LeftToRight, Message } from './Message.tsx';

/** The footer's words follow where the sign-in is: being made, made, or being undone. */
function leadFor(status: FlowStatus | undefined): MessageId {
  switch (status) {
    case 'signed_in':
      return 'footer.signedIn';
    case 'restoring':
      return 'footer.restoring';
    case 'signing_out':
      return 'footer.signingOut';
    default:
      return 'footer.signingIn';
  }
}

/**
 * The provider, whether the organization manages it and through what, and its help desk, on every
 * screen; the help desk not where the screen itself already offers it (`helpInView`).
 */
export function ProviderFooter({ status, helpInView }: { readonly status: FlowStatus | undefined; readonly helpInView: boolean }) {
  const environment = useAppEnvironment();
  const t = useTranslate();
  // Where the admin set it (Group Policy, a configuration profile, a policy file, the installer), when main says.
  const managedBy = environment.managedBy?.issuer;
  return (
    <footer className="provider-line">
      {environment.issuer === '' ? null : (
        <p className="provider-where">
          <Message
            id={leadFor(status)}
            values={{
              host: (
                <LeftToRight className="provider-host">
                  <Breakable text={hostOf(environment.issuer)} />
                </LeftToRight>
              ),
            }}
          />
          {environment.managed.includes('issuer') ? (
            <span className="managed"> · {t(managedBy === undefined ? 'footer.managed' : `footer.managedBy.${managedBy}`)}</span>
          ) : null}
        </p>
      )}
      {helpInView ? null : <HelpDesk className="footer-help" />}
    </footer>
  );
}
