/**
 * The names a configuration uses for providers and endpoints: plain data that the settings
 * (config.ts, the policy schema, the command line's flags) and the provider profiles all read,
 * apart from the profile contract so that neither has to import the other.
 */

/** The providers with a profile of their own; `generic` is any provider that follows the RFCs. */
export const providerNames = ['generic', 'github', 'google', 'entra', 'okta', 'auth0', 'keycloak'] as const;
export type ProviderName = (typeof providerNames)[number];

/** Endpoints given by configuration, or built by a profile from the issuer, instead of discovered. */
export interface ExplicitEndpoints {
  readonly deviceAuthorization?: string | undefined;
  readonly token?: string | undefined;
  readonly userinfo?: string | undefined;
  readonly revocation?: string | undefined;
}
