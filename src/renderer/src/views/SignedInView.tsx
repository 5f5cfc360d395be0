import { useState } from 'react';
import type { Persistence, Profile } from '../../../shared/flow-state.ts';
import type { AccountId, AccountSignOut, WindowAccount } from '../../../shared/ipc.ts';
import { AccountSignOutTitle } from '../components/AccountSignOutTitle.tsx';
import { Place } from '../components/Breakable.tsx';
import { KeptAccounts } from '../components/KeptAccounts.tsx';
import { Message } from '../components/Message.tsx';
import { NoticeBox } from '../components/NoticeBox.tsx';
import { actionFor } from '../components/OtherAccounts.tsx';
import { ProfileCard } from '../components/ProfileCard.tsx';
import { SignOutDialog } from '../components/SignOutDialog.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { organizationOr, useAppEnvironment } from '../environment-context.ts';
import { useTranslate } from '../i18n.ts';

/**
 * Who is signed in, and to what, whether the sign-in is bound to this device and kept here; with
 * several accounts kept, the others beside it, each to use or sign out, and a way to add one more.
 */
export function SignedInView(props: {
  readonly profile: Profile;
  readonly persistence: Persistence;
  readonly deviceBound?: boolean | undefined;
  /** The kept accounts by main's ids, the current one first; none where nothing is kept. */
  readonly accounts: readonly WindowAccount[];
  /** Closes the window: the sign-in is made, nothing is left to do here. */
  readonly onDone: () => void;
  readonly onSignOut: () => void;
  /** "Check this computer": for the help desk, when something else on this computer fails. */
  readonly onCheckComputer: () => void;
  /** "Use this account": the app signs in as it instead. */
  readonly onUseAccount: (id: AccountId) => void;
  /** "Sign out" of one kept account: what became of it. */
  readonly onSignOutAccount: (id: AccountId) => Promise<AccountSignOut>;
  /** "Add another account": a new sign-in, kept beside this one. */
  readonly onAddAccount: () => void;
}) {
  const { profile } = props;
  const [confirming, setConfirming] = useState(false);
  const environment = useAppEnvironment();
  const t = useTranslate();
  const place = organizationOr(environment, profile.issuer);
  // With others kept, "Sign out" is this account's, named so; the next account is signed in after it.
  const current = props.accounts.length > 1 ? props.accounts.find((account) => account.current) : undefined;
  const askToSignOut = (): void => {
    setConfirming(true);
  };
  const signOut = (): void => {
    if (current === undefined) props.onSignOut();
    else void props.onSignOutAccount(current.id);
  };
  return (
    <section className="view signed-in">
      <ViewHeading>
        <Message id="signedIn.title" values={{ place: <Place text={place} /> }} />
      </ViewHeading>
      <ProfileCard profile={profile} />
      {props.deviceBound === undefined ? null : (
        <p className="binding" data-testid="device-binding" data-bound={props.deviceBound}>
          {t(props.deviceBound ? 'signedIn.bound' : 'signedIn.notBound')}
        </p>
      )}
      <StorageNote persistence={props.persistence} />
      <p className="next-step">{t('signedIn.canClose')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onDone}>
          {t('signedIn.done')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-label={current === undefined ? undefined : actionFor(t, t('common.signOut'), current)}
          onClick={askToSignOut}
        >
          {t('common.signOut')}
        </button>
      </div>
      <KeptAccounts
        accounts={props.accounts}
        onUseAccount={props.onUseAccount}
        onSignOutAccount={props.onSignOutAccount}
        onAddAccount={props.onAddAccount}
      />
      <button type="button" className="quiet" onClick={props.onCheckComputer}>
        {t('common.checkComputer')}
      </button>
      {confirming ? (
        <SignOutDialog
          title={
            current === undefined ? (
              <Message id="signOut.title" values={{ place: <Place text={place} className="place" /> }} />
            ) : (
              <AccountSignOutTitle account={current} />
            )
          }
          onConfirm={signOut}
          onClose={() => {
            setConfirming(false);
          }}
        />
      ) : null}
    </section>
  );
}

/** Where the sign-in is kept, when that needs saying: only until the app quits, or without a keyring to protect it. */
function StorageNote({ persistence }: { readonly persistence: Persistence }) {
  const environment = useAppEnvironment();
  const t = useTranslate();
  if (persistence === 'session_only') return <NoticeBox warning={false}>{t('signedIn.sessionOnly')}</NoticeBox>;
  return environment.storage === 'weak' ? (
    <NoticeBox warning testId="weak-storage">
      {t('signedIn.weakStorage')}
    </NoticeBox>
  ) : null;
}
