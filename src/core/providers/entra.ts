import type * as oauth from 'oauth4webapi';
import { SignInError } from '../errors.ts';
import type { ProviderProfile } from './profile.ts';

/** The tenant aliases whose discovery document holds an issuer template rather than one tenant's issuer. */
const multiTenantAliases = new Set(['common', 'organizations', 'consumers']);
/** "The GUID that indicates that the user is a consumer user from a Microsoft account" (id-token-claims-reference). */
const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
const placeholder = '{tenantid}';
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Microsoft Entra ID (the Microsoft identity platform, v2.0 endpoints). The issuer is
 * `https://login.microsoftonline.com/{tenant}/v2.0`, the tenant a GUID, a domain, or one of
 * `common`, `organizations`, `consumers`. It publishes discovery with device authorization and
 * token endpoints, and differs from the RFCs so:
 * - for `common` and `organizations` the discovery document's `issuer` is the template
 *   `https://login.microsoftonline.com/{tenantid}/v2.0`, and each ID token's `iss` is its own
 *   tenant's: "replace the {tenantid} value in the issuer metadata with the tenant ID [...] (`tid`
 *   claim of the token), and then check the exact match", `tid` being a GUID
 *   (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
 *   `consumers` is "a nickname for the tenant 9188040d-6c67-4c5b-b112-36a304b66dad", whose issuer
 *   (or the template) its document names; a tenant given by its domain publishes its GUID's issuer.
 *   Any issuer that is not a template must match the ID token's exactly (OIDC Core §3.1.3.7);
 * - the device response has a `message` and no `verification_uri_complete` ("not included or
 *   supported at this time"), so the user types the code. Of the expected errors
 *   (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#expected-errors),
 *   `authorization_declined` is RFC 8628 §3.5's `access_denied`; `expired_token` is the RFC's
 *   own; `bad_verification_code` (a device code the token endpoint does not know) ends the wait
 *   as a refusal, as any error but pending and slow_down does (RFC 8628 §3.5);
 * - refresh tokens come with `offline_access`; there is no revocation endpoint, so sign-out
 *   ends the session on this computer only.
 */
export const entraProfile: ProviderProfile = {
  name: 'entra',
  displayName: 'Microsoft Entra ID',
  dialect: {
    errorNames: { authorization_declined: 'access_denied' },
  },
  acceptsIssuer,
  idTokenIssuer: tenantIssuer,
};

/** The discovery document's issuer: the configured one, the template for an alias, or a named tenant's own. */
function acceptsIssuer(configured: URL, published: string): boolean {
  if (published === configured.href) return true;
  const tenant = tenantOf(configured).toLowerCase();
  if (multiTenantAliases.has(tenant) && published === withTenant(configured, placeholder)) return true;
  if (tenant === 'consumers') return published === withTenant(configured, consumersTenantId);
  // A tenant given by its domain (contoso.onmicrosoft.com) publishes the issuer of its GUID.
  const publishedTenant = tenantOfString(published);
  return (
    tenant.includes('.') &&
    publishedTenant !== undefined &&
    guid.test(publishedTenant) &&
    published === withTenant(configured, publishedTenant)
  );
}

/** With the template, an ID token's `iss` must be the template filled with that token's `tid`, a GUID. */
function tenantIssuer(metadata: oauth.AuthorizationServer): ((claims: Readonly<Record<string, unknown>>) => string) | undefined {
  if (!metadata.issuer.includes(placeholder)) return undefined;
  return (claims) => {
    const tid = claims.tid;
    if (typeof tid !== 'string' || !guid.test(tid)) {
      throw new SignInError('invalid_response', 'The ID token names no tenant (a "tid" that is a GUID), so its issuer cannot be checked.');
    }
    return metadata.issuer.replace(placeholder, tid);
  };
}

/** The first path segment: `common` in `https://login.microsoftonline.com/common/v2.0`. */
function tenantOf(issuer: URL): string {
  return issuer.pathname.split('/')[1] ?? '';
}

function tenantOfString(issuer: string): string | undefined {
  try {
    return tenantOf(new URL(issuer));
  } catch {
    return undefined;
  }
}

/** The issuer with its tenant segment replaced, spelled as a URL's href is. */
function withTenant(issuer: URL, tenant: string): string {
  const segments = issuer.pathname.split('/');
  segments[1] = tenant;
  return `${issuer.origin}${segments.join('/')}`;
}
