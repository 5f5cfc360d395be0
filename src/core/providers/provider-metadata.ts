import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config.ts';
import type { ProtocolContext } from '../protocol/context.ts';
import { fetchDiscovery, requireDeviceSignIn } from '../protocol/discovery.ts';
import { markExplicit, withExpectedIssuer } from '../protocol/oauth-internals.ts';
import type { EndpointName, ProviderProfile } from './profile.ts';
import type { ExplicitEndpoints } from './provider-names.ts';

/**
 * The provider's metadata: discovered (OIDC Discovery, RFC 8414), or built from explicit
 * endpoints when both the device authorization and the token endpoint are known without it
 * (a server with no discovery, GitHub). Explicit endpoints win over discovered ones. Either way
 * the capability check (RFC 8628 §4) answers before any code is requested.
 */
export async function providerMetadata(
  issuer: URL,
  config: Pick<ClientConfig, 'issuer' | 'endpoints'>,
  profile: ProviderProfile,
  context: ProtocolContext,
  signal?: AbortSignal,
): Promise<oauth.AuthorizationServer> {
  const explicit = explicitEndpoints(issuer, config, profile);
  const withoutDiscovery = explicit.deviceAuthorization !== undefined && explicit.token !== undefined;
  const base = withoutDiscovery
    ? // The issuer as configured, character for character: an ID token's `iss` is compared with it.
      ({ issuer: config.issuer } satisfies oauth.AuthorizationServer)
    : await fetchDiscovery(issuer, context, signal);
  const metadata = withIdTokenAlgorithms(withEndpoints(base, explicit));
  requireDeviceSignIn(metadata, issuer, context);
  const adjusted = profile.adjustMetadata?.(metadata, issuer) ?? metadata;
  const idTokenIssuer = profile.idTokenIssuer?.(adjusted);
  const final = idTokenIssuer === undefined ? adjusted : withExpectedIssuer(adjusted, idTokenIssuer);
  // An ID token that names another issuer then contradicts a setting, not a document (oauth-errors.ts, issuerMismatch).
  return withoutDiscovery ? markExplicit(final) : final;
}

/** The profile's endpoints for this issuer, overridden one by one by configured ones. */
export function explicitEndpoints(issuer: URL, config: Pick<ClientConfig, 'endpoints'>, profile: ProviderProfile): ExplicitEndpoints {
  const fromProfile = profile.endpoints?.(issuer) ?? {};
  const configured = config.endpoints ?? {};
  return {
    deviceAuthorization: configured.deviceAuthorization ?? fromProfile.deviceAuthorization,
    token: configured.token ?? fromProfile.token,
    userinfo: configured.userinfo ?? fromProfile.userinfo,
    revocation: configured.revocation ?? fromProfile.revocation,
  };
}

/**
 * The JWS algorithms (RFC 7518 §3.1, RFC 8037 §3.1) an ID token may name when the metadata
 * names none: every asymmetric one. Never `none` or HMAC (HS*), which sign with no key the
 * server alone holds.
 */
const asymmetricIdTokenAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/**
 * Metadata without `id_token_signing_alg_values_supported` (explicit endpoints with no
 * discovery, or an RFC 8414 document without it) would leave oauth4webapi expecting RS256, and
 * fail an approved sign-in whose ID token is signed otherwise. The token comes straight from the
 * token endpoint over TLS, which OpenID Connect Core §3.1.3.7 (6) accepts in place of checking its
 * signature, so whichever asymmetric algorithm it names is taken. A list the server publishes
 * still decides.
 */
function withIdTokenAlgorithms(metadata: oauth.AuthorizationServer): oauth.AuthorizationServer {
  if (metadata.id_token_signing_alg_values_supported !== undefined) return metadata;
  return { ...metadata, id_token_signing_alg_values_supported: asymmetricIdTokenAlgorithms };
}

function withEndpoints(metadata: oauth.AuthorizationServer, explicit: ExplicitEndpoints): oauth.AuthorizationServer {
  return {
    ...metadata,
    ...(explicit.deviceAuthorization === undefined ? {} : { device_authorization_endpoint: explicit.deviceAuthorization }),
    ...(explicit.token === undefined ? {} : { token_endpoint: explicit.token }),
    ...(explicit.userinfo === undefined ? {} : { userinfo_endpoint: explicit.userinfo }),
    ...(explicit.revocation === undefined ? {} : { revocation_endpoint: explicit.revocation }),
  };
}

/** Which endpoint of `metadata` a request URL is for; before the metadata is known, only discovery. */
export function endpointOf(metadata: oauth.AuthorizationServer | undefined, url: string): EndpointName {
  const target = withoutQuery(url);
  if (new URL(url).pathname.includes('/.well-known/')) return 'discovery';
  const fields: [keyof oauth.AuthorizationServer, EndpointName][] = [
    ['device_authorization_endpoint', 'device_authorization'],
    ['token_endpoint', 'token'],
    ['userinfo_endpoint', 'userinfo'],
    ['revocation_endpoint', 'revocation'],
  ];
  for (const [field, name] of fields) {
    const value = metadata?.[field];
    if (typeof value === 'string' && withoutQuery(value) === target) return name;
  }
  return 'other';
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
