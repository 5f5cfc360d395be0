import { webcrypto } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { SignInError } from '../errors.ts';

type JsonWebKey = webcrypto.JsonWebKey;
type CryptoKey = webcrypto.CryptoKey;
const { subtle } = webcrypto;

import type { DPoPMode } from './dpop-mode.ts';

/** How a bound session's key is kept: the private JWK (RFC 7517), its algorithm, its thumbprint. */
export interface StoredDPoPKey {
  readonly alg: string;
  /** RFC 7638 thumbprint of the public key: the `cnf.jkt` the provider binds the tokens to (§6.1). */
  readonly jkt: string;
  readonly jwk: JsonWebKey;
}

/**
 * The algorithms this client signs proofs with, best first: ES256 unless the provider lists only
 * others (§5.1). Only those whose WebCrypto key oauth4webapi names by the same JWS name.
 */
const preferredAlgorithms = ['ES256', 'Ed25519', 'ES384', 'ES512', 'PS256', 'RS256'] as const;
type ProofAlgorithm = (typeof preferredAlgorithms)[number];

const importParameters: {
  readonly [A in ProofAlgorithm]: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams | webcrypto.Algorithm;
} = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  ES512: { name: 'ECDSA', namedCurve: 'P-521' },
  Ed25519: { name: 'Ed25519' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

const signParameters: { readonly [A in ProofAlgorithm]: webcrypto.Algorithm | webcrypto.EcdsaParams | webcrypto.RsaPssParams } = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  ES512: { name: 'ECDSA', hash: 'SHA-512' },
  Ed25519: { name: 'Ed25519' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
};

/** The proof algorithm to use with this provider, or undefined when it offers none this client has. */
export function proofAlgorithm(as: oauth.AuthorizationServer): ProofAlgorithm | undefined {
  const listed = as.dpop_signing_alg_values_supported;
  if (!Array.isArray(listed)) return undefined;
  return preferredAlgorithms.find((alg) => listed.includes(alg));
}

/**
 * Which algorithm this sign-in binds its tokens with, or undefined for bearer tokens; `required`
 * against a provider without DPoP fails here, before a code is shown.
 */
export function bindingAlgorithm(mode: DPoPMode, as: oauth.AuthorizationServer): ProofAlgorithm | undefined {
  if (mode === 'off') return undefined;
  const alg = proofAlgorithm(as);
  if (alg === undefined && mode === 'required') {
    throw new SignInError(
      'dpop_unsupported',
      `DPoP is required, but ${as.issuer} lists no DPoP proof algorithm this app can use ` +
        '(dpop_signing_alg_values_supported, RFC 9449 §5.1).',
    );
  }
  return alg;
}

/**
 * A session's proof-of-possession key. The private key in use is non-extractable; the JWK it
 * came from is held only to be written, with the tokens, into the vault, and is no enumerable
 * property (a session logged or spread whole does not carry it).
 */
export class DPoPKey {
  readonly alg: ProofAlgorithm;
  readonly thumbprint: string;
  /** oauth4webapi's handle: signs each proof (§4) and remembers each origin's nonce (§8). */
  readonly handle: oauth.DPoPHandle;
  readonly #jwk: JsonWebKey;

  private constructor(alg: ProofAlgorithm, thumbprint: string, handle: oauth.DPoPHandle, jwk: JsonWebKey) {
    this.alg = alg;
    this.thumbprint = thumbprint;
    this.handle = handle;
    this.#jwk = jwk;
  }

  /** A new key pair for a new sign-in. Exported once to be stored, then used only as a non-extractable key. */
  static async generate(alg: ProofAlgorithm, client: oauth.Client): Promise<DPoPKey> {
    const pair = await oauth.generateKeyPair(alg, { extractable: true });
    const jwk = await subtle.exportKey('jwk', pair.privateKey);
    return DPoPKey.#fromJwk(alg, jwk, client);
  }

  /** The key of a kept session; throws `dpop_key_unusable` when it is missing, damaged or not the one the tokens are bound to. */
  static async restore(stored: unknown, client: oauth.Client): Promise<DPoPKey> {
    if (!isStoredKey(stored)) throw unusable('The stored session has no usable DPoP key.');
    let key: DPoPKey;
    try {
      key = await DPoPKey.#fromJwk(stored.alg as ProofAlgorithm, stored.jwk, client);
    } catch (error) {
      throw unusable('The stored DPoP key could not be imported.', error);
    }
    if (key.thumbprint !== stored.jkt) throw unusable('The stored DPoP key is not the one the tokens are bound to.');
    return key;
  }

  toStored(): StoredDPoPKey {
    return { alg: this.alg, jkt: this.thumbprint, jwk: { ...this.#jwk } };
  }

  static async #fromJwk(alg: ProofAlgorithm, jwk: JsonWebKey, client: oauth.Client): Promise<DPoPKey> {
    const params = importParameters[alg];
    const privateKey = await subtle.importKey('jwk', jwk, params, false, ['sign']);
    // oauth4webapi puts the public key in every proof's header, so that one stays extractable.
    const publicKey = await subtle.importKey('jwk', publicPart(jwk), params, true, ['verify']);
    await proveMatch(alg, privateKey, publicKey);
    const handle = oauth.DPoP(client, { privateKey, publicKey });
    return new DPoPKey(alg, await handle.calculateThumbprint(), handle, jwk);
  }
}

/** The members of a private JWK that make up its public key (RFC 7518 §6). */
function publicPart(jwk: JsonWebKey): JsonWebKey {
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined));
}

/** A damaged private half would sign proofs no provider accepts: checked once, on opening. */
async function proveMatch(alg: ProofAlgorithm, privateKey: CryptoKey, publicKey: CryptoKey): Promise<void> {
  const probe = new TextEncoder().encode('device-signin dpop key check');
  const signature = await subtle.sign(signParameters[alg], privateKey, probe);
  if (!(await subtle.verify(signParameters[alg], publicKey, signature, probe))) {
    throw new Error('the private and public halves of the key do not match');
  }
}

function isStoredKey(value: unknown): value is StoredDPoPKey {
  if (typeof value !== 'object' || value === null) return false;
  const { alg, jkt, jwk } = value as Record<string, unknown>;
  return (
    typeof alg === 'string' &&
    (preferredAlgorithms as readonly string[]).includes(alg) &&
    typeof jkt === 'string' &&
    typeof jwk === 'object' &&
    jwk !== null &&
    typeof (jwk as Record<string, unknown>).d === 'string'
  );
}

function unusable(message: string, cause?: unknown): SignInError {
  return new SignInError('dpop_key_unusable', message, cause === undefined ? {} : { cause });
}

/**
 * RFC 9449 §8 (and §9 for resource servers): a `use_dpop_nonce` answer asks for the same request
 * again with the nonce it sent, which the handle has kept. Retried once; a second challenge in a
 * row is the provider's failure, not a reason to loop.
 */
export async function retryingOnNonce<T>(key: DPoPKey | undefined, exchange: () => Promise<T>): Promise<T> {
  try {
    return await exchange();
  } catch (error) {
    if (key === undefined || !oauth.isDPoPNonceError(error)) throw error;
  }
  try {
    return await exchange();
  } catch (error) {
    if (oauth.isDPoPNonceError(error)) {
      throw new SignInError('server_error', 'The provider asked for a new DPoP nonce twice in a row.', { cause: error });
    }
    throw error;
  }
}
