import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import type { Fetch } from '../../src/core/protocol/http.ts';
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
  readonly proof?: { readonly htm?: unknown; readonly htu?: unknown; readonly nonce?: unknown; readonly ath?: unknown };
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
  readonly idTokenAlg?: 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'HS256' | 'none';
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
  const polls = options.polls ?? [{ tokens: true }];
  let pollCount = 0;
  let refreshCount = 0;
  let authorizations = 0;
  let grantRevoked = false;
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
    const tokenType = proof === undefined || options.dpopNonces !== true ? 'Bearer' : 'DPoP';
    if (path === '/.well-known/openid-configuration')
      return options.discovery === false ? json(404, { error: 'not_found' }) : json(200, metadata);
    if (path === '/device/auth') {
      const codes = options.userCodes ?? ['WDJB-MJHT'];
      const userCode = codes[Math.min(authorizations, codes.length - 1)] ?? 'WDJB-MJHT';
      authorizations += 1;
      return json(
        200,
        withOverrides(
          {
            device_code: 'device-code-secret',
            user_code: userCode,
            verification_uri: `${issuer}/device`,
            verification_uri_complete: `${issuer}/device?user_code=${userCode}`,
            expires_in: 600,
          },
          options.deviceAuthorization,
        ),
      );
    }
    if (path === '/token' && body.get('grant_type') === 'refresh_token') {
      const refreshes = options.refreshes ?? [{ tokens: true }];
      const answer = refreshes[Math.min(refreshCount, refreshes.length - 1)] ?? { tokens: true };
      refreshCount += 1;
      if ('network' in answer) throw new TypeError('fetch failed');
      if ('hang' in answer) return hangUntilAborted(init);
      if ('error' in answer) return json(400, { error: answer.error });
      if ('text' in answer) return new Response(answer.text, { status: answer.status });
      const issued = refreshCount + 1;
      if (answer.delayMs !== undefined) await options.clock.sleep(answer.delayMs);
      return json(200, {
        access_token: `access-token-secret-${issued}`,
        token_type: tokenType,
        expires_in: answer.expiresIn ?? 3600,
        ...(answer.rotate === false ? {} : { refresh_token: `refresh-token-secret-${issued}` }),
        ...(answer.idTokenSub === undefined
          ? {}
          : { id_token: unsignedIdToken({ iss: issuer, aud: 'demo-client', sub: answer.idTokenSub }) }),
      });
    }
    if (path === '/token') {
      const answer = polls[Math.min(pollCount, polls.length - 1)] ?? { tokens: true };
      pollCount += 1;
      if ('network' in answer) throw new TypeError('fetch failed');
      if ('hang' in answer) return hangUntilAborted(init);
      if ('text' in answer) return new Response(answer.text, { status: answer.status, headers: { 'content-type': 'text/html' } });
      if ('error' in answer) {
        const { status = 400, ...errorBody } = answer;
        return json(status, errorBody);
      }
      return json(200, {
        access_token: 'access-token-secret',
        token_type: tokenType,
        expires_in: options.accessTokenExpiresIn ?? 3600,
        refresh_token: 'refresh-token-secret',
        scope: 'openid profile email offline_access',
        ...(options.plainOAuth === true
          ? {}
          : {
              id_token:
                options.idTokenAlg === undefined
                  ? unsignedIdToken({ iss: issuer, aud: 'demo-client', sub: 'alice' })
                  : signedIdToken(options.idTokenAlg, { iss: issuer, aud: 'demo-client', sub: 'alice' }),
            }),
      });
    }
    if (path === '/token/revocation') {
      if (options.revocation === 'offline') throw new TypeError('fetch failed');
      if (options.revocation === 'cascade') {
        if (body.get('token')?.startsWith('refresh-token') === true) grantRevoked = true;
        else if (grantRevoked) return json(400, { error: 'invalid_request', error_description: 'Invalid access token' });
        return new Response(null, { status: 200 });
      }
      if (options.revocation === 'hang') return hangUntilAborted(init);
      if (typeof options.revocation === 'object')
        return new Response(options.revocation.text ?? null, { status: options.revocation.status });
      return new Response(null, { status: 200 });
    }
    if (path === '/api') return apiAnswer(init, options.apiRejects ?? []);
    if (path === '/me') return json(200, { sub: 'alice', name: 'Alice Example', email: 'alice@example.test', ...options.userinfo });
    return json(404, { error: 'not_found' });
  };
  return { fetch, requests, issuer, polls: () => requests.filter((r) => new URL(r.url).pathname === '/token') };
}

