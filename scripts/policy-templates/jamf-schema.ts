/**
 * macos/dev.device-signin.app.json: a Jamf Pro manifest for the "Application & Custom Settings"
 * payload (Computers → Configuration Profiles → Application & Custom Settings → External
 * Applications → Add → Custom Schema, preference domain `dev.device-signin.app`). The format is
 * JSON Schema with Jamf's additions, as Jamf documents it:
 * https://developer.jamf.com/jamf-pro/docs/application-custom-settings and
 * https://docs.jamf.com/technical-papers/jamf-pro/json-schema/10.26.0/JSON_Schema_Manifest_Structure.html
 * (a header with `title` and `description`, then `properties`, each with `title`, `description`,
 * `property_order` and `type`). Jamf Pro turns what the admin enters into the property list the
 * sample profile (mobileconfig.ts) shows.
 */
import { lockedKey, policySchema, settingKeys } from '../../src/core/policy/schema.ts';
import type { FieldSpec, ValueSpec } from '../../src/core/policy/value-spec.ts';
import { describeDefault, describeLocked, plainText } from '../policy-text.ts';
import { preferenceDomain } from './mobileconfig.ts';

/** The keyword Jamf Pro adds to JSON Schema that this manifest uses; a strict validator has to be told it is no typo. */
export const jamfKeywords = ['property_order'] as const;

type JsonSchema = Readonly<Record<string, unknown>>;

export function jamfSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  settingKeys.forEach((key, index) => {
    const entry = policySchema[key];
    properties[key] = property(key, index + 1, entry.spec, entry.default, entry.description);
  });
  properties[lockedKey] = {
    title: lockedKey,
    description: plainText(describeLocked()),
    property_order: settingKeys.length + 1,
    type: 'array',
    items: { type: 'string', enum: [...settingKeys] },
    uniqueItems: true,
  };
  return {
    title: `Device Sign-In (${preferenceDomain})`,
    description:
      'Managed settings for Device Sign-In: where it signs in, how it keeps tokens, what it shows, and which settings users may ' +
      'not change. Generated from the app’s policy schema; docs/admin.md has the full reference.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

export function renderJamfSchema(): string {
  return `${JSON.stringify(jamfSchema(), null, 2)}\n`;
}

function property(title: string, order: number | undefined, spec: ValueSpec, defaultValue: unknown, description: string): JsonSchema {
  return {
    title,
    description: `${plainText(description)} Default: ${plainText(describeDefault(defaultValue))}.`,
    ...(order === undefined ? {} : { property_order: order }),
    ...valueSchema(spec),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  };
}

function valueSchema(spec: ValueSpec): JsonSchema {
  switch (spec.type) {
    case 'string':
      return { type: 'string', minLength: 1 };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...spec.values] };
    case 'object': {
      const fields: Readonly<Record<string, FieldSpec>> = spec.fields;
      const properties = Object.fromEntries(
        Object.entries(fields).map(([field, f]) => [field, property(field, undefined, f.spec, f.default, f.description)]),
      );
      return { type: 'object', additionalProperties: false, properties };
    }
  }
}
