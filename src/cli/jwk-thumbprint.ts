/**
 * RFC 7638 JWK thumbprints in plain code, for the quick `token` path: whether a kept DPoP key is
 * the one its tokens are bound to (`jkt`, RFC 9449 §6.1), without loading node:crypto or
 * importing the key, which would cost `token` more than the rest of its work.
 */
import { sha256Hex } from './sha256.ts';

/** RFC 7638 §3.2: the required members of each key type, in lexicographic order. */
const requiredMembers: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
};

/** RFC 7638 §3: the base64url SHA-256 of the required members as compact JSON; undefined for a key it cannot read. */
export function jwkThumbprint(jwk: unknown): string | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const fields = jwk as Record<string, unknown>;
  const members = typeof fields.kty === 'string' ? requiredMembers[fields.kty] : undefined;
  if (members === undefined || members.some((member) => typeof fields[member] !== 'string')) return undefined;
  const canonical = `{${members.map((member) => `${JSON.stringify(member)}:${JSON.stringify(fields[member])}`).join(',')}}`;
  return Buffer.from(sha256Hex(canonical), 'hex').toString('base64url');
}
