/**
 * How the policy reference words a key's type, default and the lock list: one wording for
 * docs/admin.md (scripts/generate-admin-docs.ts) and the Group Policy and configuration-profile
 * templates (scripts/policy-templates), so an admin reads the same sentence in each. Markdown; the
 * templates drop the code marks with `plainText`.
 */
import { settingKeys } from '../src/core/policy/schema.ts';
import type { ValueSpec } from '../src/core/policy/value-spec.ts';

/** What `locked` means. */
export function describeLocked(): string {
  const keys = settingKeys.map((k) => `\`${k}\``).join(', ');
  return (
    `The keys users may not change: any of ${keys}. A locked key takes the value of the strongest policy file that sets it ` +
    '(system over bundled), or its default when none does, and beats command-line flags, environment variables and the ' +
    "user's settings. The app shows a locked setting as managed; the command line refuses a flag that contradicts it. " +
    'Locks from both files add up.'
  );
}

export function describeType(spec: ValueSpec): string {
  switch (spec.type) {
    case 'string':
      if (spec.format === 'issuer-url') return 'URL (https; http only on loopback)';
      if (spec.format === 'proxy') return '`direct`, a proxy URL or a PAC file URL';
      return spec.format === 'https-url' ? 'https URL' : 'non-empty string';
    case 'boolean':
      return '`true` or `false`';
    case 'enum':
      return `one of ${spec.values.map((v) => `\`"${v}"\``).join(', ')}`;
    case 'object':
      return `object with ${Object.keys(spec.fields)
        .map((f) => `\`${f}\``)
        .join(', ')}`;
  }
}

export function describeDefault(value: unknown): string {
  return value === undefined ? 'not set' : `\`${JSON.stringify(value)}\``;
}

/** The line under a key's description in each reference: "Type: …. Default: …." */
export function describeTypeAndDefault(spec: ValueSpec, defaultValue: unknown): string {
  return `Type: ${describeType(spec)}. Default: ${describeDefault(defaultValue)}.`;
}

/** Markdown inline code as plain text, for places that show text as typed (Group Policy's editor, Jamf Pro). */
export function plainText(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1');
}
