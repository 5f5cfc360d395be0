import { auth0Profile } from './auth0.ts';
import { entraProfile } from './entra.ts';
import { genericProfile } from './generic.ts';
import { githubProfile } from './github.ts';
import { googleProfile } from './google.ts';
import { keycloakProfile } from './keycloak.ts';
import { oktaProfile } from './okta.ts';
import type { ProviderProfile } from './profile.ts';
import type { ProviderName } from './provider-names.ts';

/** Every profile by name: one module each, so a new provider is a new file and a line here. */
const profiles: Readonly<Record<ProviderName, ProviderProfile>> = {
  generic: genericProfile,
  github: githubProfile,
  google: googleProfile,
  entra: entraProfile,
  okta: oktaProfile,
  auth0: auth0Profile,
  keycloak: keycloakProfile,
};

export function profileFor(name: ProviderName | undefined): ProviderProfile {
  return profiles[name ?? 'generic'];
}
