/**
 * RFC 9449 §5: tokens of type `DPoP` are bound to a key and refused without a proof of it;
 * anything else is a bearer token (RFC 6750). Token types compare case-insensitively (RFC 6749
 * §7.1). No imports: the command line's quickest path asks this too.
 */
export function isDPoPTokenType(tokenType: string): boolean {
  return tokenType.toLowerCase() === 'dpop';
}
