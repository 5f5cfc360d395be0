import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config.ts';
import { type ProtocolContext, resourceRequestOptions } from '../protocol/context.ts';
import type { Session } from '../protocol/session.ts';
import { requireSafeUrl } from '../protocol/uri-safety.ts';
import type { AccountRef } from '../vault/kept-accounts.ts';
import type { RequestSession } from './account-sessions.ts';

/** What an API request may carry: a body that can be sent again, since a challenge means sending it twice. */
export interface AuthorizedRequestInit {
  readonly method?: string;
  readonly headers?: ConstructorParameters<typeof Headers>[0];
  readonly body?: string | Uint8Array<ArrayBuffer> | URLSearchParams;
  readonly signal?: AbortSignal;
  /** Whose token: one of the accounts kept side by side (`flow.accounts.list()`); the current one when absent. */
  readonly account?: AccountRef;
}

/**
 * One authorized request to an API, answered with the API's own response (any status). The
 * token and the key stay inside: the caller never sees either.
 */
export type AuthorizedFetch = (input: string | URL, init?: AuthorizedRequestInit) => Promise<Response>;

interface AuthorizedFetchDependencies {
  readonly config: Pick<ClientConfig, 'allowHttpHosts'>;
  context(): ProtocolContext;
  /** The session of `account` (account-sessions.ts), the flow's own when none is named; throws `not_signed_in`. */
  sessionOf(account: AccountRef | undefined): Promise<RequestSession>;
}

/** How the API answered: with a response to hand back, or with a challenge worth one more try. */
type Answer =
  | { readonly kind: 'response'; readonly response: Response }
  | { readonly kind: 'use_dpop_nonce' | 'invalid_token'; readonly response: Response };

/**
 * `authorizedFetch` for the rest of the app and for `device-signin fetch`. It sends the access
 * token as `Authorization: Bearer …` (RFC 6750 §2.1), or, for a bound session, as `DPoP …` with
 * a fresh proof carrying `ath` (RFC 9449 §7). It refreshes first when the token is about to
 * expire, and once more when the API answers 401 `invalid_token` (RFC 6750 §3.1), as the same
 * account only (same issuer and `sub`: a sign-in as someone else meanwhile gets the 401); it repeats a
 * request once when the API asks for a DPoP nonce (RFC 9449 §9). The URL follows the issuer's
 * rule: https, or http on loopback only, so a token never crosses the network in the clear.
 * `init.account` sends it as another kept account, without making that one current.
 */
export function createAuthorizedFetch(deps: AuthorizedFetchDependencies): AuthorizedFetch {
  return async (input, init = {}) => {
    const url = requireSafeUrl(input instanceof URL ? input.href : input, 'API URL', deps.config);
    const source = await deps.sessionOf(init.account);
    let session = await source.freshSession();
    let nonceAnswered = false;
    let renewed = false;
    for (;;) {
      const answer = await send(deps.context(), session, url, init);
      if (answer.kind === 'use_dpop_nonce' && !nonceAnswered && session.key !== undefined) {
        nonceAnswered = true;
      } else if (answer.kind === 'invalid_token' && !renewed && session.tokens.refreshToken !== undefined) {
        renewed = true;
        const renewal = await source.renewAfterRejection(session);
        // A request refused as one account is never sent again as another: its 401 stands.
        if (renewal === undefined) return answer.response;
        session = renewal;
      } else {
        return answer.response;
      }
    }
  };
}

async function send(context: ProtocolContext, session: Session, url: URL, init: AuthorizedRequestInit): Promise<Answer> {
  try {
    const response = await oauth.protectedResourceRequest(
      session.tokens.accessToken,
      (init.method ?? 'GET').toUpperCase(),
      url,
      new Headers(init.headers),
      init.body,
      resourceRequestOptions(context, init.signal, session.key?.handle),
    );
    return { kind: 'response', response };
  } catch (error) {
    // oauth4webapi throws for any WWW-Authenticate challenge; the response is still the API's answer.
    if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
    if (oauth.isDPoPNonceError(error)) return { kind: 'use_dpop_nonce', response: error.response };
    const expired = error.status === 401 && error.cause.some((challenge) => challenge.parameters.error === 'invalid_token');
    return { kind: expired ? 'invalid_token' : 'response', response: error.response };
  }
}
