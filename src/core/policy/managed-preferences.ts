/**
 * Configuration profiles on macOS: an MDM (Jamf, Intune, Kandji) pushes a profile with a
 * `dev.device-signin.app` payload, and macOS writes its keys to
 * `/Library/Managed Preferences/dev.device-signin.app.plist` for the machine and to
 * `/Library/Managed Preferences/<user>/dev.device-signin.app.plist` for one user, as a binary or
 * XML property list. The keys are the policy file's, `locked` an array of key names; the values
 * become a document that policy-document.ts checks exactly as it checks a file.
 *
 * Only a file that root alone can change counts, judged by the same rule as the system policy
 * file (policy-file-trust.ts). Anything else is ignored, with a log line, rather than refused:
 * macOS itself writes these files as root, so another owner means something else put it there.
 */
import { readFile } from 'node:fs/promises';
import { unlessMissing } from '../file-read.ts';
import { join } from 'node:path';
import { parse, parseBinary, type PlistValue } from 'plist';
import type { Log } from '../log.ts';
import { policyWritableByUsers } from './policy-file-trust.ts';
import { checkPolicyDocument, describe, type Policy, PolicyError } from './policy-document.ts';
import type { PlatformPolicy } from './platform-policy.ts';

export const managedPreferencesDomain = 'dev.device-signin.app';
const managedPreferencesFolder = '/Library/Managed Preferences';

/** The machine's file, then the given user's. */
export function managedPreferencesPaths(
  user: string,
  folder = managedPreferencesFolder,
): { readonly machine: string; readonly user: string } {
  return { machine: join(folder, `${managedPreferencesDomain}.plist`), user: join(folder, user, `${managedPreferencesDomain}.plist`) };
}

interface ManagedPreferencesAccess {
  /** The file's bytes, or `undefined` when there is none. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Why someone other than root could have written the file, or `undefined` when only root can. */
  notRootOnly(path: string): Promise<string | undefined>;
}

export const nodeManagedPreferencesAccess: ManagedPreferencesAccess = {
  read: (path) => unlessMissing(() => readFile(path)),
  notRootOnly: (path) => policyWritableByUsers(path, 'darwin'),
};

/** The machine's managed preferences, then the user's (weaker, and never able to fill in what the machine's lock). */
export async function readManagedPreferences(options: {
  readonly user: string;
  readonly log: Log;
  readonly access?: ManagedPreferencesAccess;
  readonly folder?: string;
}): Promise<PlatformPolicy[]> {
  const access = options.access ?? nodeManagedPreferencesAccess;
  const paths = managedPreferencesPaths(options.user, options.folder);
  const policies: PlatformPolicy[] = [];
  for (const [path, perUser] of [
    [paths.machine, false],
    [paths.user, true],
  ] as const) {
    const problem = await access.notRootOnly(path);
    if (problem !== undefined) {
      options.log.warn('policy.ignored', { source: path, reason: `only a file that root alone can change counts, but ${problem}` });
      continue;
    }
    const bytes = await readOrRefuse(access, path);
    if (bytes !== undefined) policies.push({ ...parseManagedPreferences(bytes, path), kind: 'configuration-profile', perUser });
  }
  return policies;
}

async function readOrRefuse(access: ManagedPreferencesAccess, path: string): Promise<Uint8Array | undefined> {
  try {
    return await access.read(path);
  } catch (error) {
    // Failing closed, as for a policy file: the preferences we cannot read may hold the locks.
    throw PolicyError.unreadable(path, error);
  }
}

/** A binary (`bplist00`) or XML property list, checked against the schema table. */
export function parseManagedPreferences(bytes: Uint8Array, source: string): Policy {
  let root: PlistValue;
  try {
    root = isBinaryPropertyList(bytes) ? parseBinary(bytes) : parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new PolicyError(
      source,
      `is not a valid property list (${describe(error)}).`,
      { rule: 'policy.notPropertyList', values: { detail: describe(error) } },
      { cause: error },
    );
  }
  if (!isDictionary(root)) {
    throw new PolicyError(source, 'must be a property list dictionary of settings.', { rule: 'policy.notDictionary', values: {} });
  }
  return checkPolicyDocument(root, source);
}

function isBinaryPropertyList(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(0, 6)) === 'bplist';
}

function isDictionary(value: PlistValue): value is { [key: string]: PlistValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}
