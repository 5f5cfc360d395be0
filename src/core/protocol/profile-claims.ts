/**
 * The plain checks of what a token response and an ID token say, apart from session.ts so that
 * reading a saved session (src/core/vault/vault.ts) loads no protocol library.
 */
import type { Profile } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import { hasUnsafeCharacter, printable } from './server-text.ts';

/** ECMAScript §21.4.1.22 TimeClip: a time a Date can hold, so printing it cannot throw. */
export function isRealTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

const aaguidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Picks the claims a person sees, each checked for type and made safe to display. `named` false
 * is a sign-in that brought no claims at all (a plain OAuth 2.0 server): a profile without `sub`.
 * Claims that came (an ID token, a userinfo answer) must name the subject (OIDC Core §2, §5.3.2).
 */
export function toProfile(issuer: string, claims: Readonly<Record<string, unknown>>, named = true): Profile {
  const sub = claims.sub;
  if (!named && sub === undefined) return { issuer };
  if (typeof sub !== 'string' || sub === '') {
    throw new SignInError('invalid_response', 'The provider did not say who signed in (no "sub" claim).');
  }
  // The subject is shown, and compared exactly (OIDC Core §2), so it cannot be cleaned: refused instead.
  if (hasUnsafeCharacter(sub)) {
    throw new SignInError('invalid_response', 'The provider named who signed in with characters that cannot be shown.');
  }
  const name =
    printable(claims.name, 120) ??
    printable([claims.given_name, claims.family_name].filter((part) => typeof part === 'string').join(' '), 120) ??
    printable(claims.preferred_username, 120);
  const email = printable(claims.email, 254);
  const picture = typeof claims.picture === 'string' && claims.picture.startsWith('https://') ? claims.picture : undefined;
  const hardware = claims.hardware_aaguid;
  const aaguid = typeof hardware === 'string' && aaguidPattern.test(hardware) ? hardware.toLowerCase() : undefined;
  return {
    issuer,
    sub,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    ...(typeof claims.email_verified === 'boolean' ? { email_verified: claims.email_verified } : {}),
    ...(picture === undefined ? {} : { picture }),
    ...(typeof claims.hardware_verified === 'boolean' ? { hardware_verified: claims.hardware_verified } : {}),
    ...(aaguid === undefined ? {} : { hardware_aaguid: aaguid }),
  };
}
