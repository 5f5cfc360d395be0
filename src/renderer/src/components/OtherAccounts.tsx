import type { WindowAccount } from '../../../shared/ipc.ts';
import { isolated, type Translate } from '../../../shared/i18n/translate.ts';
import { organizationOr, useAppEnvironment } from '../environment-context.ts';
import { useTranslate } from '../i18n.ts';
import { Avatar } from './Avatar.tsx';
import { BreakableEmail, Place } from './Breakable.tsx';
import { LeftToRight } from './Message.tsx';

/**
 * The accounts kept beside the one signed in (a work and a personal account, two tenants): who
 * and where, each with "Use this account" and "Sign out". Every row's buttons read the same, so
 * their names for a screen reader add whose account they act on ("Use this account: Grace
 * Hopper"), starting with the words on the button, which is how voice control finds them.
 */
export function OtherAccounts({
  accounts,
  onUse,
  onSignOut,
}: {
  readonly accounts: readonly WindowAccount[];
  readonly onUse: (account: WindowAccount) => void;
  readonly onSignOut: (account: WindowAccount) => void;
}) {
  const t = useTranslate();
  const environment = useAppEnvironment();
  return (
    <section className="other-accounts" aria-labelledby="other-accounts-title">
      <h2 id="other-accounts-title">{t('accounts.others')}</h2>
      <ul>
        {accounts.map((account) => {
          return (
            <li key={account.id} className="account" data-testid="other-account">
              <Avatar name={account.name} email={account.email} />
              <div className="account-who">
                <p className="account-name">
                  <bdi>
                    {account.name ?? (account.email === undefined ? t('accounts.unnamed') : <BreakableEmail text={account.email} />)}
                  </bdi>
                </p>
                {account.name === undefined || account.email === undefined ? null : (
                  <p className="account-email">
                    {/* Left to right within the line, which stands where the page's language puts it. */}
                    <LeftToRight>
                      <BreakableEmail text={account.email} />
                    </LeftToRight>
                  </p>
                )}
                <p className="account-where">
                  <Place text={organizationOr(environment, account.where)} />
                </p>
              </div>
              <div className="account-actions">
                <AccountButton words={t('accounts.use')} account={account} className="secondary small" onPress={onUse} />
                <AccountButton words={t('common.signOut')} account={account} className="quiet small" onPress={onSignOut} />
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A button beside one account: its words on it, and for a screen reader, whose account it acts on. */
function AccountButton(props: {
  readonly words: string;
  readonly account: WindowAccount;
  readonly className: string;
  readonly onPress: (account: WindowAccount) => void;
}) {
  const t = useTranslate();
  return (
    <button
      type="button"
      className={props.className}
      aria-label={actionFor(t, props.words, props.account)}
      onClick={() => {
        props.onPress(props.account);
      }}
    >
      {props.words}
    </button>
  );
}

/** How an account is named in a sentence or a button's name: its name, else its email, else that it has none. */
export function accountLabel(t: Translate, account: WindowAccount): string {
  return account.name ?? account.email ?? t('accounts.unnamed');
}

/** A button's name that says whose account it acts on: its words first, then the account's label. */
export function actionFor(t: Translate, action: string, account: WindowAccount): string {
  return t('accounts.actionFor', { action, account: isolated(accountLabel(t, account)) });
}
