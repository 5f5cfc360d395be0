import * as oauth from 'oauth4webapi';
import type { Clock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { Fetch } from './http.ts';
import type { HttpAllowance } from './uri-safety.ts';

/**
 * What every protocol step needs, passed in plainly (no hidden globals): the bounded fetch,
 * the clock, the client as oauth4webapi knows it, and which hosts may use plain http.
 */
export interface ProtocolContext {
  readonly fetch: Fetch;
  readonly clock: Clock;
  readonly client: oauth.Client;
  readonly clientAuth: oauth.ClientAuth;
  /** How `clientAuth` authenticates, by its RFC 8414 / RFC 7591 name, to compare with discovery. */
  readonly clientAuthMethod: string;
  readonly allowance: HttpAllowance;
  /** Plain http is allowed only when the issuer itself is a loopback (or explicitly allowed) http URL. */
  readonly allowHttp: boolean;
  /** The provider's documented deviations, for the steps that have a hook for them. */
  readonly profile: ProviderProfile;
  /** The configured issuer, checked: where a profile without discovery finds the rest (GitHub's API). */
  readonly issuer: URL;
}

export function createProtocolContext(
  config: ClientConfig,
  issuer: URL,
  fetch: Fetch,
  clock: Clock,
  profile: ProviderProfile,
): ProtocolContext {
  return {
    fetch,
    clock,
    // A desktop app cannot keep a secret: it is a public client (RFC 8628 §5.6, RFC 8252 §8.5).
    // A provider that insists on a client secret anyway gets it in the body (RFC 6749 §2.3.1).
    client: { client_id: config.clientId },
    clientAuth: config.clientSecret === undefined ? oauth.None() : oauth.ClientSecretPost(config.clientSecret),
    clientAuthMethod: config.clientSecret === undefined ? 'none' : 'client_secret_post',
    allowance: { allowHttpHosts: config.allowHttpHosts },
    allowHttp: issuer.protocol === 'http:',
    profile,
    issuer,
  };
}

type OAuthFetch = (url: string, init: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>;

/** oauth4webapi spells absent options as `undefined` (`body: undefined` on a GET); RequestInit wants them left out. */
function withoutUndefined(init: oauth.CustomFetchOptions<string, unknown>): RequestInit {
  return Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined));
}

/** Skew below this is ordinary drift that oauth4webapi's 30 s tolerance already absorbs. */
const ignorableSkewSeconds = 30;

/**
 * The client, adjusted for a provider whose clock is far off. oauth4webapi checks ID token
 * `exp`/`nbf` against this machine's clock (Date.now, not the injected clock), so the skew is
 * measured the same way, from the response's Date header (RFC 9110 §6.6.1).
 */
export function clientForResponse(context: ProtocolContext, response: Response): oauth.Client {
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(date)) return context.client;
  const skew = Math.round((date - Date.now()) / 1000);
  return Math.abs(skew) > ignorableSkewSeconds ? { ...context.client, [oauth.clockSkew]: skew } : context.client;
}

/**
 * The per-request options oauth4webapi takes: our fetch, the http allowance, the caller's signal,
 * and the session's DPoP handle when its tokens are bound (RFC 9449 §5, §7).
 */
export function requestOptions(
  context: ProtocolContext,
  signal: AbortSignal | undefined,
  dpop?: oauth.DPoPHandle,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see below
): { [oauth.customFetch]: OAuthFetch; [oauth.allowInsecureRequests]: boolean; signal?: AbortSignal; DPoP?: oauth.DPoPHandle } {
  return {
    ...(dpop === undefined ? {} : { DPoP: dpop }),
    [oauth.customFetch]: (url, init) => context.fetch(url, withoutUndefined(init)),
    // Deprecated upstream to make it stand out: we set it only for a loopback (or explicitly allowed) http issuer.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    [oauth.allowInsecureRequests]: context.allowHttp,
    ...(signal === undefined ? {} : { signal }),
  };
}
