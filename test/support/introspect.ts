import type { DemoProvider } from '../../src/demo-provider/provider.ts';

/**
 * Asks the demo provider about a token (RFC 7662 token introspection), as its confidential test
 * client: the provider's own word on refresh, revocation and binding (`cnf.jkt`, RFC 9449 §6.2).
 */
export async function introspect(op: Pick<DemoProvider, 'issuer' | 'introspection'>, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${op.issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${op.introspection.clientId}:${op.introspection.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Whether the provider says the token is still good. */
export async function isTokenActive(op: Pick<DemoProvider, 'issuer' | 'introspection'>, token: string): Promise<boolean> {
  return (await introspect(op, token)).active === true;
}

/** The key thumbprint the provider bound a token to, if it did (RFC 9449 §6.2 `cnf.jkt`). */
export async function boundThumbprint(op: Pick<DemoProvider, 'issuer' | 'introspection'>, token: string): Promise<string | undefined> {
  const cnf = (await introspect(op, token)).cnf as { jkt?: unknown } | undefined;
  return typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
}
