/**
 * Group Policy on Windows: what a GPO or Intune (an imported ADMX) sets lands in
 * `HKLM\SOFTWARE\Policies\Device Sign-In` for the machine and `HKCU\…` for the user. Each value
 * is named as the policy key: strings and choices as REG_SZ, booleans as REG_DWORD (1 or 0),
 * objects as REG_SZ holding JSON, and `locked` as a REG_SZ holding the JSON list of key names
 * (a REG_MULTI_SZ of names also does). Only administrators can write either key (their default
 * security), so no descriptor is checked, unlike the policy file's folders. The values become a
 * document that policy-document.ts checks exactly as it checks a file.
 *
 * reg.exe prints in the console's code page: text beyond ASCII is safe only as JSON's `\u` escapes
 * inside a JSON value (branding, support).
 */
import { win32 } from 'node:path';
import { checkPolicyDocument, describe, isSettingKey, PolicyError } from './policy-document.ts';
import { type RegistryValue, sectionOf } from './reg-query.ts';
import { commentKey, lockedKey, policySchema, settingKeys } from './schema.ts';
import type { PlatformPolicy } from './platform-policy.ts';
import { nodeWindowsCommands, requireSystemDirectory, type WindowsCommands } from './windows-system.ts';

export const policyRegistryKeys = {
  machine: 'HKLM\\SOFTWARE\\Policies\\Device Sign-In',
  user: 'HKCU\\SOFTWARE\\Policies\\Device Sign-In',
} as const;

/** Reads one key's values; `undefined` when there is no such key. */
interface RegistryReader {
  values(key: string): Promise<readonly RegistryValue[] | undefined>;
}

/** Group Policy's two keys, HKLM first: HKCU is weaker, and can never fill in what HKLM locks. */
export async function readGroupPolicy(reader: RegistryReader = regExeReader(nodeWindowsCommands)): Promise<PlatformPolicy[]> {
  const [machine, user] = await Promise.all([
    readRegistryPolicy(reader, policyRegistryKeys.machine, false),
    readRegistryPolicy(reader, policyRegistryKeys.user, true),
  ]);
  return [machine, user].filter((policy) => policy !== undefined);
}

/** One key's policy, checked; `undefined` when the key does not exist. */
export async function readRegistryPolicy(reader: RegistryReader, key: string, perUser: boolean): Promise<PlatformPolicy | undefined> {
  let values: readonly RegistryValue[] | undefined;
  try {
    values = await reader.values(key);
  } catch (error) {
    // Failing closed, as for a policy file that cannot be read: this key may hold the locks.
    throw PolicyError.unreadable(key, error);
  }
  if (values === undefined) return undefined;
  const named = values.map((value) => ({ ...value, name: policyKeyNamed(value.name) }));
  const document = Object.fromEntries(named.map((value) => [value.name, documentValue(value, key)]));
  return { ...checkPolicyDocument(document, key), kind: 'group-policy', perUser };
}

/** Registry value names are case-insensitive: `Issuer` is `issuer`. */
function policyKeyNamed(name: string): string {
  return [...settingKeys, lockedKey, commentKey].find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
}

/** A value as a policy file would hold it; anything but a setting, `locked` or the note is left for the check to refuse. */
function documentValue(value: RegistryValue, source: string): unknown {
  if (value.name === lockedKey)
    return value.type === 'REG_MULTI_SZ'
      ? value.data.split('\\0').filter((name) => name !== '')
      : json(value, source, 'the JSON list of key names');
  if (!isSettingKey(value.name)) return value.data;
  switch (policySchema[value.name].spec.type) {
    case 'boolean':
      return dwordBoolean(value, source);
    case 'object':
      return json(value, source, 'a JSON object');
    case 'string':
    case 'enum':
      return string(value, source, '');
  }
}

function string(value: RegistryValue, source: string, holding: string): string {
  if (value.type !== 'REG_SZ') {
    throw new PolicyError(
      source,
      `must be a REG_SZ${holding}; found ${shown(value)}.`,
      { rule: 'policy.registryNotString', values: { found: shown(value) } },
      { key: value.name },
    );
  }
  return value.data;
}

function json(value: RegistryValue, source: string, what: string): unknown {
  const text = string(value, source, ` holding ${what}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyError(
      source,
      `must be a REG_SZ holding ${what}, but it is not valid JSON (${describe(error)}).`,
      {
        rule: 'policy.registryNotJson',
        values: { detail: describe(error) },
      },
      { key: value.name, cause: error },
    );
  }
}

function dwordBoolean(value: RegistryValue, source: string): boolean {
  if (value.type === 'REG_DWORD' && /^0x[01]$/i.test(value.data)) return value.data.endsWith('1');
  throw new PolicyError(
    source,
    `must be a REG_DWORD, 1 for true or 0 for false; found ${shown(value)}.`,
    { rule: 'policy.registryNotDword', values: { found: shown(value) } },
    { key: value.name },
  );
}

function shown(value: RegistryValue): string {
  return value.type === 'REG_DWORD' ? `REG_DWORD ${value.data}` : `${value.type} ${JSON.stringify(value.data)}`;
}

/**
 * The registry through System32's reg.exe, which every Windows has: nothing to download and no
 * native module to compile when the app is installed, unlike the registry packages on npm that
 * build a binding or fetch a prebuilt one. It runs by absolute path, without a shell.
 *
 * reg.exe says "no such key" only in the user's language, with the same exit status as any other
 * failure; a failure must not pass for "no policy" (that would lift the admin's locks), so a key
 * counts as absent only when the key above it answers and does not list it.
 */
export function regExeReader(commands: WindowsCommands): RegistryReader {
  const query = (key: string): Promise<string> => commands.run(win32.join(requireSystemDirectory(commands), 'reg.exe'), ['query', key]);
  return {
    async values(key) {
      try {
        return sectionOf(await query(key), key)?.values ?? [];
      } catch (error) {
        if (await provedAbsent(query, key)) return undefined;
        throw error;
      }
    },
  };
}

async function provedAbsent(query: (key: string) => Promise<string>, key: string): Promise<boolean> {
  const parent = win32.dirname(key);
  if (parent === '.' || parent === key) return false;
  try {
    return sectionOf(await query(parent), key) === undefined;
  } catch {
    return provedAbsent(query, parent);
  }
}
