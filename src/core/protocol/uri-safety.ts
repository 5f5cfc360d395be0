import { isLoopbackHost } from '../../shared/loopback.ts';
import { SignInError } from '../errors.ts';

export { isLoopbackHost };

/** Which hosts may be reached over plain http: loopback always, others only when configured explicitly. */
export interface HttpAllowance {
  readonly allowHttpHosts?: readonly string[] | undefined;
}

const maxUrlLength = 2048;

/**
 * Accepts a URL the server handed us only when it is https, or http on loopback (or an
 * explicitly allowed host, for the LAN demo). `javascript:`, `file:`, `data:`, embedded
 * credentials (`https://bank.example@evil.example`) and garbage are refused with `insecure_uri`:
 * these URIs are opened in a browser and shown as a QR code, so an unsafe one must never get that far.
 */
export function requireSafeUrl(value: unknown, field: string, allowance: HttpAllowance = {}): URL {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxUrlLength) {
    throw new SignInError('insecure_uri', `The server's ${field} is not a usable URL.`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SignInError('insecure_uri', `The server's ${field} is not a valid URL.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new SignInError('insecure_uri', `The server's ${field} carries credentials, which could disguise its real host.`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isHttpAllowed(url.hostname, allowance)) return url;
  const scheme = url.protocol.replace(/:$/, '');
  throw new SignInError('insecure_uri', `The server's ${field} uses ${scheme}, not https.`);
}

export function isHttpAllowed(hostname: string, allowance: HttpAllowance): boolean {
  if (isLoopbackHost(hostname)) return true;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (allowance.allowHttpHosts ?? []).some((allowed) => allowed.toLowerCase() === host);
}

/**
 * The one answer to "may this URL be opened in the user's browser": the same rule that let it
 * in (https; plain http only on loopback or an explicitly allowed host, never credentials). The
 * window's "Open in browser" and the command line's opener both ask it, so they cannot drift.
 */
export function openableUrl(value: string, allowance: HttpAllowance = {}): URL | undefined {
  try {
    const url = requireSafeUrl(value, 'verification page', allowance);
    return url.hostname === '' ? undefined : url;
  } catch {
    return undefined;
  }
}
