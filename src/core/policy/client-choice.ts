/**
 * From resolved settings to what the app and the CLI sign in against: a configured provider,
 * the embedded demo provider, or the reason neither is possible, named with the layer that set it.
 */
import { defaultScope, type ClientConfig, validateConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import type { SetBy } from '../setting-problem.ts';
import { type DPoPMode, dpopModes, isDPoPMode } from '../protocol/dpop-mode.ts';
import { type ExplicitEndpoints, providerNames } from '../providers/provider-names.ts';
import { profileFor } from '../providers/profiles.ts';
import type { SettingKey } from './schema.ts';
import type { ResolvedSettings, SettingSource } from './settings-resolution.ts';

/** What to sign in against: a configured provider, the embedded demo provider, or a reason neither is possible. */
type ClientChoice =
  | { readonly kind: 'configured'; readonly config: ClientConfig }
  | { readonly kind: 'demo'; readonly scope: string; readonly dpop?: DPoPMode }
  | { readonly kind: 'invalid'; readonly error: SignInError };

/**
 * Turns resolved settings into the core's `ClientConfig`. Nothing configured means the demo
 * provider, if the policy allows it; half a configuration (an issuer without a client id) is a
 * mistake worth saying out loud rather than quietly running the demo.
 */
export function chooseClient(resolved: ResolvedSettings): ClientChoice {
  const { clientId, scope, audience, demoProvider, provider } = resolved.settings;
  // Flags and the environment have not been through the policy validator.
  if (!(providerNames as readonly string[]).includes(provider)) {
    const allowed = providerNames.join(', ');
    const message = `The provider "${provider}"${describeOrigin(resolved, 'provider')} is not one of ${allowed}.`;
    return {
      kind: 'invalid',
      error: new SignInError('invalid_config', message, {
        problem: { rule: 'config.providerNotOneOf', values: { provider, setBy: setBy(resolved.sourceOf('provider')), allowed } },
      }),
    };
  }
  const { dpop } = resolved.settings;
  if (dpop !== undefined && !isDPoPMode(dpop)) {
    const [value, allowed] = [String(dpop), dpopModes.join(', ')];
    const problem = { rule: 'config.dpopNotOneOf', values: { value, setBy: setBy(resolved.sourceOf('dpop')), allowed } } as const;
    const message = `The dpop setting "${value}"${describeOrigin(resolved, 'dpop')} is not one of ${allowed}.`;
    return { kind: 'invalid', error: new SignInError('invalid_config', message, { problem }) };
  }
  // A provider at a well-known host (GitHub) needs no issuer unless it is elsewhere (Enterprise Server).
  const issuer = resolved.settings.issuer ?? (clientId === undefined ? undefined : profileFor(provider).defaultIssuer);
  if (issuer === undefined && clientId === undefined) {
    if (demoProvider) return { kind: 'demo', scope, ...(dpop === undefined ? {} : { dpop }) };
    return {
      kind: 'invalid',
      error: new SignInError(
        'invalid_config',
        `No issuer and client id are configured, and the demo provider is turned off${describeOrigin(resolved, 'demoProvider')}.`,
        { problem: { rule: 'config.demoOff', values: { setBy: setBy(resolved.sourceOf('demoProvider')) } } },
      ),
    };
  }
  if (issuer === undefined || clientId === undefined) {
    const [present, missing] = issuer === undefined ? (['clientId', 'issuer'] as const) : (['issuer', 'clientId'] as const);
    const message =
      `${present} is set${describeOrigin(resolved, present)} but ${missing} is not: ` + 'set both, or neither to use the demo provider.';
    return {
      kind: 'invalid',
      error: new SignInError('invalid_config', message, {
        problem: { rule: 'config.halfClient', values: { present, missing, setBy: setBy(resolved.sourceOf(present)) } },
      }),
    };
  }
  const config: ClientConfig = {
    issuer,
    clientId,
    scope: scope.trim() === '' ? defaultScope : scope,
    ...(provider === 'generic' ? {} : { provider }),
    ...(audience === undefined ? {} : { audience }),
    ...providerSettings(resolved.settings),
  };
  try {
    // The same check every sign-in makes; a flag or environment value has not been through the policy validator.
    validateConfig(config);
  } catch (error) {
    if (error instanceof SignInError) return { kind: 'invalid', error };
    throw error;
  }
  const elsewhere = endpointOffIssuer(resolved, config.issuer);
  if (elsewhere !== undefined) return { kind: 'invalid', error: elsewhere };
  return { kind: 'configured', config };
}

/** Each endpoint of ClientConfig and the setting that gives it. */
const endpointSettings = {
  deviceAuthorization: 'deviceAuthorizationEndpoint',
  token: 'tokenEndpoint',
  userinfo: 'userinfoEndpoint',
  revocation: 'revocationEndpoint',
} as const satisfies Readonly<Record<keyof ExplicitEndpoints, SettingKey>>;

/** The layers of this run and this user; a policy is the admin's. */
const personalSources: ReadonlySet<SettingSource> = new Set(['flag', 'environment', 'user']);

/**
 * Issue 29: an endpoint from a flag, a variable or settings.json must be on the issuer's origin
 * (scheme, host and port). A session is kept for its issuer, and an endpoint elsewhere would carry
 * its codes and refresh token to a server that issuer never named. An endpoint on another origin
 * is the admin's to give (policy), or the provider profile's (GitHub's api.github.com), which is
 * no setting and never passes here. Run after validateConfig, so every URL here parses.
 */
function endpointOffIssuer(resolved: ResolvedSettings, issuer: string): SignInError | undefined {
  const { origin } = new URL(issuer);
  for (const [name, key] of Object.entries(endpointSettings)) {
    const url = resolved.settings[key];
    const source = resolved.sourceOf(key);
    if (url === undefined || !personalSources.has(source) || new URL(url).origin === origin) continue;
    return new SignInError(
      'invalid_config',
      `The ${name} endpoint ${url}${describeOrigin(resolved, key)} is not on the issuer's origin ${origin}; ` +
        'only a policy can name an endpoint elsewhere.',
      { problem: { rule: 'config.endpointOtherOrigin', values: { name, url, issuer, setBy: setBy(source) } } },
    );
  }
  return undefined;
}

/** The endpoint and client-secret settings, as the core's ClientConfig spells them. */
function providerSettings(settings: ResolvedSettings['settings']): Pick<ClientConfig, 'endpoints' | 'clientSecret' | 'dpop'> {
  const endpoints: ExplicitEndpoints = Object.fromEntries(
    Object.entries(endpointSettings).flatMap(([name, key]) => (settings[key] === undefined ? [] : [[name, settings[key]]])),
  );
  return {
    ...(Object.keys(endpoints).length === 0 ? {} : { endpoints }),
    ...(settings.clientSecret === undefined ? {} : { clientSecret: settings.clientSecret }),
    ...(settings.dpop === undefined ? {} : { dpop: settings.dpop }),
  };
}

function describeOrigin(resolved: ResolvedSettings, key: SettingKey): string {
  const source = resolved.sourceOf(key);
  return source === 'default' ? '' : ` (by ${source.replace('-', ' ')})`;
}

/** A source as a setting problem names it (setting-problem.ts): `group-policy` → `groupPolicy`. */
export function setBy(source: SettingSource): SetBy {
  return source.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()) as SetBy;
}
