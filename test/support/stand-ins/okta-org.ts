/**
 * The Okta stand-in's org: its users and what the endpoints of both its authorization servers
 * share, as https://developer.okta.com/docs/concepts/auth-servers/ describes an org.
 */
import type { StandInState } from './device-grants.ts';
import type { OktaStandInOptions } from './okta.ts';

/** An Okta user's profile as `/v1/userinfo` returns it for `openid profile email`. */
export interface OktaUser {
  /** Okta user ids start with `00u`. */
  readonly sub: string;
  readonly name: string;
  readonly preferred_username: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly locale: string;
  readonly zoneinfo: string;
  readonly email: string;
  readonly email_verified: boolean;
}

export const oktaDefaultUser: OktaUser = {
  sub: '00u1a2b3c4D5e6F7g8h9',
  name: 'Ada Lovelace',
  preferred_username: 'ada@example.test',
  given_name: 'Ada',
  family_name: 'Lovelace',
  locale: 'en-GB',
  zoneinfo: 'Europe/London',
  email: 'ada@example.test',
  email_verified: true,
};

/** The Okta stand-in's state: the org's device settings, in seconds, beside what every stand-in keeps. */
export interface OktaOrg extends StandInState<OktaUser, OktaStandInOptions> {
  readonly interval: number;
  readonly expiresIn: number;
}
