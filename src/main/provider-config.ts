/**
 * Which OpenID Connect provider the app signs in against, read from the environment. Nothing
 * set means the embedded demo provider; half a configuration is a mistake worth saying out loud
 * rather than silently running the demo.
 */
import type { ClientConfig } from '../core/config.ts';
import { defaultScope } from '../core/config.ts';

export type ProviderChoice =
  | { readonly kind: 'configured'; readonly config: ClientConfig }
  | { readonly kind: 'demo'; readonly scope: string }
  | { readonly kind: 'invalid'; readonly message: string };

export function chooseProvider(env: Readonly<Record<string, string | undefined>>): ProviderChoice {
  const issuer = nonEmpty(env['DEVICE_SIGNIN_ISSUER']);
  const clientId = nonEmpty(env['DEVICE_SIGNIN_CLIENT_ID']);
  const scope = nonEmpty(env['DEVICE_SIGNIN_SCOPE']) ?? defaultScope;
  const audience = nonEmpty(env['DEVICE_SIGNIN_AUDIENCE']);
  if (issuer === undefined && clientId === undefined) return { kind: 'demo', scope };
  if (issuer === undefined || clientId === undefined) {
    return {
      kind: 'invalid',
      message: 'Set both DEVICE_SIGNIN_ISSUER and DEVICE_SIGNIN_CLIENT_ID, or neither to use the demo provider.',
    };
  }
  return {
    kind: 'configured',
    config: { issuer, clientId, scope, ...(audience === undefined ? {} : { audience }) },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
