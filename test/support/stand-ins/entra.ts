/**
 * Microsoft Entra ID's v2.0 endpoints for the device authorization grant, on loopback, as
 * Microsoft documents them:
 * - https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code (`/devicecode` and
 *   `/token` under the tenant, the response's `message` and no `verification_uri_complete`, the
 *   expected errors `authorization_pending`, `authorization_declined`, `bad_verification_code`,
 *   `expired_token`, refresh tokens only with `offline_access`);
 * - https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc and
 *   https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer (the
 *   discovery document per tenant, its `{tenantid}` issuer template for `common` and
 *   `organizations`, the consumer tenant 9188040d-6c67-4c5b-b112-36a304b66dad, no revocation);
 * - https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference (`iss`, `tid`,
 *   `oid`, `preferred_username`, `ver`) and .../userinfo (Graph's `/oidc/userinfo`);
 * - https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS numbers,
 *   the error body with `error_codes`, `trace_id`, `correlation_id`).
 * Entra serves these from login.microsoftonline.com and graph.microsoft.com; here one loopback
 * origin serves both, at the same paths. The tenants, their discovery and the error body are in
 * entra-directory.ts, what each endpoint issues in entra-tokens.ts.
 */
import { type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import {
  aadError,
  discovery,
  type EntraDirectory,
  entraDefaultUser,
  type EntraUser,
  publishedIssuer,
  tenantOf,
} from './entra-directory.ts';
import { deviceCode, token, userinfo } from './entra-tokens.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, randomCode, startStandInServer, type StandInReply, type StandInRequest } from './stand-in-server.ts';

export { consumersTenantId, entraDefaultUser, type EntraUser } from './entra-directory.ts';

export interface EntraStandInOptions {
  readonly clientId?: string;
  /** The organization's tenant: its GUID and its domain. */
  readonly tenantId?: string;
  readonly tenantDomain?: string;
  /** "Allow public client flows" on the app registration; without it a device client is refused. Default true. */
  readonly publicClientFlows?: boolean;
  /** Seconds between polls, as announced. Default 1 (Entra sends 5). */
  readonly interval?: number;
  /** Seconds the codes live. Default 30 (Entra sends 900). */
  readonly expiresIn?: number;
  readonly accessTokenLifetime?: number;
}

export interface EntraStandIn extends DeviceFlowControls<EntraUser> {
  readonly origin: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly tenantDomain: string;
  /** The issuer to configure for a tenant: `common`, `organizations`, `consumers`, a GUID or a domain. */
  issuer(tenant: string): string;
  /** Discovery names this issuer from now on, whatever the path's tenant. */
  publishIssuer(issuer: string): void;
  /** The token endpoint no longer knows the device codes it issued (`bad_verification_code`). */
  forgetDeviceCodes(): void;
}

export async function startEntraStandIn(options: EntraStandInOptions = {}): Promise<EntraStandIn> {
  const directory: EntraDirectory = {
    options,
    clientId: options.clientId ?? '535fb089-9ff3-47b6-9bfb-4f1264799865',
    tenantId: options.tenantId ?? '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
    tenantDomain: options.tenantDomain ?? 'contoso.onmicrosoft.com',
    key: createSigningKey(),
    grants: new DeviceGrants<EntraUser>({
      interval: options.interval ?? 1,
      expiresIn: options.expiresIn ?? 30,
      userCode: () => randomCode(9, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
    }),
    tokens: new TokenLedger<EntraUser>(),
    grantTenants: new Map<string, string>(),
    origin: '',
    published: undefined,
  };
  const server = await startStandInServer((request) => route(directory, request));
  const origin = server.origin;
  directory.origin = origin;
  return Object.assign(deviceFlowControls(directory.grants, directory.tokens, server, entraDefaultUser), {
    origin,
    clientId: directory.clientId,
    tenantId: directory.tenantId,
    tenantDomain: directory.tenantDomain,
    issuer: (segment: string) => `${origin}/${segment}/v2.0`,
    publishIssuer: (issuer: string) => {
      directory.published = issuer;
    },
    forgetDeviceCodes: () => {
      directory.grantTenants.clear();
    },
  });
}

/** Graph's UserInfo at its own path; everything else under the tenant the path names. */
function route(directory: EntraDirectory, request: StandInRequest): StandInReply {
  const path = request.url.pathname;
  if (path === '/oidc/userinfo') return userinfo(directory, request);
  const [, segment = '', ...rest] = path.split('/');
  const tenant = tenantOf(directory, segment);
  if (tenant === undefined) return aadError(directory, 400, 'invalid_tenant', 90002, `Tenant '${segment}' not found.`);
  switch (`${request.method} /${rest.join('/')}`) {
    case 'GET /v2.0/.well-known/openid-configuration':
      return discovery(directory, tenant);
    case 'GET /discovery/v2.0/keys':
      return json(200, { keys: [{ ...directory.key.publicJwk, issuer: publishedIssuer(directory, tenant.segment) }] });
    case 'POST /oauth2/v2.0/devicecode':
      return deviceCode(directory, tenant, request);
    case 'POST /oauth2/v2.0/token':
      return token(directory, tenant, request);
    default:
      return json(404, { error: 'not_found' });
  }
}
