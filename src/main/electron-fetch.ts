/**
 * The core's fetch in the app: Electron's net.fetch (Chromium's network stack, the OS's proxies
 * and certificates), with one difference. The core asks every request with `redirect: 'manual'`
 * (oauth4webapi does, so that a token is never sent on to where a server points), and net.fetch
 * does not return the 3xx answer as fetch would: its ClientRequest dies with "Redirect was
 * cancelled" when no one follows the redirect (lib/browser/api/net-client-request.ts), and
 * net.fetch listens for no 'redirect' event, so where the server pointed is not told
 * (lib/browser/api/net-fetch.ts). Read as a transport failure, polling would retry it for the
 * life of the code; it is the server redirecting, a coded error that is never retried.
 */
import { SignInError } from '../core/errors.ts';
import type { Fetch } from '../core/protocol/http.ts';

/** What Electron's net.fetch rejects with when a redirect is not followed. */
const redirectCancelled = 'Redirect was cancelled';

export function fetchRefusingRedirects(netFetch: Fetch): Fetch {
  return async (url, init) => {
    try {
      return await netFetch(url, init);
    } catch (error) {
      if (!(error instanceof Error) || error.message !== redirectCancelled) throw error;
      throw new SignInError('server_redirect', `${endpointOf(url)} answered with a redirect, which is never followed.`, { cause: error });
    }
  };
}

/** The URL without its query: a device code or a token never rides in a message. */
function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'The sign-in server';
  }
}
