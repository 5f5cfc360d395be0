import * as oauth from 'oauth4webapi';

/**
 * Two symbols oauth4webapi exports but leaves out of its type declarations, for the providers
 * that need them (checked against oauth4webapi 3.8's build/index.js):
 * - `_nodiscoverycheck` in place of the expected issuer skips the OIDC Discovery §4.3 equality
 *   check, for a document whose `issuer` is a template (Entra's `{tenantid}`) that the caller
 *   then checks itself;
 * - `_expectedIssuer` on the authorization server is a function from an ID token's claims to
 *   the issuer that token must name (Entra's multi-tenant issuer depends on its `tid`).
 */
const internals = oauth as unknown as { readonly _nodiscoverycheck: symbol; readonly _expectedIssuer: symbol };

/** Discovery without the issuer equality check; the caller must check `issuer` itself. */
export function processDiscoveryWithoutIssuerCheck(response: Response): Promise<oauth.AuthorizationServer> {
  return oauth.processDiscoveryResponse(internals._nodiscoverycheck as unknown as URL, response);
}

/** Whether a provider profile computes the expected `iss` from each ID token (withExpectedIssuer). */
export function hasExpectedIssuerRule(metadata: oauth.AuthorizationServer): boolean {
  return Object.hasOwn(metadata, internals._expectedIssuer);
}

/** The metadata, with the rule by which an ID token's expected `iss` is computed from its claims. */
export function withExpectedIssuer(
  metadata: oauth.AuthorizationServer,
  expected: (claims: Readonly<Record<string, unknown>>) => string,
): oauth.AuthorizationServer {
  // oauth4webapi calls it with the decoded JWT ({ header, claims }), not the claims alone.
  const rule = (jwt: { readonly claims: Readonly<Record<string, unknown>> }): string => expected(jwt.claims);
  return Object.assign({ ...metadata }, { [internals._expectedIssuer]: rule });
}

/**
 * Metadata that provider-metadata.ts built from explicit endpoints, with no discovery document
 * behind it: its `issuer` is the setting's alone, which nothing from the provider confirmed. Kept
 * aside, not as a property, so that no copy of the metadata (and no server) can carry the mark.
 */
const fromSettingsAlone = new WeakSet<oauth.AuthorizationServer>();

/** Marks metadata as built from explicit endpoints; the same object is returned. */
export function markExplicit(metadata: oauth.AuthorizationServer): oauth.AuthorizationServer {
  fromSettingsAlone.add(metadata);
  return metadata;
}

/** Whether the metadata was built from explicit endpoints, so its issuer was never confirmed by discovery. */
export function isExplicit(metadata: oauth.AuthorizationServer): boolean {
  return fromSettingsAlone.has(metadata);
}
