/**
 * Which value each setting takes, and why. The order reconciles the CLI contract (issue 5: flags,
 * then environment, then user settings, then admin defaults) with the managed policy (issue 6: a
 * locked value beats everything), so the app and the CLI can never disagree about where they sign in:
 *
 *   locked policy value (system file over bundled)
 *   > command-line flags > environment > user settings
 *   > unlocked policy values, the admin's defaults (system over bundled)
 *   > built-in defaults
 */
import { defaultScope, type ClientConfig, validateConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import { type DPoPMode, dpopModes, isDPoPMode } from '../protocol/dpop-mode.ts';
import { providerNames } from '../providers/profile.ts';
import { profileFor } from '../providers/profiles.ts';
import type { Policy } from './policy.ts';
import { defaultSettings, settingKeys, type PartialSettings, type SettingKey, type Settings } from './schema.ts';

/** Where a resolved value came from. */
export type SettingSource = 'system-policy' | 'bundled-policy' | 'flag' | 'environment' | 'user' | 'default';

/** A layer that tried to change a locked value; the value it asked for was ignored. */
export interface LockConflict {
  readonly key: SettingKey;
  readonly source: 'flag' | 'environment' | 'user';
  readonly requested: unknown;
  readonly lockedValue: unknown;
  /** The policy file that locks the key. */
  readonly lockedBy: string;
}

export interface SettingsLayers {
  readonly system?: Policy | undefined;
  readonly bundled?: Policy | undefined;
  readonly user?: PartialSettings | undefined;
  /** Read for `DEVICE_SIGNIN_ISSUER`, `DEVICE_SIGNIN_CLIENT_ID`, `DEVICE_SIGNIN_SCOPE`, `DEVICE_SIGNIN_AUDIENCE`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly flags?: PartialSettings | undefined;
}

export interface ResolvedSettings {
  readonly settings: Settings;
  /** Keys users may not change: the window shows them as managed. */
  readonly locked: ReadonlySet<SettingKey>;
  readonly conflicts: readonly LockConflict[];
  sourceOf(key: SettingKey): SettingSource;
  /** The policy file that locks a key, if one does. */
  lockedBy(key: SettingKey): string | undefined;
}

/** The environment variables the CLI contract names (issue 5); audience is the app's existing extra. */
export const settingsEnvironment = {
  issuer: 'DEVICE_SIGNIN_ISSUER',
  clientId: 'DEVICE_SIGNIN_CLIENT_ID',
  scope: 'DEVICE_SIGNIN_SCOPE',
  audience: 'DEVICE_SIGNIN_AUDIENCE',
  provider: 'DEVICE_SIGNIN_PROVIDER',
  deviceAuthorizationEndpoint: 'DEVICE_SIGNIN_DEVICE_AUTHORIZATION_ENDPOINT',
  tokenEndpoint: 'DEVICE_SIGNIN_TOKEN_ENDPOINT',
  userinfoEndpoint: 'DEVICE_SIGNIN_USERINFO_ENDPOINT',
  revocationEndpoint: 'DEVICE_SIGNIN_REVOCATION_ENDPOINT',
  clientSecret: 'DEVICE_SIGNIN_CLIENT_SECRET',
  proxy: 'DEVICE_SIGNIN_PROXY',
  caFile: 'DEVICE_SIGNIN_CA_FILE',
  dpop: 'DEVICE_SIGNIN_DPOP',
} as const satisfies Partial<Record<SettingKey, string>>;

/** Picks every setting's value from the layers, in the order above. Never throws: conflicts are reported, not fatal. */
export function resolveSettings(layers: SettingsLayers): ResolvedSettings {
  const fromEnv = environmentLayer(layers.env ?? {});
  const managed: readonly (readonly [Policy | undefined, SettingSource])[] = [
    [layers.system, 'system-policy'],
    [layers.bundled, 'bundled-policy'],
  ];
  const personal: readonly (readonly [PartialSettings | undefined, LockConflict['source']])[] = [
    [layers.flags, 'flag'],
    [fromEnv, 'environment'],
    [layers.user, 'user'],
  ];

  const settings: Record<string, unknown> = {};
  const sources = new Map<SettingKey, SettingSource>();
  const lockers = new Map<SettingKey, string>();
  const conflicts: LockConflict[] = [];

  for (const key of settingKeys) {
    // The system file's lock is named first: it is the one an admin on this machine can change.
    const locker = [layers.system, layers.bundled].find((policy) => policy?.locked.has(key) === true);
    const fromPolicy = managed.find(([policy]) => policy !== undefined && Object.hasOwn(policy.values, key));
    const policyValue = fromPolicy?.[0]?.values[key];
    const policySource = fromPolicy?.[1];

    if (locker !== undefined) {
      // Locked without a value locks the default: "users may not set an audience" is a real choice.
      const lockedValue = policySource === undefined ? defaultSettings[key] : policyValue;
      settings[key] = lockedValue;
      sources.set(key, policySource ?? 'default');
      lockers.set(key, locker.file);
      for (const [layer, source] of personal) {
        if (layer !== undefined && Object.hasOwn(layer, key) && !sameValue(layer[key], lockedValue)) {
          conflicts.push({ key, source, requested: layer[key], lockedValue, lockedBy: locker.file });
        }
      }
      continue;
    }

    const fromPerson = personal.find(([layer]) => layer !== undefined && Object.hasOwn(layer, key) && layer[key] !== undefined);
    if (fromPerson !== undefined) {
      settings[key] = fromPerson[0]?.[key];
      sources.set(key, fromPerson[1]);
    } else if (policySource !== undefined) {
      settings[key] = policyValue;
      sources.set(key, policySource);
    } else {
      settings[key] = defaultSettings[key];
      sources.set(key, 'default');
    }
  }

  return {
    settings: settings as Settings,
    locked: new Set(lockers.keys()),
    conflicts,
    sourceOf: (key) => sources.get(key) ?? 'default',
    lockedBy: (key) => lockers.get(key),
  };
}

/**
 * For the CLI: a flag (or environment variable, or user setting) that asks for something other
 * than a locked value is an error rather than silently ignored, so a script learns why it signed in
 * somewhere else. The app instead shows locked keys as managed.
 */
export function assertNoLockConflicts(resolved: ResolvedSettings, sources: readonly LockConflict['source'][] = ['flag', 'environment', 'user']): void {
  const conflict = resolved.conflicts.find((c) => sources.includes(c.source));
  if (conflict === undefined) return;
  throw new SignInError(
    'invalid_config',
    `Your administrator has locked ${conflict.key} (policy ${conflict.lockedBy}); ${describeSource(conflict)} cannot change it. Remove it to use the managed value.`,
  );
}

/** What to sign in against: a configured provider, the embedded demo provider, or a reason neither is possible. */
export type ClientChoice =
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
    return {
      kind: 'invalid',
      error: new SignInError('invalid_config', `The provider "${provider}"${describeOrigin(resolved, 'provider')} is not one of ${providerNames.join(', ')}.`),
    };
  }
  const { dpop } = resolved.settings;
  if (dpop !== undefined && !isDPoPMode(dpop)) {
    return { kind: 'invalid', error: new SignInError('invalid_config', `The dpop setting "${String(dpop)}"${describeOrigin(resolved, 'dpop')} is not one of ${dpopModes.join(', ')}.`) };
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
      ),
    };
  }
  if (issuer === undefined || clientId === undefined) {
    const [present, missing] = issuer === undefined ? (['clientId', 'issuer'] as const) : (['issuer', 'clientId'] as const);
    return {
      kind: 'invalid',
      error: new SignInError('invalid_config', `${present} is set${describeOrigin(resolved, present)} but ${missing} is not: set both, or neither to use the demo provider.`),
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
  return { kind: 'configured', config };
}

/** The endpoint and client-secret settings, as the core's ClientConfig spells them. */
function providerSettings(settings: ResolvedSettings['settings']): Pick<ClientConfig, 'endpoints' | 'clientSecret' | 'dpop'> {
  const endpoints = {
    ...(settings.deviceAuthorizationEndpoint === undefined ? {} : { deviceAuthorization: settings.deviceAuthorizationEndpoint }),
    ...(settings.tokenEndpoint === undefined ? {} : { token: settings.tokenEndpoint }),
    ...(settings.userinfoEndpoint === undefined ? {} : { userinfo: settings.userinfoEndpoint }),
    ...(settings.revocationEndpoint === undefined ? {} : { revocation: settings.revocationEndpoint }),
  };
  return {
    ...(Object.keys(endpoints).length === 0 ? {} : { endpoints }),
    ...(settings.clientSecret === undefined ? {} : { clientSecret: settings.clientSecret }),
    ...(settings.dpop === undefined ? {} : { dpop: settings.dpop }),
  };
}

function environmentLayer(env: Readonly<Record<string, string | undefined>>): PartialSettings {
  const layer: Record<string, string> = {};
  for (const [key, name] of Object.entries(settingsEnvironment)) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') layer[key] = value;
  }
  return layer;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeSource(conflict: LockConflict): string {
  switch (conflict.source) {
    case 'flag':
      return `the --${conflict.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} flag`;
    case 'environment':
      return `the environment variable ${conflict.key in settingsEnvironment ? settingsEnvironment[conflict.key as keyof typeof settingsEnvironment] : conflict.key}`;
    case 'user':
      return 'your own settings';
  }
}

function describeOrigin(resolved: ResolvedSettings, key: SettingKey): string {
  const source = resolved.sourceOf(key);
  return source === 'default' ? '' : ` (by ${source.replace('-', ' ')})`;
}
