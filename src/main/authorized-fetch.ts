/**
 * `authorizedFetch(input, init)`: the way the rest of the main process (an app built on this
 * one) calls its APIs as the signed-in user. It sends the session's access token, with a fresh
 * DPoP proof when the session is bound to this computer, refreshes the token when it is about
 * to expire or an API says it has, and answers nonce challenges (src/core/flow/authorized-fetch.ts).
 * The token and the key never leave main: nothing here is reachable from the renderer, whose
 * only door is the typed IPC contract (src/shared/ipc.ts), which has no such request.
 */
import type { AuthorizedFetch, AuthorizedRequestInit } from '../core/flow/authorized-fetch.ts';
import { SignInError } from '../core/errors.ts';

export type { AuthorizedFetch, AuthorizedRequestInit } from '../core/flow/authorized-fetch.ts';

let provided: AuthorizedFetch | undefined;

/** Called once by src/main/index.ts, with the flow's own authorizedFetch. */
export function provideAuthorizedFetch(fetch: AuthorizedFetch): void {
  provided = fetch;
}

/** One authorized request; the API's response whatever its status. Throws `not_signed_in` (and the flow's other codes) when no request can be made. */
export function authorizedFetch(input: string | URL, init?: AuthorizedRequestInit): Promise<Response> {
  if (provided === undefined) return Promise.reject(new SignInError('not_signed_in', 'The sign-in has not started yet.'));
  return provided(input, init);
}
