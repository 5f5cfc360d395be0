import { useState } from 'react';
import type { Persistence, Profile } from '../../../shared/flow-state.ts';
import { Avatar } from '../components/Avatar.tsx';
import { SignOutDialog } from '../components/SignOutDialog.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { organizationOr, useAppEnvironment } from '../environment-context.ts';
import { shortAccountId } from '../format.ts';

/** Who is signed in, and to what. A profile with no name or email shows its account id, labelled and shortened. */
export function SignedInView(props: {
  readonly profile: Profile;
  readonly persistence: Persistence;
  readonly deviceBound?: boolean | undefined;
  readonly onSignOut: () => void;
}) {
  const { profile } = props;
  const [confirming, setConfirming] = useState(false);
  const environment = useAppEnvironment();
  const place = organizationOr(environment, profile.issuer);
  const displayName = profile.name ?? profile.email;
  return (
    <section className="view signed-in">
      <ViewHeading>Signed in to {place}</ViewHeading>
      <div className="profile">
        <Avatar name={profile.name} email={profile.email} />
        <div className="profile-text">
          <p className="profile-name" data-testid="profile-name">
            {displayName ?? 'Your account'}
          </p>
          {profile.email === undefined || profile.email === displayName ? null : (
            <p className="profile-email">{profile.email}</p>
          )}
          {displayName === undefined ? (
            <p className="account-id" data-testid="account-id" title={profile.sub}>
              Account ID <code>{shortAccountId(profile.sub)}</code>
            </p>
          ) : null}
          {profile.hardware_verified === true ? (
            <p className="badge" title="The provider says this sign-in used a hardware security key.">
              <span aria-hidden="true">✓ </span>Hardware-verified
            </p>
          ) : null}
        </div>
      </div>
      {props.deviceBound === undefined ? null : (
        <p className="binding" data-testid="device-binding" data-bound={props.deviceBound}>
          {props.deviceBound
            ? 'Bound to this device: the provider accepts this sign-in only together with a key that stays on this computer.'
            : "Not bound to this device: this provider's tokens work wherever they are copied."}
        </p>
      )}
      {props.persistence === 'session_only' ? (
        <p className="notice">This sign-in is not saved on this computer: it lasts until you quit the app.</p>
      ) : environment.storage === 'weak' ? (
        <p className="notice" data-testid="weak-storage">
          This sign-in is saved without a keyring to protect it, so other apps running as you could read it. Your organization
          allows this; ask your IT team to set up a keyring.
        </p>
      ) : null}
      <p className="next-step">You can close this window.</p>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setConfirming(true);
        }}
      >
        Sign out
      </button>
      {confirming ? (
        <SignOutDialog
          place={place}
          onConfirm={props.onSignOut}
          onClose={() => {
            setConfirming(false);
          }}
        />
      ) : null}
    </section>
  );
}
