/**
 * The Keycloak stand-in's realm: its users and what its endpoints share, as Keycloak's design
 * note for the device grant sets the realm up
 * (https://github.com/keycloak/keycloak-community/blob/main/design/oauth2-device-authorization-grant.md:
 * a 600 s code lifespan and a 5 s polling interval by default).
 */
import type { StandInState } from './device-grants.ts';
import type { KeycloakStandInOptions } from './keycloak.ts';

/** A Keycloak user as `userinfo` returns it for `openid profile email`. */
export interface KeycloakUser {
  /** The user's id, a UUID. */
  readonly sub: string;
  readonly preferred_username: string;
  readonly name: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly email: string;
  readonly email_verified: boolean;
}

export const keycloakDefaultUser: KeycloakUser = {
  sub: '6f1d1c9e-3b7a-4c52-9d0e-7a5b2c4e8f10',
  preferred_username: 'dorothy',
  name: 'Dorothy Vaughan',
  given_name: 'Dorothy',
  family_name: 'Vaughan',
  email: 'dorothy@example.test',
  email_verified: true,
};

/** The Keycloak stand-in's state: the realm's issuer, its device settings, and the polls it slowed down. */
export interface KeycloakRealm extends StandInState<KeycloakUser, KeycloakStandInOptions> {
  /** `http://127.0.0.1:<port>{contextPath}/realms/{realm}`, once the server listens. */
  issuer: string;
  /** The realm's "OAuth 2.0 Device Polling Interval" and "OAuth 2.0 Device Code Lifespan", in seconds. */
  readonly interval: number;
  readonly expiresIn: number;
  /** How many polls were answered `slow_down`. */
  slowDowns: number;
}
