/**
 * What a stand-in issues: RS256 ID tokens signed with a key made here, and a ledger of the tokens
 * it handed out, for userinfo, refresh and revocation.
 */
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** An RS256 key pair made here, and the JWS compact serialization of claims signed with it. */
export interface SigningKey {
  readonly kid: string;
  /** The public half as a JWK (RFC 7517), for a `jwks_uri`. */
  readonly publicJwk: Readonly<Record<string, string>>;
  /** RFC 7515 §7.1 compact JWS, `alg: RS256` (RFC 7518 §3.3), with this key's `kid`. */
  sign(claims: Readonly<Record<string, unknown>>, header?: Readonly<Record<string, unknown>>): string;
}

/**
 * The RSA key pair of this test process, made on first use, which every provider the tests start
 * signs with (the stand-ins here, and the demo providers of provider-proxy.ts): a 2048-bit pair
 * costs about 90 ms of CPU, and a run starts hundreds of providers. Each still names the key by a
 * `kid` of its own, which is what a client looks it up by, and has its own issuer.
 */
let keyPair: { readonly privateKey: KeyObject; readonly publicKey: KeyObject } | undefined;
export const processKeyPair = (): { readonly privateKey: KeyObject; readonly publicKey: KeyObject } =>
  (keyPair ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = processKeyPair();
  const kid = randomBytes(8).toString('base64url');
  return {
    kid,
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, use: 'sig', alg: 'RS256' },
    sign: (claims, header = {}) => signRs256(privateKey, { typ: 'JWT', ...header, alg: 'RS256', kid }, claims),
  };
}

function signRs256(key: KeyObject, header: Readonly<Record<string, unknown>>, claims: Readonly<Record<string, unknown>>): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The claims of a compact JWS, unverified: for a test that checks what a stand-in issued. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * What a userinfo endpoint returns for the scopes of a grant (OpenID Connect Core §5.4): `sub`,
 * the rest of the profile with `profile`, `email` and `email_verified` with `email`.
 */
export function scopedUserinfo(
  user: { readonly sub: string; readonly email: string; readonly email_verified: boolean },
  scope: string,
): Record<string, unknown> {
  const scopes = scope.split(' ');
  const { sub, email, email_verified, ...profile } = user;
  return {
    sub,
    ...(scopes.includes('profile') ? profile : {}),
    ...(scopes.includes('email') ? { email, email_verified } : {}),
  };
}

/** One sign-in's tokens as a stand-in issued them. */
export interface IssuedGrant<User> {
  readonly user: User;
  readonly clientId: string;
  readonly scope: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** When the access token stops working, ms since the epoch. */
  readonly expiresAt: number;
}

/**
 * The tokens a stand-in issued, found by value for userinfo and revocation (RFC 7009), and
 * whether each is still honoured. Revoking ends one token or its whole grant, as the
 * provider documents it.
 */
export class TokenLedger<User> {
  readonly #tokens = new Map<string, { readonly kind: 'access' | 'refresh'; readonly grant: IssuedGrant<User> }>();
  readonly #ended = new Set<string>();

  record(grant: IssuedGrant<User>): IssuedGrant<User> {
    this.#tokens.set(grant.accessToken, { kind: 'access', grant });
    if (grant.refreshToken !== undefined) this.#tokens.set(grant.refreshToken, { kind: 'refresh', grant });
    return grant;
  }

  /** What `token` is, whether or not it still works. */
  find(token: string | undefined): { readonly kind: 'access' | 'refresh'; readonly grant: IssuedGrant<User> } | undefined {
    return token === undefined ? undefined : this.#tokens.get(token);
  }

  /** The grant of an access token that still works (RFC 6750 §3.1: else `invalid_token`). */
  access(token: string | undefined): IssuedGrant<User> | undefined {
    const found = this.find(token);
    return found?.kind === 'access' && token !== undefined && this.isActive(token) ? found.grant : undefined;
  }

  /** The grant of a refresh token that still works (RFC 6749 §5.2: else `invalid_grant`). */
  refresh(token: string): IssuedGrant<User> | undefined {
    const found = this.find(token);
    return found?.kind === 'refresh' && this.isActive(token) ? found.grant : undefined;
  }

  /** Ends `token` alone, or with `grant: true` every token issued with it. */
  end(token: string, options: { readonly grant?: boolean } = {}): void {
    const found = this.find(token);
    if (found === undefined) return;
    this.#ended.add(token);
    if (options.grant === true) {
      this.#ended.add(found.grant.accessToken);
      if (found.grant.refreshToken !== undefined) this.#ended.add(found.grant.refreshToken);
    }
  }

  isActive(token: string): boolean {
    const found = this.find(token);
    if (found === undefined || this.#ended.has(token)) return false;
    return found.kind === 'refresh' || found.grant.expiresAt > Date.now();
  }
}
