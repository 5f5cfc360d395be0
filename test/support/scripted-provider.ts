/**
 * An OpenID provider inside the test process, answering a script: its options say what each
 * endpoint answers, call by call. What each endpoint does is in scripted-endpoints.ts, its ID
 * tokens in scripted-id-tokens.ts, its DPoP nonces in scripted-dpop.ts.
 */
import type { Fetch } from '../../src/core/protocol/http.ts';
import { dpopNonceKeeper, type ProofClaims, proofClaims } from './scripted-dpop.ts';
import {
  apiAnswer,
  deviceAuthorizationAnswer,
  json,
  pollAnswer,
  refreshAnswer,
  revocationAnswer,
  type ScriptedCall,
  type ScriptProgress,
  withOverrides,
} from './scripted-endpoints.ts';
import type { IdTokenAlg } from './scripted-id-tokens.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** What the scripted token endpoint does for one poll. */
export type PollAnswer =
  | { readonly error: string; readonly status?: number; readonly interval?: number; readonly error_description?: string }
  | { readonly tokens: true }
  | { readonly status: number; readonly text: string }
  | { readonly network: true }
  | { readonly hang: true };

export interface RecordedRequest {
  readonly at: number;
  readonly url: string;
  readonly method: string;
  readonly body: URLSearchParams;
  /** The request's Authorization header, when it had one. */
  readonly authorization?: string;
  /** The claims of the request's DPoP proof (RFC 9449 §4.2), when it carried one. */
  readonly proof?: ProofClaims;
  /** How the request was answered when the provider challenged it for a DPoP nonce instead. */
  readonly challenged?: true;
}

export interface ScriptedProviderOptions {
  readonly clock: VirtualClock;
  readonly issuer?: string;
  /** False: the server publishes no discovery document (404), as GitHub's and some org servers do. */
  readonly discovery?: boolean;
  /** Metadata fields to replace (undefined removes a field). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** The user code of each device authorization request in turn (past the list, the last); default WDJB-MJHT. */
  readonly userCodes?: readonly string[];
  /** Device authorization response fields to replace (undefined removes a field). */
  readonly deviceAuthorization?: Readonly<Record<string, unknown>>;
  /** Answer for poll number `n` (0-based); polls past the script get the last answer. */
  readonly polls?: readonly PollAnswer[];
  readonly userinfo?: Readonly<Record<string, unknown>>;
  /** How the refresh grant answers, refresh by refresh; past the script, the last answer. */
  readonly refreshes?: readonly RefreshAnswer[];
  /**
   * 'offline' makes revocation fail at the transport; 'hang' never answers (until aborted); a
   * status answers with it and `text` as the body (empty when left out). 'cascade' revokes the
   * grant's access token with its refresh token (RFC 7009 §2.1 allows it) and then answers the
   * access token, no longer known, 400 `invalid_request` "Invalid access token", as some servers
   * do where §2.2 asks for 200.
   */
  readonly revocation?: 'ok' | 'offline' | 'hang' | 'cascade' | { readonly status: number; readonly text?: string };
  /**
   * The JWS algorithm of the ID token the device grant issues (RFC 7518 §3.1, RFC 8037 §3.1),
   * signed with a fresh key of that kind; left out, an RS256 header over a dummy signature.
   */
  readonly idTokenAlg?: IdTokenAlg;
  /**
   * A plain OAuth 2.0 device server (RFC 8628 §3.5, RFC 6749 §5.1): no ID token in the token
   * response and no userinfo endpoint in its metadata, so nothing says who signed in.
   */
  readonly plainOAuth?: true;
  /** Lifetime of the access token issued by the device grant. */
  readonly accessTokenExpiresIn?: number;
  /**
   * DPoP (RFC 9449) with a nonce of its own per endpoint: discovery lists ES256, a request with a
   * proof gets `token_type: DPoP`, and the first proof at each endpoint (or any whose nonce is not
   * that endpoint's latest) is answered with a `use_dpop_nonce` challenge and a new nonce (§8, §9).
   */
  readonly dpopNonces?: boolean;
  /** Access tokens the resource server at `/api` refuses with 401 `invalid_token` (RFC 6750 §3.1), as if expired. */
  readonly apiRejects?: readonly string[];
}

/** What the scripted token endpoint does for one refresh; `idTokenSub` adds an ID token naming that subject. */
export type RefreshAnswer =
  | {
      readonly tokens: true;
      readonly rotate?: boolean;
      readonly expiresIn?: number;
      readonly idTokenSub?: string;
      readonly delayMs?: number;
    }
  | { readonly error: string }
  | { readonly status: number; readonly text: string }
  | { readonly network: true }
  | { readonly hang: true };

/**
 * An OpenID provider that lives inside the test process, scripted poll by poll, so the client's
 * timing rules can be checked exactly in virtual time. The real oidc-provider is exercised by
 * the integration tests; this one can misbehave on cue.
 */
export function scriptedProvider(options: ScriptedProviderOptions): {
  fetch: Fetch;
  requests: RecordedRequest[];
  polls(): RecordedRequest[];
  issuer: string;
} {
  const issuer = options.issuer ?? 'https://op.example.test';
  const requests: RecordedRequest[] = [];
  const progress: ScriptProgress = { options, issuer, authorizations: 0, polls: 0, refreshes: 0, grantRevoked: false };
  const metadata = withOverrides(
    {
      issuer,
      device_authorization_endpoint: `${issuer}/device/auth`,
      token_endpoint: `${issuer}/token`,
      ...(options.plainOAuth === true ? {} : { userinfo_endpoint: `${issuer}/me` }),
      revocation_endpoint: `${issuer}/token/revocation`,
      id_token_signing_alg_values_supported: ['RS256'],
      ...(options.dpopNonces === true ? { dpop_signing_alg_values_supported: ['ES256'] } : {}),
    },
    options.metadata,
  );

  const nonces = dpopNonceKeeper();
  const fetch: Fetch = async (url, init) => {
    const method = init.method ?? 'GET';
    const body = new URLSearchParams(
      typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body : undefined,
    );
    const proof = proofClaims(init);
    const path = new URL(url).pathname;
    const challenge =
      options.dpopNonces === true && proof !== undefined && (path === '/token' || path === '/me')
        ? nonces.challenge(path, proof.nonce)
        : undefined;
    const authorization = new Headers(init.headers).get('authorization') ?? undefined;
    requests.push({
      at: options.clock.now(),
      url,
      method,
      body,
      ...(authorization === undefined ? {} : { authorization }),
      ...(proof === undefined ? {} : { proof }),
      ...(challenge === undefined ? {} : { challenged: true }),
    });
    if (challenge !== undefined) return challenge;
    const call: ScriptedCall = { init, body, tokenType: proof === undefined || options.dpopNonces !== true ? 'Bearer' : 'DPoP' };
    switch (path) {
      case '/.well-known/openid-configuration':
        return options.discovery === false ? json(404, { error: 'not_found' }) : json(200, metadata);
      case '/device/auth':
        return deviceAuthorizationAnswer(progress);
      case '/token':
        return body.get('grant_type') === 'refresh_token' ? refreshAnswer(progress, call) : pollAnswer(progress, call);
      case '/token/revocation':
        return revocationAnswer(progress, call);
      case '/api':
        return apiAnswer(init, options.apiRejects ?? []);
      case '/me':
        return json(200, { sub: 'alice', name: 'Alice Example', email: 'alice@example.test', ...options.userinfo });
      default:
        return json(404, { error: 'not_found' });
    }
  };
  return { fetch, requests, issuer, polls: () => requests.filter((r) => new URL(r.url).pathname === '/token') };
}
