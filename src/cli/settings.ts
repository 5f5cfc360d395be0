import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientConfig } from '../core/config.ts';
import { SignInError } from '../core/errors.ts';
import { readTextFile } from '../core/file-read.ts';
import { silentLog } from '../core/log.ts';
import { platformPolicyReader } from '../core/policy/platform-policy.ts';
import { loadManagedPolicies, machinePolicyPath } from '../core/policy/policy.ts';
import type { PartialSettings, TokenStorage } from '../core/policy/schema.ts';
import { chooseClient } from '../core/policy/client-choice.ts';
import { assertNoLockConflicts, type ResolvedSettings, resolveSettings } from '../core/policy/settings-resolution.ts';
import { providerNames } from '../core/providers/provider-names.ts';
import type { SettingFlags } from './args.ts';
import { nearest } from './nearest.ts';
import { UsageError } from './usage-error.ts';
import type { Environment } from './home.ts';

export interface CliSettings {
  readonly config: ClientConfig;
  /** The 0600 file instead of the keyring: `--insecure-storage`, or `"insecureStorage": true` in settings.json. */
  readonly insecureStorage: boolean;
  /** The admin's storage rule: `allow-unprotected` lets the CLI fall back to the 0600 file without a keyring. */
  readonly tokenStorage: TokenStorage;
  readonly resolved: ResolvedSettings;
}

/** The user's own settings: `settings.json` in the data folder, e.g. `{ "issuer": "...", "clientId": "..." }`. */
export function settingsFilePath(home: string): string {
  return join(home, 'settings.json');
}

/**
 * The bundled configuration of this installation: `resources/policy.json` beside `out/`, as in
 * the app's checkout and installers. The built CLI lives at `<root>/out/cli/device-signin.js`.
 */
export function bundledPolicyPathForCli(moduleUrl: string): string {
  return join(dirname(fileURLToPath(moduleUrl)), '..', '..', 'resources', 'policy.json');
}

/**
 * Where the command line signs in, with the same precedence as the app
 * (src/core/policy/settings-resolution.ts): locked policy (Group Policy or a configuration
 * profile, then the policy files) > flags > environment > settings.json > unlocked policy >
 * defaults. A flag, variable or user setting that contradicts a locked value is refused rather
 * than quietly overridden.
 */
export async function resolveCliSettings(input: {
  readonly flags: SettingFlags;
  readonly insecureStorage: boolean;
  readonly env: Environment;
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly bundledPolicyPath: string | undefined;
}): Promise<CliSettings> {
  const [policies, user] = await Promise.all([
    machinePolicyPath(input.platform).then((systemPath) =>
      // A managed-preferences file that root does not own is ignored; the command line keeps no log to say so.
      loadManagedPolicies({ systemPath, bundledPath: input.bundledPolicyPath, platform: platformPolicyReader(input.platform, silentLog) }),
    ),
    readUserSettings(settingsFilePath(input.home)),
  ]);
  const resolved = resolveSettings({ ...policies, user: user.settings, env: input.env, flags: input.flags });
  // A value asked for against a lock is refused with the lock's problem (main.ts: exit status 2).
  assertNoLockConflicts(resolved);
  const { tokenStorage } = resolved.settings;
  const insecureStorage = input.insecureStorage || user.insecureStorage;
  if (insecureStorage && resolved.locked.has('tokenStorage') && tokenStorage !== 'allow-unprotected') {
    const lockedBy = resolved.lockedBy('tokenStorage') ?? '';
    throw new SignInError(
      'invalid_config',
      `Your administrator has locked tokenStorage to "${tokenStorage}" (policy ${lockedBy}); the --insecure-storage flag cannot change it.`,
      {
        problem: { rule: 'locked.insecureStorage', values: { value: tokenStorage, lockedBy } },
      },
    );
  }
  const client = chooseClient(resolved);
  // As chosen: a provider at a well-known host (GitHub) has an issuer when none is set.
  const issuer = client.kind === 'configured' ? client.config.issuer : resolved.settings.issuer;
  if (issuer === undefined) throw missing('issuer', '--issuer', 'DEVICE_SIGNIN_ISSUER', '"issuer"', input.home, 'usage.noIssuer');
  if (resolved.settings.clientId === undefined)
    throw missing('client id', '--client-id', 'DEVICE_SIGNIN_CLIENT_ID', '"clientId"', input.home, 'usage.noClientId');
  // Both are set, so this is never the demo provider; `invalid` carries validateConfig's verdict, its problem in the setting's terms.
  if (client.kind === 'invalid') throw client.error;
  if (client.kind === 'demo') throw new UsageError('No issuer and client id are set.');
  return { config: client.config, insecureStorage, tokenStorage: insecureStorage ? 'allow-unprotected' : tokenStorage, resolved };
}

