/**
 * Which value each setting takes, and why. The order reconciles the CLI contract (issue 5: flags,
 * then environment, then user settings, then admin defaults) with the managed policy (issue 6: a
 * locked value beats everything), so the app and the CLI can never disagree about where they sign in:
 *
 *   locked policy value
 *   > command-line flags > environment > user settings
 *   > unlocked policy values, the admin's defaults
 *   > built-in defaults
 *
 * Among the policies, the strongest that sets a key gives its value: what the OS delivers (Group
 * Policy's HKLM then HKCU, or a configuration profile's machine then per-user preferences), then
 * the system policy file, then the policy bundled into the installer. Locks add up, and a locked
 * issuer locks its endpoints, CA file and proxy with it (keysLockedWithIssuer). A per-user
 * policy never supplies the value of a key that a machine-wide one above it locks: HKCU cannot
 * fill in what HKLM locked to its default.
 */
import { SignInError } from '../errors.ts';
import type { SettingProblem } from '../setting-problem.ts';
import type { PolicySource, PolicySourceKind } from '../../shared/policy-source.ts';
import type { PlatformPolicy } from './platform-policy.ts';
import type { Policy } from './policy-document.ts';
import { defaultSettings, settingKeys, type PartialSettings, type SettingKey, type Settings } from './schema.ts';

/** Where a resolved value came from. */
export type SettingSource = PolicySourceKind | 'flag' | 'environment' | 'user' | 'default';

/** A layer that tried to change a locked value; the value it asked for was ignored. */
interface LockConflict {
  readonly key: SettingKey;
  readonly source: 'flag' | 'environment' | 'user';
  readonly requested: unknown;
  readonly lockedValue: unknown;
  /** The policy file (or registry key) that locks the key. */
  readonly lockedBy: string;
}

