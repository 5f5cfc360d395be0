/**
 * The Auth0 stand-in's tenant: its users and what its endpoints share, as
 * https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery and the
 * device flow tutorial describe a tenant (an issuer ending with a slash, the API an access token is for).
 */
import type { StandInState } from './device-grants.ts';
import type { Auth0StandInOptions } from './auth0.ts';

/** An Auth0 user's profile as `/userinfo` returns it for `openid profile email`. */
export interface Auth0User {
  /** `{connection}|{id}`, "auth0|…" for the database connection. */
  readonly sub: string;
  readonly nickname: string;
  readonly name: string;
  readonly picture: string;
  readonly updated_at: string;
  readonly email: string;
  readonly email_verified: boolean;
}

export const auth0DefaultUser: Auth0User = {
  sub: 'auth0|65f1c0ffee0123456789abcd',
  nickname: 'katherine',
  name: 'Katherine Johnson',
  picture: 'https://s.gravatar.com/avatar/0000000000000000000000000000000?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fkj.png',
  updated_at: '2026-11-30T09:00:00.000Z',
  email: 'katherine@example.test',
  email_verified: true,
};

/** The Auth0 stand-in's state: its issuer, device settings, and the `audience` of each device code. */
export interface Auth0Tenant extends StandInState<Auth0User, Auth0StandInOptions> {
  /** `http://127.0.0.1:<port>/`, once the server listens: Auth0's issuer ends with a slash. */
  issuer: string;
  readonly interval: number;
  readonly expiresIn: number;
  /** The `audience` each device code was asked for, in order (undefined: none sent). */
  readonly audiences: (string | undefined)[];
  readonly audienceOf: Map<string, string | undefined>;
  /** The device codes already answered `expired_token` (Auth0 says so once, then `invalid_grant`). */
  readonly expiryReported: Set<string>;
}
