import type { Profile } from '../../../shared/flow-state.ts';
import { shortAccountId } from '../format.ts';
import { useTranslate } from '../i18n.ts';
import { Avatar } from './Avatar.tsx';
import { BreakableEmail } from './Breakable.tsx';
import { LeftToRight, Message } from './Message.tsx';

/**
 * The signed-in person: name, email, or where there is neither, the account id, labelled and
 * shortened; or, where the provider names nobody (a plain OAuth 2.0 server), that it does not.
 */
export function ProfileCard({ profile }: { readonly profile: Profile }) {
  const t = useTranslate();
  const displayName = profile.name ?? profile.email;
  return (
    <div className="profile">
      <Avatar name={profile.name} email={profile.email} />
      <div className="profile-text">
        <p className="profile-name" data-testid="profile-name">
          {displayName === undefined ? (
            t('signedIn.yourAccount')
          ) : (
            <bdi>{displayName === profile.email ? <BreakableEmail text={displayName} /> : displayName}</bdi>
          )}
        </p>
        {profile.email === undefined || profile.email === displayName ? null : (
          <p className="profile-email" dir="ltr">
            <BreakableEmail text={profile.email} />
          </p>
        )}
        {displayName === undefined && profile.sub === undefined ? (
          <p className="account-id" data-testid="account-unnamed">
            {t('signedIn.unnamed')}
          </p>
        ) : null}
        {displayName === undefined && profile.sub !== undefined ? (
          <p className="account-id" data-testid="account-id" title={profile.sub}>
            <Message
              id="signedIn.accountId"
              values={{
                id: (
                  <code>
                    <LeftToRight>{shortAccountId(profile.sub)}</LeftToRight>
                  </code>
                ),
              }}
            />
          </p>
        ) : null}
        {profile.hardware_verified === true ? (
          <p className="badge" title={t('signedIn.hardwareExplained')}>
            <span aria-hidden="true">✓ </span>
            {/* A hyphen that never ends a line: "Hardware-/verified" read as two badges. */}
            {t('signedIn.hardware').replaceAll('-', '\u2011')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
