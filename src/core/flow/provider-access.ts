import type * as oauth from 'oauth4webapi';
import type { Clock } from '../clock.ts';
import { type ClientConfig, validateConfig } from '../config.ts';
import { createProtocolContext, type ProtocolContext } from '../protocol/context.ts';
import type { Fetch } from '../protocol/http.ts';
import { dialectFetch } from '../providers/dialect-fetch.ts';
import { endpointOf, providerMetadata } from '../providers/provider-metadata.ts';
import { profileFor } from '../providers/profiles.ts';

/** The configured provider as the protocol steps need it: a checked client context and its metadata. */
export interface ProviderAccess {
  /** The client context; throws `invalid_config` for a configuration that cannot work. */
  context(): ProtocolContext;
  /** The provider's metadata, found once per run (discovery, or the explicit endpoints). */
  metadata(signal?: AbortSignal): Promise<oauth.AuthorizationServer>;
}

export function createProviderAccess(config: ClientConfig, fetch: Fetch, clock: Clock): ProviderAccess {
  const profile = profileFor(config.provider);
  let checked: { readonly issuer: URL; readonly context: ProtocolContext } | undefined;
  let metadata: oauth.AuthorizationServer | undefined;
  // Every answer is read in the provider's dialect, translated to the RFCs' wire format.
  const translated = dialectFetch(fetch, profile.dialect, (url) => endpointOf(metadata, url));

  /** Checked once; a bad configuration throws on every use, so nothing is cached then. */
  function configured(): { readonly issuer: URL; readonly context: ProtocolContext } {
    if (checked === undefined) {
      const issuer = validateConfig(config);
      checked = { issuer, context: createProtocolContext(config, issuer, translated, clock, profile) };
    }
    return checked;
  }

  return {
    context: () => configured().context,
    async metadata(signal) {
      // Metadata rarely changes; finding it once per run keeps "Get a new code" fast.
      metadata ??= await providerMetadata(configured().issuer, config, profile, configured().context, signal);
      return metadata;
    },
  };
}
