import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientConfig } from '../core/config.ts';
import { SignInError } from '../core/errors.ts';
import { readTextFile } from '../core/file-read.ts';
import { silentLog } from '../core/log.ts';
import { platformPolicyReader } from '../core/policy/platform-policy.ts';
import { loadManagedPolicies, machinePolicyPath } from '../core/policy/policy.ts';
import type { PartialSettings, TokenStorage } from '../core/policy/schema.ts';
import { assertNoLockConflicts, chooseClient, type ResolvedSettings, resolveSettings } from '../core/policy/settings-resolution.ts';
import { providerNames } from '../core/providers/profile.ts';
import type { SettingFlags } from './args.ts';
import { UsageError } from './usage-error.ts';
import type { Environment } from './home.ts';
import type { Explanation } from './messages.ts';

export interface CliSettings {
  readonly config: ClientConfig;
  /** The admin's storage rule: `allow-unprotected` lets the CLI fall back to the 0600 file without a keyring. */
  readonly tokenStorage: TokenStorage;
  readonly resolved: ResolvedSettings;
}

/**
 * The invocation asks for something the admin has locked: exit status 2, like any other command
 * line that cannot be run as typed, but printed as an `invalid_config` error so scripts see it.
 */
export class LockedSettingError extends Error {
  readonly explanation: Explanation;

  constructor(explanation: Explanation) {
    super(`${explanation.what} ${explanation.next}`);
    this.name = 'LockedSettingError';
    this.explanation = explanation;
  }
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
 * Where the command line signs in, with the same precedence as the app (src/core/policy/settings-resolution.ts):
 * locked policy (Group Policy or a configuration profile, then the policy files) > flags > environment > settings.json > unlocked policy > defaults. A flag, variable or
 * user setting that contradicts a locked value is refused rather than quietly overridden.
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
  const resolved = resolveSettings({ ...policies, user, env: input.env, flags: input.flags });
  try {
    assertNoLockConflicts(resolved);
  } catch (error) {
    if (error instanceof SignInError) throw new LockedSettingError(splitSentences(error.message));
    throw error;
  }
  const { tokenStorage } = resolved.settings;
  if (input.insecureStorage && resolved.locked.has('tokenStorage') && tokenStorage !== 'allow-unprotected') {
    throw new LockedSettingError({
      what: `Your administrator has locked tokenStorage to "${tokenStorage}" (policy ${resolved.lockedBy('tokenStorage') ?? ''}); the --insecure-storage flag cannot change it.`,
      next: 'Remove --insecure-storage: tokens may only be kept in the system keyring.',
    });
  }
  const client = chooseClient(resolved);
  // As chosen: a provider at a well-known host (GitHub) has an issuer when none is set.
  const issuer = client.kind === 'configured' ? client.config.issuer : resolved.settings.issuer;
  if (issuer === undefined) throw missing('issuer', '--issuer', 'DEVICE_SIGNIN_ISSUER', '"issuer"', input.home, 'usage.noIssuer');
  if (resolved.settings.clientId === undefined) throw missing('client id', '--client-id', 'DEVICE_SIGNIN_CLIENT_ID', '"clientId"', input.home, 'usage.noClientId');
  // Both are set, so this is never the demo provider; `invalid` carries validateConfig's verdict.
  if (client.kind === 'invalid') {
    if (client.error.code === 'insecure_uri') throw new SignInError('insecure_uri', insecureIssuer(issuer), { cause: client.error });
    throw client.error;
  }
  if (client.kind === 'demo') throw new UsageError('No issuer and client id are set.');
  return { config: client.config, tokenStorage: input.insecureStorage ? 'allow-unprotected' : tokenStorage, resolved };
}

function missing(what: string, flag: string, variable: string, key: string, home: string, id: 'usage.noIssuer' | 'usage.noClientId'): UsageError {
  const path = settingsFilePath(home);
  return new UsageError(`No ${what} is set: pass ${flag}, set ${variable}, or add ${key} to ${path}.`, { id, values: { path } });
}

/** validateConfig's verdict on an issuer, in terms of the setting rather than of a server's answer. */
function insecureIssuer(issuer: string): string {
  return URL.parse(issuer)?.protocol === 'https:'
    ? `The issuer ${issuer} carries a user name or password, which could disguise its real host.`
    : `The issuer ${issuer} is not https.`;
}

/** "First sentence. Second sentence." → what happened, what to do. */
function splitSentences(message: string): Explanation {
  const end = message.indexOf('. ');
  return end === -1 ? { what: message, next: '' } : { what: message.slice(0, end + 1), next: message.slice(end + 2) };
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
  'dpop',
] as const;

async function readUserSettings(path: string): Promise<PartialSettings> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SignInError('invalid_config', `${path} could not be read (${(error as Error).message}).`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SignInError('invalid_config', `${path} is not valid JSON.`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SignInError('invalid_config', `${path} must hold a JSON object.`);
  }
  const record = value as Record<string, unknown>;
  const settings: Partial<Record<(typeof userKeys)[number], string>> = {};
  for (const key of userKeys) {
    const entry = record[key];
    if (entry === undefined) continue;
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new SignInError('invalid_config', `"${key}" in ${path} must be a non-empty string.`);
    }
    settings[key] = entry.trim();
  }
  const provider = settings.provider;
  if (provider !== undefined && !(providerNames as readonly string[]).includes(provider)) {
    throw new SignInError('invalid_config', `"provider" in ${path} must be one of ${providerNames.join(', ')}.`);
  }
  return settings as PartialSettings;
}
