import { initialsOf } from '../format.ts';

/**
 * Initials in a circle, or a figure when there is no name or email to take letters from (an
 * account id is not a name). The profile picture is not loaded: the page talks to no other site.
 */
export function Avatar({ name, email }: { readonly name: string | undefined; readonly email: string | undefined }) {
  const initials = initialsOf(name, email ?? '');
  return (
    <span className={initials === '' ? 'avatar generic' : 'avatar'} aria-hidden="true" data-generic={initials === ''}>
      {initials === '' ? (
        <svg viewBox="0 0 24 24" width="30" height="30">
          <circle cx="12" cy="8.5" r="4" fill="currentColor" />
          <path d="M4.5 20a7.5 7.5 0 0 1 15 0z" fill="currentColor" />
        </svg>
      ) : (
        initials
      )}
    </span>
  );
}
