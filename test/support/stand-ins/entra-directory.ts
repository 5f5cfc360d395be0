/**
 * The Entra stand-in's tenants, their users, and what every endpoint under them shares, as
 * Microsoft documents it:
 * - https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc and
 *   https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer (the
 *   discovery document per tenant, its `{tenantid}` issuer template for `common` and
 *   `organizations`, the consumer tenant 9188040d-6c67-4c5b-b112-36a304b66dad, no revocation);
 * - https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference (the user's
 *   claims: `sub`, `oid`, `preferred_username`, the tenant as `tid`);
 * - https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS numbers,
 *   the error body with `error_codes`, `trace_id`, `correlation_id`).
 */
import { randomUUID } from 'node:crypto';
import type { StandInState } from './device-grants.ts';
import type { EntraStandInOptions } from './entra.ts';
import { json, type StandInReply } from './stand-in-server.ts';

export const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Who signs in, and to which tenant: the claims of their ID token and UserInfo. */
export interface EntraUser {
  /** Pairwise per application (id-token-claims-reference). */
  readonly sub: string;
  readonly oid: string;
  readonly name?: string;
  readonly given_name?: string;
  readonly family_name?: string;
  readonly preferred_username?: string;
  readonly email?: string;
  /** The tenant the user signs in to (`tid`). Default: the tenant of the request's path, or the home tenant. */
  readonly tenant?: string;
  /** A broken token for tests: `iss` names this tenant while `tid` names the other. */
  readonly issuerTenant?: string;
}

export const entraDefaultUser: EntraUser = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
  name: 'Megan Bowen',
  given_name: 'Megan',
  family_name: 'Bowen',
  preferred_username: 'megan@contoso.example',
  email: 'megan@contoso.example',
};

/** The Entra stand-in's state: its app registration, its organization's tenant, and where each code was asked for. */
export interface EntraDirectory extends StandInState<EntraUser, EntraStandInOptions> {
  /** The organization's tenant: its GUID and its domain. */
  readonly tenantId: string;
  readonly tenantDomain: string;
  /** The tenant path segment each device code was issued under, by device code. */
  readonly grantTenants: Map<string, string>;
  /** The issuer discovery names instead of the path's own (`publishIssuer`). */
  published: string | undefined;
}

export interface Tenant {
  /** The path segment the request used, and the tenant GUID its tokens carry. */
  readonly segment: string;
  readonly id: string;
}

const multiTenant = new Set(['common', 'organizations']);

/** The tenant a path segment names, or undefined for one Entra does not know. */
export function tenantOf(directory: EntraDirectory, segment: string): Tenant | undefined {
  const lower = segment.toLowerCase();
  if (multiTenant.has(lower)) return { segment: lower, id: directory.tenantId };
  if (lower === 'consumers' || lower === consumersTenantId) return { segment: lower, id: consumersTenantId };
  if (lower === directory.tenantId || lower === directory.tenantDomain) return { segment: lower, id: directory.tenantId };
  return undefined;
}

/** The issuer a tenant's discovery and keys name: the `{tenantid}` template for the multi-tenant ones. */
export function publishedIssuer(directory: EntraDirectory, segment: string): string {
  const { origin } = directory;
  return multiTenant.has(segment) ? `${origin}/{tenantid}/v2.0` : `${origin}/${tenantOf(directory, segment)?.id ?? segment}/v2.0`;
}

/** v2-protocols-oidc: the OpenID configuration of `https://login.microsoftonline.com/{tenant}/v2.0`. */
export function discovery(directory: EntraDirectory, tenant: Tenant): StandInReply {
  const { origin } = directory;
  const base = `${origin}/${tenant.segment}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: directory.published ?? publishedIssuer(directory, tenant.segment),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: 'graph.microsoft.com',
  });
}

/** The error body of reference-error-codes: an `error`, an AADSTS description and its number. */
export function aadError(directory: EntraDirectory, status: number, error: string, code: number, text: string): StandInReply {
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const trace = randomUUID();
  const correlation = randomUUID();
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}Z`,
    error_codes: [code],
    timestamp: `${timestamp}Z`,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `${directory.origin}/error?code=${code}`,
  });
}
