import { type ReactNode, useState } from 'react';
import type { Persistence, Profile } from '../../../shared/flow-state.ts';
import { Place } from '../components/Breakable.tsx';
import { Message } from '../components/Message.tsx';
import { NoticeBox } from '../components/NoticeBox.tsx';
import { ProfileCard } from '../components/ProfileCard.tsx';
import { SignOutDialog } from '../components/SignOutDialog.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { organizationOr, useAppEnvironment } from '../environment-context.ts';
import { useTranslate } from '../i18n.ts';

/**
 * Who is signed in, and to what, whether the sign-in is bound to this device and kept here; below
 * its actions, the accounts kept beside it (`children`: components/KeptAccounts.tsx).
 */
export function SignedInView(props: {
  readonly profile: Profile;
  readonly persistence: Persistence;
  readonly deviceBound?: boolean | undefined;
  /** Closes the window: the sign-in is made, nothing is left to do here. */
  readonly onDone: () => void;
  /** Signs this account out; main signs in as the next kept one, if any, after it. */
  readonly onSignOut: () => void;
  /** "Check this computer": for the help desk, when something else on this computer fails. */
  readonly onCheckComputer: () => void;
  /** The other accounts, to use or sign out, and "Add another account", where accounts are kept. */
  readonly children?: ReactNode;
}) {
  const { profile } = props;
  const [confirming, setConfirming] = useState(false);
  const environment = useAppEnvironment();
  const t = useTranslate();
  const place = organizationOr(environment, profile.issuer);
  const askToSignOut = (): void => {
    setConfirming(true);
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
      {props.persistence === 'session_only' ? (
        <NoticeBox warning={false}>{t('signedIn.sessionOnly')}</NoticeBox>
      ) : environment.storage === 'weak' ? (
        <NoticeBox warning testId="weak-storage">
          {t('signedIn.weakStorage')}
        </NoticeBox>
      ) : null}
      <p className="next-step">{t('signedIn.canClose')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onDone}>
          {t('signedIn.done')}
        </button>
        <button type="button" className="secondary" onClick={askToSignOut}>
          {t('common.signOut')}
        </button>
      </div>
      {props.children}
      <button type="button" className="quiet" onClick={props.onCheckComputer}>
        {t('common.checkComputer')}
      </button>
      {confirming ? (
        <SignOutDialog
          title={<Message id="signOut.title" values={{ place: <Place text={place} className="place" /> }} />}
          onConfirm={props.onSignOut}
          onClose={() => {
            setConfirming(false);
          }}
        />
      ) : null}
    </section>
  );
}
