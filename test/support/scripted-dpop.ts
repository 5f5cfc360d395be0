/**
 * DPoP (RFC 9449) as the scripted provider sees it: the claims of a request's proof, and a server
 * nonce per endpoint that it demands before it answers (§8 at the token endpoint, §9 at userinfo).
 */
import { jwtClaims } from './stand-ins/issued-tokens.ts';

/** The claims of a DPoP proof (RFC 9449 §4.2) a test looks at. */
export interface ProofClaims {
  readonly htm?: unknown;
  readonly htu?: unknown;
  readonly nonce?: unknown;
  readonly ath?: unknown;
}

/** The claims of a request's DPoP proof, read without checking its signature (the scripted provider trusts its client). */
export function proofClaims(init: RequestInit): ProofClaims | undefined {
  const proof = new Headers(init.headers).get('dpop');
  return proof === null ? undefined : jwtClaims(proof);
}

/** One nonce per endpoint, renewed at every challenge: the token endpoint's is no good at userinfo. */
export function dpopNonceKeeper(): { challenge(path: string, nonce: unknown): Response | undefined } {
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
