/**
 * The Group Policy settings, read off the schema table: one policy per key plus the lock list, each
 * with the registry value it writes and the text an admin reads. DeviceSignIn.admx (admx.ts) and
 * its en-US DeviceSignIn.adml (adml.ts) are both rendered from this list, so their ids cannot part.
 *
 * The value shapes are the ones the registry reader takes (issue #21): a value named as the key
 * in `SOFTWARE\Policies\Device Sign-In`, strings and choices as REG_SZ, booleans as REG_DWORD 1/0,
 * objects and the lock list as REG_SZ holding JSON.
 */
import { lockedKey, policySchema, settingKeys, type SettingKey } from '../../src/core/policy/schema.ts';
import type { FieldSpec, ValueSpec } from '../../src/core/policy/value-spec.ts';
import { describeDefault, describeLocked, describeType, describeTypeAndDefault, plainText } from '../policy-text.ts';

/** Below HKLM for Computer Configuration and HKCU for User Configuration (`class="Both"`). */
export const policiesRegistryKey = 'SOFTWARE\\Policies\\Device Sign-In';

/** What the policy's one element is and what Enabled writes. */
export type PolicyElement =
  | { readonly kind: 'text'; readonly holds: 'string' | 'json'; readonly defaultValue: string | undefined }
  | {
      readonly kind: 'enum';
      readonly items: readonly { readonly value: string; readonly stringId: string }[];
      readonly defaultItem: number | undefined;
    }
  | { readonly kind: 'boolean'; readonly defaultChecked: boolean };

export interface WindowsPolicy {
  /** The policy's, element's and presentation's id, and the registry value name: the policy key. */
  readonly name: string;
  readonly displayName: string;
  readonly explainText: string;
  readonly element: PolicyElement;
}

export function windowsPolicies(): WindowsPolicy[] {
  return [...settingKeys.map(settingPolicy), lockPolicy()];
}

function settingPolicy(key: SettingKey): WindowsPolicy {
  const entry = policySchema[key];
  const element = elementFor(key, entry.spec, entry.default);
  const lines = [plainText(entry.description), '', plainText(describeTypeAndDefault(entry.spec, entry.default))];
  if (entry.spec.type === 'object') {
    lines.push(...fieldLines(entry.spec.fields), '', `Enter it as JSON, for example: ${JSON.stringify(entry.example)}`);
  }
  lines.push('', registryLine(key, element), enabledLine(element));
  return { name: key, displayName: key, explainText: lines.join('\n'), element };
}

function lockPolicy(): WindowsPolicy {
  const element: PolicyElement = { kind: 'text', holds: 'json', defaultValue: undefined };
  const lines = [
    plainText(describeLocked()),
    '',
    `Enter the keys as a JSON list, for example: ${JSON.stringify(['issuer', 'clientId'])}`,
    '',
    registryLine(lockedKey, element),
    enabledLine(element),
  ];
  return { name: lockedKey, displayName: lockedKey, explainText: lines.join('\n'), element };
}

function elementFor(key: SettingKey, spec: ValueSpec, defaultValue: unknown): PolicyElement {
  switch (spec.type) {
    case 'string':
      return { kind: 'text', holds: 'string', defaultValue: typeof defaultValue === 'string' ? defaultValue : undefined };
    case 'object':
      return { kind: 'text', holds: 'json', defaultValue: defaultValue === undefined ? undefined : JSON.stringify(defaultValue) };
    case 'boolean':
      return { kind: 'boolean', defaultChecked: defaultValue === true };
    case 'enum': {
      const index = spec.values.indexOf(String(defaultValue));
      const items = spec.values.map((value) => ({ value, stringId: `${key}_${value.replace(/\W/g, '_')}` }));
      return { kind: 'enum', items, defaultItem: index === -1 ? undefined : index };
    }
  }
}

function fieldLines(fields: Readonly<Record<string, FieldSpec>>): string[] {
  const described = Object.entries(fields).map(([field, spec]) => {
    const shape = `${plainText(describeType(spec.spec))}; default ${plainText(describeDefault(spec.default))}`;
    return `- ${field} (${shape}): ${plainText(spec.description)}`;
  });
  return ['', 'Fields:', ...described];
}

/** The registry type of what the element writes: REG_DWORD for a check box, REG_SZ for the rest. */
export function registryType(element: PolicyElement): 'REG_SZ' | 'REG_DWORD' {
  return element.kind === 'boolean' ? 'REG_DWORD' : 'REG_SZ';
}

function registryLine(name: string, element: PolicyElement): string {
  const shape =
    element.kind === 'boolean'
      ? 'REG_DWORD, 1 for true and 0 for false'
      : element.kind === 'text' && element.holds === 'json'
        ? 'REG_SZ holding JSON'
        : 'REG_SZ';
  return (
    `Registry: the value "${name}" (${shape}) in ${policiesRegistryKey}, ` +
    'under HKEY_LOCAL_MACHINE for Computer Configuration and HKEY_CURRENT_USER for User Configuration.'
  );
}

function enabledLine(element: PolicyElement): string {
  const enabled =
    element.kind === 'boolean'
      ? 'Enabled sets true when the box is checked and false when it is cleared'
      : 'Enabled sets the value entered or chosen';
  return `${enabled}; Disabled and Not Configured leave the key to the app's other sources.`;
}
