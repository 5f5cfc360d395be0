import type * as oauth from 'oauth4webapi';
import type { Fetch } from '../protocol/http.ts';
import type { DPoPMode } from '../protocol/dpop-mode.ts';
import type { ExplicitEndpoints, ProviderName } from './provider-names.ts';

/** Which endpoint an exchange went to, so a dialect can translate its answer. */
export type EndpointName = 'discovery' | 'device_authorization' | 'token' | 'userinfo' | 'revocation' | 'other';

/**
 * How a provider's wire format differs from the RFCs', as data: the dialect fetch rewrites
 * every answer into RFC 8628 / RFC 6749 form before a protocol step reads it, so the steps
 * never test which provider they talk to.
 */
export interface Dialect {
  /** Headers sent on every request (GitHub answers form encoding unless asked for JSON). */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /** Response field renames, per endpoint (Google's `verification_url` is `verification_uri`). */
  readonly fieldNames?: Partial<Record<EndpointName, Readonly<Record<string, string>>>>;
  /** OAuth `error` renames on the token endpoint (Entra's `authorization_declined` is `access_denied`). */
  readonly errorNames?: Readonly<Record<string, string>>;
  /**
   * OAuth errors the token endpoint sends with a status of its own instead of RFC 6749 §5.2's
   * 400, by `error` (Auth0 sends `slow_down` with 429). Only that error with that status is
   * given 400; a 429 with any other body stays a rate limit, to be retried.
   */
  readonly errorStatuses?: Readonly<Record<string, number>>;
}

/**
 * What a profile's own claims request needs of the protocol context: where to send it and
 * through which fetch. Narrow, so the profile contract does not depend on the whole context,
 * which holds a profile itself.
 */
export interface ClaimsContext {
  readonly fetch: Fetch;
  /** The configured issuer, checked: where a profile without discovery finds the rest (GitHub's API). */
  readonly issuer: URL;
}

/**
 * A provider's documented deviations, as data plus a few hooks (docs/providers.md). The flow
 * and the protocol steps ask the profile; none of them tests which provider it is.
 */
export interface ProviderProfile {
  readonly name: ProviderName;
  /** The name people know it by, for messages and docs. */
  readonly displayName: string;
  /** The issuer when none is configured, for a provider at one well-known host (GitHub). */
  readonly defaultIssuer?: string;
  /** Endpoints built from the issuer, for a provider that publishes no discovery (GitHub). */
  readonly endpoints?: (issuer: URL) => ExplicitEndpoints;
  readonly dialect?: Dialect;
  /**
   * Whether a discovery document's `issuer` is acceptable for the configured one. Default: the
   * same URL (OIDC Discovery §4.3). Entra's multi-tenant documents hold a `{tenantid}` template.
   */
  readonly acceptsIssuer?: (configured: URL, published: string) => boolean;
  /** Adjusts the metadata once it is known (Keycloak: a revocation method its discovery leaves out). */
  readonly adjustMetadata?: (metadata: oauth.AuthorizationServer, configured: URL) => oauth.AuthorizationServer;
  /**
   * The issuer an ID token must name, from its claims, where that is not the metadata's `issuer`
   * as written (Entra: a template filled with the token's `tid`; Google: also its bare host).
   * Undefined for metadata that needs no such rule. Applied by provider-metadata.ts, so that a
   * profile, which settings resolution reads on every start, loads no protocol library.
   */
  readonly idTokenIssuer?: (metadata: oauth.AuthorizationServer) => ((claims: Readonly<Record<string, unknown>>) => string) | undefined;
  /** The profile claims where the provider has no OpenID userinfo (GitHub's REST API). */
  readonly fetchClaims?: (accessToken: string, context: ClaimsContext, signal?: AbortSignal) => Promise<Readonly<Record<string, unknown>>>;
  /**
   * A page where the user can end the grant themselves, when this client cannot revoke it
   * (GitHub's page for this app, by its client id): sign-out names it as it forgets the session.
   */
  readonly revokeHelpUrl?: (issuer: URL, clientId: string) => string;
  /**
   * The scopes a device client may ask for, where the provider allows only some (Google): a
   * refusal (`invalid_scope`) then names them. `implied` are scopes the provider would refuse
   * but whose effect it grants unasked (Google gives device clients refresh tokens without
   * `offline_access`); they are left out of the device authorization request.
   */
  readonly deviceScopes?: { readonly allowed: readonly string[]; readonly implied: readonly string[] };
  /**
   * Revoking either token ends the whole grant, and the provider then refuses the other as no
   * longer valid (Google answers 400): sign-out revokes one token, the refresh token if there is one.
   */
  readonly revocationEndsGrant?: boolean;
  /** The DPoP setting (RFC 9449) when none is configured; `auto` unless the profile says otherwise. */
  readonly dpop?: DPoPMode;
}
