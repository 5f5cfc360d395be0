import type { ProviderProfile } from './profile.ts';

/** Any provider that follows OpenID Connect Discovery and RFC 8628 as written. */
export const genericProfile: ProviderProfile = {
  name: 'generic',
  displayName: 'OpenID Connect provider',
};
