import * as oauth from 'oauth4webapi';
import type { Clock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import { type Fetch, refuseRedirect } from './http.ts';
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
 * The per-request options oauth4webapi takes for a protocol step: our fetch, refusing redirects
 * (refuseRedirect, http.ts), the http allowance, the caller's signal, and the session's DPoP
 * handle when its tokens are bound (RFC 9449 §5, §7).
 */
export function requestOptions(context: ProtocolContext, signal: AbortSignal | undefined, dpop?: oauth.DPoPHandle): OAuthRequestOptions {
  return optionsFor(context, signal, dpop, 'refuse');
}

/** The same for a request to an API (authorized-fetch.ts): a redirect, never followed, is the API's answer to hand back. */
export function resourceRequestOptions(
  context: ProtocolContext,
  signal: AbortSignal | undefined,
  dpop?: oauth.DPoPHandle,
): OAuthRequestOptions {
  return optionsFor(context, signal, dpop, 'answer');
}

type OAuthRequestOptions = {
  [oauth.customFetch]: OAuthFetch;
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- set only for a loopback (or explicitly allowed) http issuer
  [oauth.allowInsecureRequests]: boolean;
  signal?: AbortSignal;
  DPoP?: oauth.DPoPHandle;
};

function optionsFor(
  context: ProtocolContext,
  signal: AbortSignal | undefined,
  dpop: oauth.DPoPHandle | undefined,
  redirects: 'refuse' | 'answer',
): OAuthRequestOptions {
  return {
    ...(dpop === undefined ? {} : { DPoP: dpop }),
    [oauth.customFetch]: async (url, init) => {
      const response = await context.fetch(url, withoutUndefined(init));
      if (redirects === 'refuse') await refuseRedirect(url, response);
      return response;
    },
    // Deprecated upstream to make it stand out: we set it only for a loopback (or explicitly allowed) http issuer.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    [oauth.allowInsecureRequests]: context.allowHttp,
    ...(signal === undefined ? {} : { signal }),
  };
}
