import type { ToolToken } from './other-tools.ts';

/**
 * A `client.authentication.k8s.io/v1` ExecCredential, as kubectl reads it from an exec plugin's
 * stdout (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#input-and-output-formats):
 * `status.token`, and `status.expirationTimestamp` (RFC 3339) so that kubectl calls again in time.
 */
export function execCredential(token: ToolToken): Record<string, unknown> {
  return {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: {
      token: token.token,
      ...(token.expiresAt === undefined ? {} : { expirationTimestamp: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') }),
    },
  };
}
