/**
 * Which kept account an ACCOUNT on the command line names (`--account ACCOUNT`, `switch ACCOUNT`):
 * its email, in any case (the domain of an address is case-insensitive, and people type a local
 * part as they please), or its `sub` exactly (OpenID Connect Core §5.7: case-sensitive). A value
 * that names none, or more than one (an email that is another account's `sub`, two tenants'
 * accounts with one address), chooses nothing: the command line says so and lists the accounts.
 */
import type { Profile } from '../shared/flow-state.ts';

export type AccountChoice<T> =
  { readonly kind: 'one'; readonly account: T } | { readonly kind: 'none' } | { readonly kind: 'several'; readonly matches: readonly T[] };

export function chooseAccount<T extends { readonly profile: Pick<Profile, 'sub' | 'email'> }>(
  value: string,
  accounts: readonly T[],
): AccountChoice<T> {
  const wanted = value.trim();
  const email = wanted.toLowerCase();
  const matches = accounts.filter(
    ({ profile }) => profile.sub === wanted || (profile.email !== undefined && profile.email.toLowerCase() === email),
  );
  const [only, ...more] = matches;
  if (only === undefined || wanted === '') return { kind: 'none' };
  return more.length === 0 ? { kind: 'one', account: only } : { kind: 'several', matches };
}
