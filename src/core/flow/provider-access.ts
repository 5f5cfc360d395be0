import type * as oauth from 'oauth4webapi';
import type { Clock } from '../clock.ts';
import { type ClientConfig, validateConfig } from '../config.ts';
import { createProtocolContext, type ProtocolContext } from '../protocol/context.ts';
import { discover } from '../protocol/discovery.ts';
import type { Fetch } from '../protocol/http.ts';

/** The configured provider as the protocol steps need it: a checked client context and its metadata. */
export interface ProviderAccess {
  /** The client context; throws `invalid_config` for a configuration that cannot work. */
  context(): ProtocolContext;
  /** The provider's metadata, discovered once per run (RFC 8414, OIDC Discovery). */
  metadata(signal?: AbortSignal): Promise<oauth.AuthorizationServer>;
}

export function createProviderAccess(config: ClientConfig, fetch: Fetch, clock: Clock): ProviderAccess {
  let checked: { readonly issuer: URL; readonly context: ProtocolContext } | undefined;
  let metadata: oauth.AuthorizationServer | undefined;

  /** Checked once; a bad configuration throws on every use, so nothing is cached then. */
  function configured(): { readonly issuer: URL; readonly context: ProtocolContext } {
    if (checked === undefined) {
      const issuer = validateConfig(config);
      checked = { issuer, context: createProtocolContext(config, issuer, fetch, clock) };
    }
    return checked;
  }

  return {
    context: () => configured().context,
    async metadata(signal) {
      // Metadata rarely changes; discovering once per run keeps "Get a new code" fast.
      metadata ??= await discover(configured().issuer, configured().context, signal);
      return metadata;
    },
  };
}
