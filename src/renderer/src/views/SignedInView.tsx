import type { Persistence, Profile } from '../../../shared/flow-state.ts';
import { Avatar } from '../components/Avatar.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';

export function SignedInView(props: {
  readonly profile: Profile;
  readonly persistence: Persistence;
  readonly onSignOut: () => void;
}) {
  const { profile } = props;
  const displayName = profile.name ?? profile.email ?? profile.sub;
  return (
    <section className="view signed-in">
      <ViewHeading>You're signed in</ViewHeading>
      <div className="profile">
        <Avatar name={profile.name} fallback={profile.email ?? profile.sub} />
        <div>
          <p className="profile-name" data-testid="profile-name">
            {displayName}
          </p>
          {profile.email === undefined || profile.email === displayName ? null : (
            <p className="profile-email">{profile.email}</p>
          )}
          {profile.hardware_verified === true ? (
            <p className="badge" title="The provider says this sign-in used a hardware security key.">
              <span aria-hidden="true">✓ </span>Hardware-verified
            </p>
          ) : null}
        </div>
      </div>
      {props.persistence === 'session_only' ? (
        <p className="notice">This sign-in is not saved on this computer: it lasts until you quit the app.</p>
      ) : null}
      <button type="button" className="secondary" onClick={props.onSignOut}>
        Sign out
      </button>
    </section>
  );
}
