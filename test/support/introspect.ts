import type { DemoProvider } from '../../src/demo-provider/provider.ts';

/**
 * Asks the demo provider whether a token is still good (RFC 7662 token introspection), as its
 * confidential test client: the provider's own word on refresh and revocation.
 */
export async function isTokenActive(op: Pick<DemoProvider, 'issuer' | 'introspection'>, token: string): Promise<boolean> {
  const response = await fetch(`${op.issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${op.introspection.clientId}:${op.introspection.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  return ((await response.json()) as { active?: unknown }).active === true;
}
