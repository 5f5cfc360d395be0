import { SignInError } from './errors.ts';
import type { SettingProblem } from './setting-problem.ts';
import type { DPoPMode } from './protocol/dpop-mode.ts';
import type { ExplicitEndpoints, ProviderName } from './providers/provider-names.ts';
import { requireSafeUrl } from './protocol/uri-safety.ts';

/** Where and as whom the app signs in. Comes from policy, settings or the embedded demo provider. */
export interface ClientConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Space-separated scopes; `offline_access` asks for a refresh token. */
  readonly scope: string;
  /** Sent as `audience` (the Auth0/Okta convention for naming the API the token is for). */
  readonly audience?: string | undefined;
  /** RFC 8707 resource indicators. */
  readonly resource?: string | readonly string[] | undefined;
  /** RFC 9396 rich authorization requests, sent as the JSON `authorization_details` parameter. */
  readonly authorizationDetails?: readonly Readonly<Record<string, unknown>>[] | undefined;
  /** Anything else a provider wants on the device authorization request. */
  readonly extraParams?: Readonly<Record<string, string>> | undefined;
  /** Non-loopback hosts allowed over plain http: only the LAN demo sets this. */
  readonly allowHttpHosts?: readonly string[] | undefined;
  /** Whose documented deviations to allow for (docs/providers.md). Default `generic`. */
  readonly provider?: ProviderName | undefined;
  /**
   * Endpoints given explicitly. With both the device authorization and the token endpoint,
   * no discovery is done; otherwise they win over the discovered ones.
   */
  readonly endpoints?: ExplicitEndpoints | undefined;
  /**
   * A client secret the provider demands even of a device client (Google's "TVs and Limited
   * Input devices" clients). It ships inside the app, so it is no secret: it identifies, it
   * does not authenticate (RFC 8252 §8.5).
   */
  readonly clientSecret?: string | undefined;
  /** Whether tokens are bound to a key of this computer's (RFC 9449). Default: the provider profile's, else `auto`. */
  readonly dpop?: DPoPMode | undefined;
}

/** The scopes asked for unless a setting says otherwise: who the user is, and a refresh token (`offline_access`) to stay signed in. */
export const defaultScope = 'openid profile email offline_access';

/** Checks a configuration before any request goes out, so a typo is reported as such. */
export function validateConfig(config: ClientConfig): URL {
  if (config.clientId.trim() === '') {
    throw new SignInError('invalid_config', 'No client id is configured.', { problem: { rule: 'config.noClientId', values: {} } });
  }
  if (config.scope.trim() === '') {
    throw new SignInError('invalid_config', 'No scope is configured.', { problem: { rule: 'config.noScope', values: {} } });
  }
  let issuer: URL;
  try {
    issuer = new URL(config.issuer);
  } catch {
    throw new SignInError('invalid_config', `The issuer "${config.issuer}" is not a URL.`, {
      problem: { rule: 'config.issuerNotUrl', values: { issuer: config.issuer } },
    });
  }
  if (issuer.search !== '' || issuer.hash !== '') {
    throw new SignInError('invalid_config', 'The issuer URL must not have a query or fragment (OpenID Connect Discovery §2).', {
      problem: { rule: 'config.issuerQueryFragment', values: { issuer: config.issuer } },
    });
  }
  const safeIssuer = requireSafeSetting(issuer.href, 'issuer', config, () =>
    issuer.protocol === 'https:'
      ? { rule: 'config.issuerCredentials', values: { issuer: config.issuer } }
      : { rule: 'config.issuerNotHttps', values: { issuer: config.issuer } },
  );
  // Every endpoint follows the issuer's rule: https, or http on loopback only.
  for (const [name, url] of Object.entries(config.endpoints ?? {})) {
    if (typeof url !== 'string') continue;
    requireSafeSetting(url, `${name} endpoint`, config, () => ({ rule: 'config.endpointNotHttps', values: { name, url } }));
  }
  return safeIssuer;
}

/** requireSafeUrl's rule for a URL the settings give, its refusal carrying the problem in the setting's terms. */
function requireSafeSetting(url: string, field: string, config: ClientConfig, problem: () => SettingProblem): URL {
  try {
    return requireSafeUrl(url, field, config);
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    throw new SignInError(error.code, error.message, { problem: problem() });
  }
}
