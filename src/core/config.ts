import { SignInError } from './errors.ts';
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
}

/** The scopes asked for unless a setting says otherwise: who the user is, and a refresh token (`offline_access`) to stay signed in. */
export const defaultScope = 'openid profile email offline_access';

/** Checks a configuration before any request goes out, so a typo is reported as such. */
export function validateConfig(config: ClientConfig): URL {
  if (config.clientId.trim() === '') throw new SignInError('invalid_config', 'No client id is configured.');
  if (config.scope.trim() === '') throw new SignInError('invalid_config', 'No scope is configured.');
  let issuer: URL;
  try {
    issuer = new URL(config.issuer);
  } catch {
    throw new SignInError('invalid_config', `The issuer "${config.issuer}" is not a URL.`);
  }
  if (issuer.search !== '' || issuer.hash !== '') {
    throw new SignInError('invalid_config', 'The issuer URL must not have a query or fragment (OpenID Connect Discovery §2).');
  }
  return requireSafeUrl(issuer.href, 'issuer', config);
}
