/**
 * The managed policy an IT admin sets: where it lives on each OS, how a file is read and checked
 * against the schema table (policy-schema.ts), and the error that names the file, the key and the
 * problem. An invalid policy stops sign-in: guessing what the admin meant could send people's
 * credentials somewhere the admin never chose.
 */
import { readTextFile } from '../file-read.ts';
import { policyWritableByUsers } from './policy-file-trust.ts';
import { parseProxySetting } from './proxy-setting.ts';
import { nodeWindowsCommands, programDataFolder, type WindowsCommands } from './windows-system.ts';
import { join, win32 } from 'node:path';
import { SignInError } from '../errors.ts';
import {
  commentKey,
  lockedKey,
  policySchema,
  settingKeys,
  type PartialSettings,
  type SettingKey,
  type ValueSpec,
} from './schema.ts';
import { requireSafeUrl } from '../protocol/uri-safety.ts';

/** One policy file, checked: the values it sets and the keys it locks. */
export interface Policy {
  readonly file: string;
  readonly values: PartialSettings;
  readonly locked: ReadonlySet<SettingKey>;
}

/** A policy that cannot be used. `key` is the offending key (dotted for a field), absent when the whole file is at fault. */
export class PolicyError extends SignInError {
  readonly file: string;
  readonly key: string | undefined;
  readonly problem: string;

  constructor(file: string, key: string | undefined, problem: string, options: { cause?: unknown } = {}) {
    super('invalid_config', `Policy ${file}: ${key === undefined ? '' : `"${key}" `}${problem}`, options);
    this.name = 'PolicyError';
    this.file = file;
    this.key = key;
    this.problem = problem;
  }
}

/** Reads a file's text, or `undefined` when there is no such file (no policy is not an error). */
export type PolicyFileReader = (path: string) => Promise<string | undefined>;

