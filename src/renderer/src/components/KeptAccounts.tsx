import { useLingui } from '@lingui/react';
import { use, useEffect, useRef, useState } from 'react';
import type { AccountId, AccountSignOut, WindowAccount } from '../../../shared/ipc.ts';
import { isolated } from '../../../shared/i18n/translate.ts';
import { accountWords } from '../account-words.ts';
import { useTranslate } from '../i18n.ts';
import { Message } from './Message.tsx';
import { NoticeBox } from './NoticeBox.tsx';
import { accountLabel, OtherAccounts } from './OtherAccounts.tsx';
import { SignOutDialog } from './SignOutDialog.tsx';

/**
 * The accounts kept beside the signed-in one, below it: the list of the others, what became of
 * one signed out from it, and "Add another account" where this account is kept (a sign-in kept
 * in memory only, or the demo's, has nothing to keep another beside).
 */
export function KeptAccounts(props: {
  /** The kept accounts by main's ids, the current one first. */
  readonly accounts: readonly WindowAccount[];
  /** "Use this account": the app signs in as it instead. */
  readonly onUseAccount: (id: AccountId) => unknown;
  /** "Sign out" of one of the others: what became of it. */
  readonly onSignOutAccount: (id: AccountId) => Promise<AccountSignOut>;
  /** "Add another account": a new sign-in, kept beside this one. */
  readonly onAddAccount: () => unknown;
}) {
  const { accounts } = props;
  // Their words first (suspending until they are loaded), so the list appears whole.
  use(accountWords(useLingui().i18n));
  const [confirming, setConfirming] = useState<WindowAccount>();
  const [ended, setEnded] = useState<{ readonly who: string; readonly outcome: Exclude<AccountSignOut, 'not_listed'> }>();
  const endedRef = useRef<HTMLDivElement>(null);
  const t = useTranslate();
  const others = accounts.filter((account) => !account.current);
  useEffect(() => {
    // The row whose "Sign out" had the focus is gone: the focus goes to what became of it.
    if (ended !== undefined) endedRef.current?.focus();
  }, [ended]);
  const signOut = (account: WindowAccount): void => {
    void props.onSignOutAccount(account.id).then((outcome) => {
      if (outcome !== 'not_listed') setEnded({ who: accountLabel(t, account), outcome });
    });
  };
  return (
    <>
      {others.length === 0 ? null : (
        <OtherAccounts
          accounts={others}
          onUse={(account) => {
            props.onUseAccount(account.id);
          }}
          onSignOut={setConfirming}
        />
      )}
      {ended === undefined ? null : (
        <div ref={endedRef} tabIndex={-1} className="account-outcome" data-testid="account-signed-out">
          <NoticeBox warning={ended.outcome !== 'revoked'}>
            {t(ended.outcome === 'revoked' ? 'accounts.signedOut' : 'accounts.notEnded', { account: isolated(ended.who) })}
          </NoticeBox>
        </div>
      )}
      {accounts.some((account) => account.current) ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            void props.onAddAccount();
          }}
        >
          {t('accounts.add')}
        </button>
      ) : null}
      {confirming === undefined ? null : (
        <SignOutDialog
          title={<Message id="accounts.signOutTitle" values={{ account: <bdi>{accountLabel(t, confirming)}</bdi> }} />}
          onConfirm={() => {
            signOut(confirming);
          }}
          onClose={() => {
            setConfirming(undefined);
          }}
        />
      )}
    </>
  );
}

/**
 * On the code screen of "Add another account": who stays signed in while this code adds another,
 * so that approving it is not taken for switching (the command line says the same before its
 * code). In this chunk with the other accounts' words: a first sign-in never loads it.
 */
export function StaysSignedIn({ account }: { readonly account: WindowAccount }) {
  use(accountWords(useLingui().i18n));
  const t = useTranslate();
  return (
    <p className="stays-signed-in" data-testid="stays-signed-in">
      {t('accounts.staysSignedIn', { account: isolated(accountLabel(t, account)) })}
    </p>
  );
}
