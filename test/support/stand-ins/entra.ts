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
 * origin serves both, at the same paths.
 */
import { randomUUID } from 'node:crypto';
import { type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import { createSigningKey, TokenLedger } from './issued-tokens.ts';
import { json, nowSeconds, opaque, randomCode, type StandInReply, type StandInRequest, startStandInServer } from './stand-in-server.ts';

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

export const entraDefaultUser: EntraUser = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
  name: 'Megan Bowen',
  given_name: 'Megan',
  family_name: 'Bowen',
  preferred_username: 'megan@contoso.example',
  email: 'megan@contoso.example',
};

const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const multiTenant = new Set(['common', 'organizations']);

interface Tenant {
  /** The path segment the request used, and the tenant GUID its tokens carry. */
  readonly segment: string;
  readonly id: string;
}

export async function startEntraStandIn(options: EntraStandInOptions = {}): Promise<EntraStandIn> {
  const clientId = options.clientId ?? '535fb089-9ff3-47b6-9bfb-4f1264799865';
  const tenantId = options.tenantId ?? '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
  const tenantDomain = options.tenantDomain ?? 'contoso.onmicrosoft.com';
  const key = createSigningKey();
  const grants = new DeviceGrants<EntraUser>({
    interval: options.interval ?? 1,
    expiresIn: options.expiresIn ?? 30,
    userCode: () => randomCode(9, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
  });
  const grantTenants = new Map<string, string>();
  const tokens = new TokenLedger<EntraUser>();
  let published: string | undefined;
  let origin = '';

  /** The tenant a path segment names, or undefined for one Entra does not know. */
  function tenantOf(segment: string): Tenant | undefined {
    const lower = segment.toLowerCase();
    if (multiTenant.has(lower)) return { segment: lower, id: tenantId };
    if (lower === 'consumers' || lower === consumersTenantId) return { segment: lower, id: consumersTenantId };
    if (lower === tenantId || lower === tenantDomain) return { segment: lower, id: tenantId };
    return undefined;
  }

  const publishedIssuer = (segment: string): string =>
    multiTenant.has(segment) ? `${origin}/{tenantid}/v2.0` : `${origin}/${tenantOf(segment)?.id ?? segment}/v2.0`;

  /** v2-protocols-oidc: the OpenID configuration of `https://login.microsoftonline.com/{tenant}/v2.0`. */
  function discovery(tenant: Tenant): StandInReply {
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
      issuer: published ?? publishedIssuer(tenant.segment),
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
  function aadError(status: number, error: string, code: number, text: string): StandInReply {
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
      error_uri: `${origin}/error?code=${code}`,
    });
  }

  function clientRefusal(request: StandInRequest): StandInReply | undefined {
    const id = request.form.get('client_id');
    if (id !== clientId)
      return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${id ?? ''}' was not found in the directory.`);
    if (options.publicClientFlows === false) {
      return aadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    return undefined;
  }

  /** Device authorization response: `message`, no `verification_uri_complete`. */
  function deviceCode(tenant: Tenant, request: StandInRequest): StandInReply {
    const refused = clientRefusal(request);
    if (refused !== undefined) return refused;
    const grant = grants.issue(clientId, request.form.get('scope') ?? '');
    grantTenants.set(grant.deviceCode, tenant.segment);
    const verificationUri = `${origin}/devicelogin`;
    return json(200, {
      user_code: grant.userCode,
      device_code: grant.deviceCode,
      verification_uri: verificationUri,
      expires_in: options.expiresIn ?? 30,
      interval: options.interval ?? 1,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
    });
  }

  function token(tenant: Tenant, request: StandInRequest): StandInReply {
    const refused = clientRefusal(request);
    if (refused !== undefined) return refused;
    const grantType = request.form.get('grant_type');
    if (grantType === deviceCodeGrant) return pollAnswer(tenant, request.form.get('device_code') ?? '');
    if (grantType === 'refresh_token') return refreshAnswer(request.form.get('refresh_token') ?? '');
    return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }

  /** "Expected errors": every one a 400 with Entra's error body. */
  function pollAnswer(tenant: Tenant, deviceCode: string): StandInReply {
    // "The same tenant or tenant alias used in the initial request."
    if (grantTenants.get(deviceCode) !== tenant.segment)
      return aadError(400, 'bad_verification_code', 70018, 'The device code was not recognized.');
    const verdict = grants.poll(deviceCode, clientId);
    switch (verdict.kind) {
      case 'pending':
        return aadError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
      case 'slow_down':
        // Not among Microsoft's expected errors; RFC 8628 §3.5's, in Entra's error body.
        return aadError(400, 'slow_down', 70016, 'Polling too frequently. Slow down.');
      case 'denied':
        return aadError(400, 'authorization_declined', 65004, 'User declined to consent to access the app.');
      case 'expired':
        return aadError(400, 'expired_token', 70019, 'Verification code expired.');
      case 'unknown':
        return aadError(400, 'bad_verification_code', 70018, 'The device code was not recognized.');
      case 'approved': {
        const user = verdict.grant.user ?? entraDefaultUser;
        const tid = user.tenant ?? tenant.id;
        return tokenResponse({ ...user, tenant: tid, issuerTenant: user.issuerTenant ?? tid }, verdict.grant.scope);
      }
    }
  }

  function refreshAnswer(refreshToken: string): StandInReply {
    const issued = tokens.find(refreshToken);
    if (issued?.kind !== 'refresh' || !tokens.isActive(refreshToken)) {
      return aadError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
    }
    // Entra sends a new refresh token with every refresh; the old one is not used again here.
    tokens.end(refreshToken);
    return tokenResponse(issued.grant.user, issued.grant.scope);
  }

  function tokenResponse(user: EntraUser, scope: string): StandInReply {
    const lifetime = options.accessTokenLifetime ?? 3599;
    const scopes = scope.split(' ');
    const accessToken = opaque('eyJ0eXAiOiJKV1Qi.');
    const refreshToken = scopes.includes('offline_access') ? opaque('0.AXEA') : undefined;
    tokens.record({ user, clientId, scope, accessToken, refreshToken, expiresAt: Date.now() + lifetime * 1000 });
    return json(200, {
      token_type: 'Bearer',
      scope: [...scopes.filter((s) => s !== 'offline_access'), 'https://graph.microsoft.com/User.Read'].join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(scopes.includes('openid') ? { id_token: idToken(user, scopes) } : {}),
    });
  }

  function idToken(user: EntraUser, scopes: readonly string[]): string {
    const iat = nowSeconds();
    return key.sign({
      aud: clientId,
      iss: `${origin}/${user.issuerTenant ?? tenantId}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      ...(scopes.includes('profile') ? { name: user.name, oid: user.oid, preferred_username: user.preferred_username } : {}),
      ...(scopes.includes('email') && user.email !== undefined ? { email: user.email } : {}),
      rh: '0.AXEA-not-used',
      sub: user.sub,
      tid: user.tenant ?? tenantId,
      uti: opaque(''),
      ver: '2.0',
    });
  }

  /** Graph's UserInfo: the name claims, `sub` and `email`, for the access token it is given. */
  function userinfo(request: StandInRequest): StandInReply {
    const grant = tokens.access(request.bearer);
    if (grant === undefined)
      return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } });
    const { sub, name, given_name, family_name, email } = grant.user;
    return json(200, {
      sub,
      name,
      family_name,
      given_name,
      picture: 'https://graph.microsoft.com/v1.0/me/photo/$value',
      ...(email === undefined ? {} : { email }),
    });
  }

  const server = await startStandInServer((request) => {
    const path = request.url.pathname;
    if (path === '/oidc/userinfo') return userinfo(request);
    const [, segment = '', ...rest] = path.split('/');
    const tenant = tenantOf(segment);
    if (tenant === undefined) return aadError(400, 'invalid_tenant', 90002, `Tenant '${segment}' not found.`);
    switch (`${request.method} /${rest.join('/')}`) {
      case 'GET /v2.0/.well-known/openid-configuration':
        return discovery(tenant);
      case 'GET /discovery/v2.0/keys':
        return json(200, { keys: [{ ...key.publicJwk, issuer: publishedIssuer(tenant.segment) }] });
      case 'POST /oauth2/v2.0/devicecode':
        return deviceCode(tenant, request);
      case 'POST /oauth2/v2.0/token':
        return token(tenant, request);
      default:
        return json(404, { error: 'not_found' });
    }
  });
  origin = server.origin;
  return Object.assign(deviceFlowControls(grants, tokens, server, entraDefaultUser), {
    origin,
    clientId,
    tenantId,
    tenantDomain,
    issuer: (segment: string) => `${origin}/${segment}/v2.0`,
    publishIssuer: (issuer: string) => {
      published = issuer;
    },
    forgetDeviceCodes: () => {
      grantTenants.clear();
    },
  });
}