interface SettingsLayers {
  /** What the OS delivers, strongest first (HKLM before HKCU); all stronger than the files. */
  readonly platform?: readonly PlatformPolicy[] | undefined;
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
  /** The policies that set or locked anything, strongest first (`device-signin status --json`'s `policy_sources`). */
  readonly policySources: readonly PolicySource[];
  sourceOf(key: SettingKey): SettingSource;
  /** The policy file (or registry key) that locks a key, if one does. */
  lockedBy(key: SettingKey): string | undefined;
  /** The kind of policy that locks a key, if one does: the window names it. */
  lockKindOf(key: SettingKey): PolicySourceKind | undefined;
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

/**
 * What a locked issuer locks with it (issue 29): where this app sends codes and tokens, and what
 * carries them there. A session kept for the locked issuer would otherwise send its refresh token
 * wherever this run's flags, environment or settings.json point, or trust whatever CA they name.
 * A policy that locks the issuer and sets one of these gives its value; one that sets none leaves
 * it unset (discovery, the OS's trust and proxy), as a lock without a value does.
 */
export const keysLockedWithIssuer = [
  'deviceAuthorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'revocationEndpoint',
  'proxy',
  'caFile',
] as const satisfies readonly SettingKey[];

/** Picks every setting's value from the layers, in the order above. Never throws: conflicts are reported, not fatal. */
export function resolveSettings(layers: SettingsLayers): ResolvedSettings {
  const managed = managedLayers(layers);
  const personal: readonly PersonalLayer[] = [
    [layers.flags, 'flag'],
    [environmentLayer(layers.env ?? {}), 'environment'],
    [layers.user, 'user'],
  ];
  const settings: Record<string, unknown> = {};
  const sources = new Map<SettingKey, SettingSource>();
  const lockers = new Map<SettingKey, ManagedLayer>();
  const conflicts: LockConflict[] = [];
  for (const key of settingKeys) {
    const resolved = resolveKey(key, managed, personal);
    settings[key] = resolved.value;
    sources.set(key, resolved.source);
    if (resolved.locker !== undefined) lockers.set(key, resolved.locker);
    conflicts.push(...resolved.conflicts);
  }
  return {
    settings: settings as Settings,
    locked: new Set(lockers.keys()),
    conflicts,
    policySources: managed
      .filter(({ policy }) => Object.keys(policy.values).length > 0 || policy.locked.size > 0)
      .map(({ policy, kind }) => ({ kind, name: policy.file })),
    sourceOf: (key) => sources.get(key) ?? 'default',
    lockedBy: (key) => lockers.get(key)?.policy.file,
    lockKindOf: (key) => lockers.get(key)?.kind,
  };
}

interface ManagedLayer {
  readonly policy: Policy;
  readonly kind: PolicySourceKind;
  readonly perUser: boolean;
}

type PersonalLayer = readonly [PartialSettings | undefined, LockConflict['source']];

/** Every policy, strongest first, with the kind the window names it by. */
function managedLayers(layers: SettingsLayers): ManagedLayer[] {
  const files: ManagedLayer[] = [];
  if (layers.system !== undefined) files.push({ policy: layers.system, kind: 'policy-file', perUser: false });
  if (layers.bundled !== undefined) files.push({ policy: layers.bundled, kind: 'installer', perUser: false });
  return [...(layers.platform ?? []).map((policy) => ({ policy, kind: policy.kind, perUser: policy.perUser })), ...files];
}

/** One key's value, where it came from, and, when it is locked, who locked it and who tried to change it. */
function resolveKey(
  key: SettingKey,
  managed: readonly ManagedLayer[],
  personal: readonly PersonalLayer[],
): {
  readonly value: unknown;
  readonly source: SettingSource;
  readonly locker?: ManagedLayer;
  readonly conflicts: readonly LockConflict[];
} {
  // The strongest lock is named: the one nearest to what an admin on this machine controls.
  const lockIndex = managed.findIndex(({ policy }) => locks(policy, key));
  const locker = managed[lockIndex];
  const fromPolicy = managed.find(
    ({ policy, perUser }, index) =>
      Object.hasOwn(policy.values, key) && !(perUser && locker !== undefined && !locker.perUser && index > lockIndex),
  );
  if (locker !== undefined) {
    // Locked without a value locks the default: "users may not set an audience" is a real choice.
    const value = fromPolicy === undefined ? defaultSettings[key] : fromPolicy.policy.values[key];
    const conflicts = personal
      .filter(([layer]) => layer !== undefined && Object.hasOwn(layer, key) && !sameValue(layer[key], value))
      .map(([layer, source]) => ({ key, source, requested: layer?.[key], lockedValue: value, lockedBy: locker.policy.file }));
    return { value, source: fromPolicy?.kind ?? 'default', locker, conflicts };
  }
  const fromPerson = personal.find(([layer]) => layer !== undefined && Object.hasOwn(layer, key) && layer[key] !== undefined);
  if (fromPerson !== undefined) return { value: fromPerson[0]?.[key], source: fromPerson[1], conflicts: [] };
  if (fromPolicy !== undefined) return { value: fromPolicy.policy.values[key], source: fromPolicy.kind, conflicts: [] };
  return { value: defaultSettings[key], source: 'default', conflicts: [] };
}

/** Whether a policy locks a key: by naming it, or by locking the issuer it goes with. */
function locks(policy: Policy, key: SettingKey): boolean {
  return policy.locked.has(key) || (policy.locked.has('issuer') && (keysLockedWithIssuer as readonly SettingKey[]).includes(key));
}

/**
 * For the CLI: a flag (or environment variable, or user setting) that asks for something other
 * than a locked value is an error rather than silently ignored, so a script learns why it signed in
 * somewhere else. The app instead shows locked keys as managed.
 */
export function assertNoLockConflicts(
  resolved: ResolvedSettings,
  sources: readonly LockConflict['source'][] = ['flag', 'environment', 'user'],
): void {
  const conflict = resolved.conflicts.find((c) => sources.includes(c.source));
  if (conflict === undefined) return;
  throw new SignInError(
    'invalid_config',
    `Your administrator has locked ${conflict.key} (policy ${conflict.lockedBy}); ${describeSource(conflict)} cannot change it. ` +
      'Remove it to use the managed value.',
    { problem: lockProblem(conflict) },
  );
}

/** A lock conflict as data: the key, the policy that locks it, and the flag or variable that asks otherwise. */
function lockProblem(conflict: LockConflict): SettingProblem {
  const { key, lockedBy } = conflict;
  switch (conflict.source) {
    case 'flag':
      return { rule: 'locked.flag', values: { key, lockedBy, flag: flagName(key) } };
    case 'environment':
      return { rule: 'locked.environment', values: { key, lockedBy, variable: variableName(key) } };
    case 'user':
      return { rule: 'locked.user', values: { key, lockedBy } };
  }
}

function flagName(key: SettingKey): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function variableName(key: SettingKey): string {
  return key in settingsEnvironment ? settingsEnvironment[key as keyof typeof settingsEnvironment] : key;
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
      return `the ${flagName(conflict.key)} flag`;
    case 'environment':
      return `the environment variable ${variableName(conflict.key)}`;
    case 'user':
      return 'your own settings';
  }
}
