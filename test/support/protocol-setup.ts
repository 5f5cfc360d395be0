import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../../src/core/config.ts';
import { validateConfig } from '../../src/core/config.ts';
import { createProtocolContext, type ProtocolContext } from '../../src/core/protocol/context.ts';
import { profileFor } from '../../src/core/providers/profiles.ts';
import { type DeviceAuthorization, requestDeviceAuthorization } from '../../src/core/protocol/device-authorization.ts';
import { providerMetadata } from '../../src/core/providers/provider-metadata.ts';
import { boundedFetch } from '../../src/core/protocol/http.ts';
import { type ScriptedProviderOptions, scriptedProvider } from './scripted-provider.ts';
import { VirtualClock } from './virtual-clock.ts';

export interface ProtocolSetup {
  readonly clock: VirtualClock;
  readonly provider: ReturnType<typeof scriptedProvider>;
  readonly config: ClientConfig;
  readonly context: ProtocolContext;
  readonly issuer: URL;
}

/** A client wired to a scripted provider in virtual time, as the app wires it to a real one. */
export function protocolSetup(
  options: Omit<ScriptedProviderOptions, 'clock'> = {},
  configOverrides: Partial<ClientConfig> = {},
  timeoutMs?: number,
): ProtocolSetup {
  const clock = new VirtualClock();
  const provider = scriptedProvider({ clock, ...options });
  const config: ClientConfig = {
    issuer: provider.issuer,
    clientId: 'demo-client',
    scope: 'openid profile email offline_access',
    ...configOverrides,
  };
  const issuer = validateConfig(config);
  const fetch = boundedFetch({ fetch: provider.fetch, clock, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  return { clock, provider, config, issuer, context: createProtocolContext(config, issuer, fetch, clock, profileFor(config.provider)) };
}

/** The provider's metadata as the app finds it: discovery, checked for device sign-in (OIDC Discovery §4, RFC 8628 §4). */
export function discover(setup: Pick<ProtocolSetup, 'issuer' | 'config' | 'context'>): Promise<oauth.AuthorizationServer> {
  return providerMetadata(setup.issuer, setup.config, setup.context.profile, setup.context);
}

/** Discovery and the device authorization request, as the first two steps of every flow. */
export async function authorize(setup: ProtocolSetup): Promise<{ as: oauth.AuthorizationServer; authorization: DeviceAuthorization }> {
  const as = await setup.clock.run(discover(setup));
  const authorization = await setup.clock.run(requestDeviceAuthorization(as, setup.config, setup.context));
  return { as, authorization };
}