export const readPolicyFileIfPresent: PolicyFileReader = async (path) => {
  try {
    return await readTextFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
};

/**
 * Reads the system policy only when no one but an administrator can change it: a file users
 * can rewrite would let anyone lift the admin's locks. Refused with a message naming the file.
 */
export const readTrustedSystemPolicy: PolicyFileReader = async (path) => {
  const problem = await policyWritableByUsers(path);
  if (problem !== undefined) {
    throw new PolicyError(path, undefined, `is not trusted: only an administrator may be able to change a system policy, but ${problem}.`);
  }
  return readPolicyFileIfPresent(path);
};

/**
 * The machine-wide policy file, where MDM, Intune, GPO or configuration management drop it. Only
 * administrators can write these folders, which is what makes a lock there mean something.
 * `programData` is Windows' machine-wide data folder as the OS reports it (machinePolicyPath).
 */
export function systemPolicyPath(platform: NodeJS.Platform, programData = 'C:\\ProgramData'): string {
  if (platform === 'win32') return win32.join(programData, 'Device Sign-In', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/Device Sign-In/policy.json';
  return '/etc/device-signin/policy.json';
}

/**
 * systemPolicyPath with Windows' ProgramData asked of the OS (windows-system.ts), never of the
 * `ProgramData` variable, which any user can set for their own processes to escape the locks.
 */
export async function machinePolicyPath(platform: NodeJS.Platform, windows: WindowsCommands = nodeWindowsCommands): Promise<string> {
  if (platform !== 'win32') return systemPolicyPath(platform);
  try {
    return systemPolicyPath(platform, await programDataFolder(windows));
  } catch (error) {
    // Failing closed, as for an unreadable file: the policy we cannot find may hold the locks.
    throw new PolicyError(systemPolicyPath(platform, '%ProgramData%'), undefined, `cannot be found: Windows did not say where its ProgramData folder is (${describe(error)}).`, { cause: error });
  }
}

/**
 * The configuration bundled into the installer, given `app.getAppPath()`: packed inside app.asar
 * (electron-builder.yml), so the asar integrity check covers it; in a checkout, resources/.
 */
export function bundledPolicyPath(appPath: string): string {
  return join(appPath, 'resources', 'policy.json');
}

/** Reads and checks one policy file; `undefined` when the file does not exist. */
export async function loadPolicyFile(path: string, read: PolicyFileReader = readPolicyFileIfPresent): Promise<Policy | undefined> {
  let text: string | undefined;
  try {
    text = await read(path);
  } catch (error) {
    // Failing closed: a policy we cannot read may be the one that locks the issuer.
    if (error instanceof PolicyError) throw error;
    throw new PolicyError(path, undefined, `cannot be read (${describe(error)}).`, { cause: error });
  }
  return text === undefined ? undefined : parsePolicy(text, path);
}

/** Both managed layers at once. The app passes `bundledPolicyPath(app.getAppPath())`; the CLI may have none. */
export async function loadManagedPolicies(options: {
  readonly systemPath: string;
  readonly bundledPath?: string | undefined;
  readonly read?: PolicyFileReader;
}): Promise<{ readonly system: Policy | undefined; readonly bundled: Policy | undefined }> {
  const [system, bundled] = await Promise.all([
    loadPolicyFile(options.systemPath, options.read ?? readTrustedSystemPolicy),
    options.bundledPath === undefined ? undefined : loadPolicyFile(options.bundledPath, options.read ?? readPolicyFileIfPresent),
  ]);
  return { system, bundled };
}

/** Checks a policy file's text against the schema table. `file` names it in errors. */
export function parsePolicy(text: string, file: string): Policy {
  let document: unknown;
  try {
    // A UTF-8 byte order mark is what Notepad and some MDM tools write; JSON.parse refuses it.
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PolicyError(file, undefined, `is not valid JSON (${describe(error)}).`, { cause: error });
  }
  if (!isRecord(document)) throw new PolicyError(file, undefined, 'must be a JSON object of settings.');

  const values: Record<string, unknown> = {};
  let locked: ReadonlySet<SettingKey> = new Set();
  for (const [key, value] of Object.entries(document)) {
    if (key === commentKey) {
      if (typeof value !== 'string') throw new PolicyError(file, key, 'must be a string (a note for people).');
    } else if (key === lockedKey) {
      locked = parseLocked(value, file);
    } else if (isSettingKey(key)) {
      values[key] = checkValue(policySchema[key].spec, value, file, key);
    } else {
      throw new PolicyError(file, key, `is not a policy key. Known keys: ${[...settingKeys, lockedKey].join(', ')}.`);
    }
  }
  return { file, values, locked };
}

/** Whether a string names a setting (not `locked` or `$comment`). */
export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(policySchema, key);
}

function parseLocked(value: unknown, file: string): ReadonlySet<SettingKey> {
  if (!Array.isArray(value)) throw new PolicyError(file, lockedKey, 'must be a list of key names.');
  const keys = new Set<SettingKey>();
  for (const item of value as unknown[]) {
    if (typeof item !== 'string') throw new PolicyError(file, lockedKey, `must list key names as strings; found ${JSON.stringify(item)}.`);
    if (!isSettingKey(item)) {
      throw new PolicyError(file, lockedKey, `locks "${item}", which is not a policy key. Lockable keys: ${settingKeys.join(', ')}.`);
    }
    keys.add(item);
  }
  return keys;
}

function checkValue(spec: ValueSpec, value: unknown, file: string, key: string): unknown {
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new PolicyError(file, key, `must be true or false; found ${describeValue(value)}.`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new PolicyError(file, key, `must be a string; found ${describeValue(value)}.`);
      if (value.trim() === '') throw new PolicyError(file, key, 'must not be empty; leave the key out instead.');
      if (spec.format === 'issuer-url') checkIssuer(value, file, key);
      if (spec.format === 'https-url' && URL.parse(value)?.protocol !== 'https:') throw new PolicyError(file, key, `must be an https URL; found "${value}".`);
      if (spec.format === 'proxy') {
        const parsed = parseProxySetting(value);
        if ('problem' in parsed) throw new PolicyError(file, key, `${parsed.problem}.`);
      }
      return value.trim();
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        throw new PolicyError(file, key, `must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}; found ${describeValue(value)}.`);
      }
      return value;
    case 'object': {
      if (!isRecord(value)) throw new PolicyError(file, key, `must be an object; found ${describeValue(value)}.`);
      for (const field of Object.keys(value)) {
        if (!Object.hasOwn(spec.fields, field)) {
          throw new PolicyError(file, `${key}.${field}`, `is not a field of "${key}". Known fields: ${Object.keys(spec.fields).join(', ')}.`);
        }
      }
      return Object.fromEntries(
        Object.entries(spec.fields).map(([field, fieldSpec]) => [
          field,
          Object.hasOwn(value, field) ? checkValue(fieldSpec.spec, value[field], file, `${key}.${field}`) : fieldSpec.default,
        ]),
      );
    }
  }
}

/** The same rule the core applies to any issuer (uri-safety.ts), said in an admin's terms. */
function checkIssuer(value: string, file: string, key: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PolicyError(file, key, `must be an absolute URL; found "${value}".`);
  }
  if (url.username !== '' || url.password !== '') throw new PolicyError(file, key, 'must not carry a user name or password.');
  if (url.search !== '' || url.hash !== '') {
    throw new PolicyError(file, key, 'must not have a query or fragment (OpenID Connect Discovery §2).');
  }
  try {
    requireSafeUrl(url.href, key);
  } catch (error) {
    throw new PolicyError(file, key, `must use https (plain http only on a loopback address); found "${value}".`, { cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
