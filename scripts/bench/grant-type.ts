/**
 * The grant a token request is for: how the bench tells polls and refreshes apart at the fetch.
 * A module of its own so the refresh-cycles child loads nothing it does not measure.
 */
export function grantTypeOf(body: unknown): string | null {
  if (body instanceof URLSearchParams) return body.get('grant_type');
  if (typeof body === 'string') return new URLSearchParams(body).get('grant_type');
  return null;
}
