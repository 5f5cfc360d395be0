import { auth0Profile } from './auth0.ts';
import { entraProfile } from './entra.ts';
import { genericProfile } from './generic.ts';
import { googleProfile } from './google.ts';
import { keycloakProfile } from './keycloak.ts';
import { oktaProfile } from './okta.ts';
import type { ProviderName, ProviderProfile } from './profile.ts';

/**
 * Every profile by name. A provider without a module of its own yet signs in as `generic`,
 * which is what it would do without this table.
 */
const profiles: Partial<Record<ProviderName, ProviderProfile>> = {
  generic: genericProfile,
  google: googleProfile,
  entra: entraProfile,
  okta: oktaProfile,
  auth0: auth0Profile,
  keycloak: keycloakProfile,
};

export function profileFor(name: ProviderName | undefined): ProviderProfile {
  return profiles[name ?? 'generic'] ?? genericProfile;
}