function missing(
  what: string,
  flag: string,
  variable: string,
  key: string,
  home: string,
  id: 'usage.noIssuer' | 'usage.noClientId',
): UsageError {
  const path = settingsFilePath(home);
  return new UsageError(`No ${what} is set: pass ${flag}, set ${variable}, or add ${key} to ${path}.`, { id, values: { path } });
}

const userKeys = [
  'issuer',
  'clientId',
  'scope',
  'audience',
  'provider',
  'deviceAuthorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'revocationEndpoint',
  'clientSecret',
  'proxy',
  'caFile',
  'dpop',
] as const;

/** `insecureStorage`: the one key that is not a setting of the app's but the command line's storage choice. */
const storageKey = 'insecureStorage';

/** settings.json read and checked: every key known, so that a slip ("clientid") is an error naming it, never ignored. */
async function readUserSettings(path: string): Promise<{ readonly settings: PartialSettings; readonly insecureStorage: boolean }> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {}, insecureStorage: false };
    const detail = (error as Error).message;
    throw new SignInError('invalid_config', `${path} could not be read (${detail}).`, {
      cause: error,
      problem: { rule: 'settings.unreadable', values: { path, detail } },
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SignInError('invalid_config', `${path} is not valid JSON.`, {
      cause: error,
      problem: { rule: 'settings.notJson', values: { path } },
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SignInError('invalid_config', `${path} must hold a JSON object.`, {
      problem: { rule: 'settings.notObject', values: { path } },
    });
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (key !== storageKey && !(userKeys as readonly string[]).includes(key)) throw unknownKey(path, key);
  const insecureStorage = record[storageKey] ?? false;
  if (typeof insecureStorage !== 'boolean') {
    throw new SignInError('invalid_config', `"${storageKey}" in ${path} must be true or false.`, {
      problem: { rule: 'settings.insecureStorageNotBoolean', values: { path } },
    });
  }
  const settings: Partial<Record<(typeof userKeys)[number], string>> = {};
  for (const key of userKeys) {
    const entry = record[key];
    if (entry === undefined) continue;
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new SignInError('invalid_config', `"${key}" in ${path} must be a non-empty string.`, {
        problem: { rule: 'settings.notNonEmpty', values: { path, key } },
      });
    }
    settings[key] = entry.trim();
  }
  const provider = settings.provider;
  if (provider !== undefined && !(providerNames as readonly string[]).includes(provider)) {
    const allowed = providerNames.join(', ');
    throw new SignInError('invalid_config', `"provider" in ${path} must be one of ${allowed}.`, {
      problem: { rule: 'settings.providerNotOneOf', values: { path, allowed } },
    });
  }
  return { settings: settings as PartialSettings, insecureStorage };
}

function unknownKey(path: string, key: string): SignInError {
  const known = [...userKeys, storageKey];
  const near = nearest(key, known);
  if (near !== undefined) {
    return new SignInError('invalid_config', `"${key}" in ${path} is not a setting; did you mean "${near}"?`, {
      problem: { rule: 'settings.unknownKeyNear', values: { path, key, nearest: near } },
    });
  }
  const list = known.join(', ');
  return new SignInError('invalid_config', `"${key}" in ${path} is not a setting. The settings are: ${list}.`, {
    problem: { rule: 'settings.unknownKey', values: { path, key, known: list } },
  });
}
