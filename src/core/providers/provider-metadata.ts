import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config.ts';
import type { ProtocolContext } from '../protocol/context.ts';
import { fetchDiscovery, requireDeviceSignIn } from '../protocol/discovery.ts';
import { withExpectedIssuer } from '../protocol/oauth-internals.ts';
import type { EndpointName, ExplicitEndpoints, ProviderProfile } from './profile.ts';

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
  const base =
    explicit.deviceAuthorization !== undefined && explicit.token !== undefined
      ? // The issuer as configured, character for character: an ID token's `iss` is compared with it.
        ({ issuer: config.issuer } satisfies oauth.AuthorizationServer)
      : await fetchDiscovery(issuer, context, signal);
  const metadata = withEndpoints(base, explicit);
  requireDeviceSignIn(metadata, issuer, context);
  const adjusted = profile.adjustMetadata?.(metadata, issuer) ?? metadata;
  const idTokenIssuer = profile.idTokenIssuer?.(adjusted);
  return idTokenIssuer === undefined ? adjusted : withExpectedIssuer(adjusted, idTokenIssuer);
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
