/**
 * The scripted provider's endpoints, each answering from its part of the script: the device
 * authorization (RFC 8628 §3.2), the token endpoint's polls (§3.5) and refreshes (RFC 6749 §6),
 * revocation (RFC 7009) and a resource server (RFC 6750).
 */
import type { ScriptedProviderOptions } from './scripted-provider.ts';
import { signedIdToken, unsignedIdToken } from './scripted-id-tokens.ts';

/** The scripted provider's options and how far along its script each endpoint is. */
export interface ScriptProgress {
  readonly options: ScriptedProviderOptions;
  readonly issuer: string;
  authorizations: number;
  polls: number;
  refreshes: number;
  /** Under `revocation: 'cascade'`, a refresh token was revoked and its access token with it. */
  grantRevoked: boolean;
}

/** A request as an endpoint needs it: its init (headers, abort signal), its form body, and the token type it earned. */
export interface ScriptedCall {
  readonly init: RequestInit;
  readonly body: URLSearchParams;
  readonly tokenType: 'Bearer' | 'DPoP';
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function withOverrides(
  base: Record<string, unknown>,
  overrides: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...base, ...overrides }).filter(([, value]) => value !== undefined));
}

/** A server that takes the request and never answers; only the client's abort (or timeout) ends it. */
function hangUntilAborted(init: RequestInit): Promise<Response> {
  return new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => {
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/** The script's answer number `index`, or past its end the last one. */
function nth<T>(script: readonly T[], index: number, fallback: T): T {
  return script[Math.min(index, script.length - 1)] ?? fallback;
}

export function deviceAuthorizationAnswer(progress: ScriptProgress): Response {
  const { issuer, options } = progress;
  const userCode = nth(options.userCodes ?? ['WDJB-MJHT'], progress.authorizations, 'WDJB-MJHT');
  progress.authorizations += 1;
  const response = {
    device_code: 'device-code-secret',
    user_code: userCode,
    verification_uri: `${issuer}/device`,
    verification_uri_complete: `${issuer}/device?user_code=${userCode}`,
    expires_in: 600,
  };
  return json(200, withOverrides(response, options.deviceAuthorization));
}

export async function refreshAnswer(progress: ScriptProgress, call: ScriptedCall): Promise<Response> {
  const { options, issuer } = progress;
  const answer = nth(options.refreshes ?? [{ tokens: true }], progress.refreshes, { tokens: true });
  progress.refreshes += 1;
  if ('network' in answer) throw new TypeError('fetch failed');
  if ('hang' in answer) return hangUntilAborted(call.init);
  if ('error' in answer) return json(400, { error: answer.error });
  if ('text' in answer) return new Response(answer.text, { status: answer.status });
  const issued = progress.refreshes + 1;
  if (answer.delayMs !== undefined) await options.clock.sleep(answer.delayMs);
  return json(200, {
    access_token: `access-token-secret-${issued}`,
    token_type: call.tokenType,
    expires_in: answer.expiresIn ?? 3600,
    ...(answer.rotate === false ? {} : { refresh_token: `refresh-token-secret-${issued}` }),
    ...(answer.idTokenSub === undefined ? {} : { id_token: unsignedIdToken({ iss: issuer, aud: 'demo-client', sub: answer.idTokenSub }) }),
  });
}

export function pollAnswer(progress: ScriptProgress, call: ScriptedCall): Response | Promise<Response> {
  const { options, issuer } = progress;
  const answer = nth(options.polls ?? [{ tokens: true }], progress.polls, { tokens: true });
  progress.polls += 1;
  if ('network' in answer) throw new TypeError('fetch failed');
  if ('hang' in answer) return hangUntilAborted(call.init);
  if ('text' in answer) return new Response(answer.text, { status: answer.status, headers: { 'content-type': 'text/html' } });
  if ('error' in answer) {
    const { status = 400, ...errorBody } = answer;
    return json(status, errorBody);
  }
  const claims = { iss: issuer, aud: 'demo-client', sub: 'alice' };
  return json(200, {
    access_token: 'access-token-secret',
    token_type: call.tokenType,
    expires_in: options.accessTokenExpiresIn ?? 3600,
    refresh_token: 'refresh-token-secret',
    scope: 'openid profile email offline_access',
    ...(options.plainOAuth === true
      ? {}
      : { id_token: options.idTokenAlg === undefined ? unsignedIdToken(claims) : signedIdToken(options.idTokenAlg, claims) }),
  });
}

export function revocationAnswer(progress: ScriptProgress, call: ScriptedCall): Response | Promise<Response> {
  const { revocation } = progress.options;
  if (revocation === 'offline') throw new TypeError('fetch failed');
  if (revocation === 'cascade') {
    if (call.body.get('token')?.startsWith('refresh-token') === true) progress.grantRevoked = true;
    else if (progress.grantRevoked) return json(400, { error: 'invalid_request', error_description: 'Invalid access token' });
    return new Response(null, { status: 200 });
  }
  if (revocation === 'hang') return hangUntilAborted(call.init);
  if (typeof revocation === 'object') return new Response(revocation.text ?? null, { status: revocation.status });
  return new Response(null, { status: 200 });
}

/** A resource server (RFC 6750): 200 with the scheme it was called with, or 401 invalid_token for a refused token. */
export function apiAnswer(init: RequestInit, rejects: readonly string[]): Response {
  const [scheme = '', token = ''] = (new Headers(init.headers).get('authorization') ?? '').split(' ');
  if (!rejects.includes(token)) return json(200, { scheme });
  return new Response(null, {
    status: 401,
    headers: { 'www-authenticate': `${scheme} error="invalid_token", error_description="the access token expired"` },
  });
}