/** The claims of a request's DPoP proof, read without checking its signature (the scripted provider trusts its client). */
function proofClaims(init: RequestInit): RecordedRequest['proof'] {
  const proof = new Headers(init.headers).get('dpop');
  if (proof === null) return undefined;
  return JSON.parse(Buffer.from(proof.split('.')[1] ?? '', 'base64url').toString('utf8')) as RecordedRequest['proof'];
}

/** One nonce per endpoint, renewed at every challenge: the token endpoint's is no good at userinfo. */
function dpopNonceKeeper(): { challenge(path: string, nonce: unknown): Response | undefined } {
  const latest = new Map<string, string>();
  let issued = 0;
  return {
    challenge(path, nonce) {
      if (nonce !== undefined && latest.get(path) === nonce) return undefined;
      issued += 1;
      const fresh = `nonce-${issued}`;
      latest.set(path, fresh);
      const headers = { 'dpop-nonce': fresh, 'content-type': 'application/json' };
      // RFC 9449 §8: the authorization server answers 400 use_dpop_nonce; §9: a resource server, 401 with a challenge.
      return path === '/me'
        ? new Response(null, {
            status: 401,
            headers: {
              ...headers,
              'www-authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
            },
          })
        : new Response(
            JSON.stringify({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof' }),
            { status: 400, headers },
          );
    },
  };
}

/** A resource server (RFC 6750): 200 with the scheme it was called with, or 401 invalid_token for a refused token. */
function apiAnswer(init: RequestInit, rejects: readonly string[]): Response {
  const [scheme = '', token = ''] = (new Headers(init.headers).get('authorization') ?? '').split(' ');
  if (!rejects.includes(token)) return json(200, { scheme });
  return new Response(null, {
    status: 401,
    headers: { 'www-authenticate': `${scheme} error="invalid_token", error_description="the access token expired"` },
  });
}

/** A server that takes the request and never answers; only the client's abort (or timeout) ends it. */
function hangUntilAborted(init: RequestInit): Promise<Response> {
  return new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => {
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

function withOverrides(base: Record<string, unknown>, overrides: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...base, ...overrides }).filter(([, value]) => value !== undefined));
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** oauth4webapi checks ID token claims but not the signature of a token it got over TLS directly. */
function unsignedIdToken(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now, exp: now + 600, ...claims })}.c2lnbmF0dXJl`;
}

/** An ID token signed with a fresh key for `alg` (HS256 with a made-up client secret, `none` with no signature at all). */
function signedIdToken(alg: NonNullable<ScriptedProviderOptions['idTokenAlg']>, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg, typ: 'JWT' })}.${encode({ iat: now, exp: now + 600, ...claims })}`;
  return `${input}.${jwsSignature(alg, Buffer.from(input)).toString('base64url')}`;
}

function jwsSignature(alg: NonNullable<ScriptedProviderOptions['idTokenAlg']>, input: Buffer): Buffer {
  switch (alg) {
    case 'EdDSA':
      return sign(null, input, generateKeyPairSync('ed25519').privateKey);
    case 'ES256':
      return sign('sha256', input, { key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, dsaEncoding: 'ieee-p1363' });
    case 'RS256':
      return sign('sha256', input, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    case 'PS256':
      return sign('sha256', input, { key: generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey, saltLength: 32 });
    case 'HS256':
      return createHmac('sha256', 'demo-client-secret').update(input).digest();
    case 'none':
      return Buffer.alloc(0);
  }
}
