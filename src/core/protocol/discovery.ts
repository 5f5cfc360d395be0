import * as oauth from 'oauth4webapi';
import { SignInError } from '../errors.ts';
import { type ProtocolContext, requestOptions } from './context.ts';
import { toSignInError } from './oauth-errors.ts';
import { processDiscoveryWithoutIssuerCheck } from './oauth-internals.ts';
import { requireSafeUrl } from './uri-safety.ts';

/** Endpoints we may call; each must be as safe as the issuer itself. */
const endpointFields = [
  'device_authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
] as const;

/**
 * The discovery document alone (OIDC Discovery §4), its `issuer` checked against the configured
 * one (§4.3), or by the profile's rule where the provider publishes a template (Entra).
 */
export async function fetchDiscovery(issuer: URL, context: ProtocolContext, signal?: AbortSignal): Promise<oauth.AuthorizationServer> {
  const { profile } = context;
  try {
    const response = await oauth.discoveryRequest(issuer, { ...requestOptions(context, signal), algorithm: 'oidc' });
    if (response.status === 404) {
      throw new SignInError('discovery_failed', `${issuer.href} publishes no OpenID Connect configuration.`);
    }
    if (response.status >= 500) {
      throw new SignInError('server_error', `${issuer.origin} answered ${response.status} to discovery.`);
    }
    if (profile.acceptsIssuer === undefined) return await oauth.processDiscoveryResponse(issuer, response);
    const metadata = await processDiscoveryWithoutIssuerCheck(response);
    if (!profile.acceptsIssuer(issuer, metadata.issuer)) {
      throw new SignInError('invalid_response', `The discovery document of ${issuer.href} names another issuer, ${metadata.issuer}.`);
    }
    return metadata;
  } catch (error) {
    throw toSignInError(error, 'discovery');
  }
}

/** RFC 8628 §4: the metadata can do a device sign-in, through endpoints as safe as the issuer. */
export function requireDeviceSignIn(metadata: oauth.AuthorizationServer, issuer: URL, context: ProtocolContext): void {
  for (const field of endpointFields) {
    if (metadata[field] !== undefined) requireSafeUrl(metadata[field], field, context.allowance);
  }
  if (metadata.device_authorization_endpoint === undefined) {
    throw new SignInError('discovery_unsupported', `${issuer.href} does not offer device sign-in (no device_authorization_endpoint).`);
  }
  if (metadata.token_endpoint === undefined) {
    throw new SignInError('invalid_response', `${issuer.href} names no token_endpoint.`);
  }
}
