/**
 * The ID tokens the scripted provider issues: unsigned for the usual run (the client reads them
 * from the token endpoint over TLS), or signed with a fresh key of one JWS algorithm when a test
 * checks what the client accepts.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { nowSeconds } from './stand-ins/stand-in-server.ts';

/** The JWS algorithms a test may have the ID token signed with (RFC 7518 §3.1, RFC 8037 §3.1). */
export type IdTokenAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'HS256' | 'none';

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** oauth4webapi checks ID token claims but not the signature of a token it got over TLS directly. */
export function unsignedIdToken(claims: Record<string, unknown>): string {
  const now = nowSeconds();
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now, exp: now + 600, ...claims })}.c2lnbmF0dXJl`;
}

/** An ID token signed with a fresh key for `alg` (HS256 with a made-up client secret, `none` with no signature at all). */
export function signedIdToken(alg: IdTokenAlg, claims: Record<string, unknown>): string {
  const now = nowSeconds();
  const input = `${encode({ alg, typ: 'JWT' })}.${encode({ iat: now, exp: now + 600, ...claims })}`;
  return `${input}.${jwsSignature(alg, Buffer.from(input)).toString('base64url')}`;
}

function jwsSignature(alg: IdTokenAlg, input: Buffer): Buffer {
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
