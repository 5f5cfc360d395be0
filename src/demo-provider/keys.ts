/** The demo provider's secrets, made fresh for each start unless it is handed a signing key. */
import { generateKeyPair, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'oidc-provider';

/** A fresh RS256 signing key for the provider's JWKS. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return signingKeyOf(privateKey);
}

/** An RSA private key as the provider's RS256 signing key, under a `kid` of its own. */
export function signingKeyOf(privateKey: KeyObject): JWK {
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/** 32 random bytes, base64url: the introspection client's secret. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
