/**
 * The macOS templates as the tools that consume them read them: the sample configuration profile
 * parsed as a property list (the plist package, and Debian's plistutil from libplist where it is
 * installed), and the Jamf Pro manifest compiled as JSON Schema by Ajv. Both are held against the
 * schema table and against the app's own policy validator.
 */
import { requirement } from '../support/requirements.ts';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse, parseBinary } from 'plist';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/core/policy/policy-document.ts';
import { defaultSettings, lockedKey, policySchema, settingKeys } from '../../src/core/policy/schema.ts';
import type { ValueSpec } from '../../src/core/policy/value-spec.ts';
import { templatesDirectory } from '../../scripts/policy-templates/templates.ts';
import { parseXml } from '../support/xml.ts';

const domain = 'dev.device-signin.app';
const profilePath = join(templatesDirectory, 'macos', `${domain}.mobileconfig`);
let profileText: string;
let profile: Record<string, unknown>;
/** The payload's settings: everything but the Payload* bookkeeping keys. */
let settings: Record<string, unknown>;

beforeAll(async () => {
  profileText = await readFile(profilePath, 'utf8');
  profile = parse(profileText) as Record<string, unknown>;
  const [payload] = profile.PayloadContent as Record<string, unknown>[];
  settings = Object.fromEntries(Object.entries(payload ?? {}).filter(([key]) => !key.startsWith('Payload')));
});

/** Whether a value has the type a spec describes, field by field for objects. */
function hasType(value: unknown, spec: ValueSpec): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && value !== '';
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return spec.values.includes(value as string);
    case 'object':
      return (
        typeof value === 'object' &&
        value !== null &&
        Object.entries(value).every(([field, v]) => field in spec.fields && hasType(v, (spec.fields[field] as { spec: ValueSpec }).spec))
      );
  }
}

describe('the sample configuration profile', () => {
  it('is a property list with one payload for the app’s preference domain', () => {
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadScope: 'System', PayloadVersion: 1 });
    expect(profile.PayloadContent).toHaveLength(1);
    expect((profile.PayloadContent as Record<string, unknown>[])[0]).toMatchObject({ PayloadType: domain, PayloadVersion: 1 });
    for (const uuid of [profile.PayloadUUID, (profile.PayloadContent as Record<string, unknown>[])[0]?.PayloadUUID])
      expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  });

  it('is well-formed XML, comments included, where a comment holding "--" would not be', () => {
    expect(() => parseXml(profileText)).not.toThrow();
    expect(() => parseXml(profileText.replace('<plist version="1.0">', '<!-- see --dpop --><plist version="1.0">'))).toThrow();
  });

  it('sets every schema key and the lock list, and nothing else', () => {
    expect(Object.keys(settings).sort()).toEqual([...settingKeys, lockedKey].sort());
  });

  it.each(settingKeys)('holds %s in the type the schema gives it', (key) => {
    expect(hasType(settings[key], policySchema[key].spec)).toBe(true);
  });

  it('locks only real keys, as an array of strings', () => {
    expect(Array.isArray(settings[lockedKey])).toBe(true);
    for (const key of settings[lockedKey] as unknown[]) expect(settingKeys).toContain(key);
  });

  it('is a policy the app’s validator accepts, value for value', () => {
    const policy = parsePolicy(JSON.stringify(settings), profilePath);
    expect(policy.values).toEqual(Object.fromEntries(settingKeys.map((key) => [key, settings[key]])));
  });

  it.each(settingKeys)('says above %s what it means and what its default is', (key) => {
    const comment = new RegExp(`<!-- ${key}: ([^\\n]*) -->\\n\\s*<key>${key}</key>`).exec(profileText)?.[1];
    expect(comment).toContain(policySchema[key].description.replace(/`/g, '').replace(/--/g, '- -'));
    expect(comment).toContain(
      policySchema[key].default === undefined ? 'Default: not set.' : `Default: ${JSON.stringify(policySchema[key].default)}.`,
    );
  });
});

describe('the sample configuration profile, through Debian’s plistutil', () => {
  const plistutil = '/usr/bin/plistutil';
  let present = false;
  beforeAll(async () => {
    present = await promisify(execFile)(plistutil, ['--version']).then(
      () => true,
      () => false,
    );
    present = requirement('plistutil (apt-get install libplist-utils)', present ? undefined : `${plistutil} is not installed`);
  });

  /** plistutil exits 0 even when it cannot convert, so success is a binary plist in the output file. */
  async function toBinary(input: string): Promise<Buffer | undefined> {
    const output = join(await mkdtemp(join(tmpdir(), 'plistutil-')), 'out.plist');
    await promisify(execFile)(plistutil, ['-i', input, '-f', 'bin', '-o', output]);
    return readFile(output).then(
      (bytes) => (bytes.subarray(0, 8).toString('latin1') === 'bplist00' ? bytes : undefined),
      () => undefined,
    );
  }

  it('converts to a binary property list with the same content', async (context) => {
    if (!present) return context.skip();
    const binary = await toBinary(profilePath);
    expect(binary).toBeDefined();
    expect(parseBinary(binary as Buffer)).toEqual(profile);
  });

  it('refuses a broken copy, so the check above can fail', async (context) => {
    if (!present) return context.skip();
    const broken = join(await mkdtemp(join(tmpdir(), 'plistutil-')), 'broken.mobileconfig');
    await import('node:fs/promises').then(({ writeFile }) => writeFile(broken, profileText.replace('</dict>\n</plist>', '</plist>')));
    expect(await toBinary(broken)).toBeUndefined();
  });
});

describe('the Jamf Pro manifest', () => {
  let manifest: Record<string, unknown>;
  let validate: ValidateFunction;
  beforeAll(async () => {
    manifest = JSON.parse(await readFile(join(templatesDirectory, 'macos', `${domain}.json`), 'utf8')) as Record<string, unknown>;
    // Strict: any keyword Ajv does not know is an error, except Jamf's own property_order.
    validate = new Ajv({ strict: true, allErrors: true }).addVocabulary(['property_order']).compile(manifest);
  });
  const properties = (): Record<string, Record<string, unknown>> => manifest.properties as Record<string, Record<string, unknown>>;

  it('is JSON Schema that Ajv compiles in strict mode, and strict mode would catch a misspelt keyword', () => {
    expect(manifest).toMatchObject({
      type: 'object',
      title: expect.stringContaining(domain) as unknown,
      description: expect.any(String) as unknown,
    });
    const misspelt = { ...manifest, properties: { ...properties(), issuer: { ...properties().issuer, propertyOrder: 1 } } };
    expect(() => new Ajv({ strict: true }).addVocabulary(['property_order']).compile(misspelt)).toThrow(/propertyOrder/);
  });

  it('describes every schema key and the lock list, in the reference’s order, and no other key', () => {
    expect(Object.keys(properties())).toEqual([...settingKeys, lockedKey]);
    expect(Object.values(properties()).map((p) => p.property_order)).toEqual([...settingKeys, lockedKey].map((_, index) => index + 1));
    for (const [key, p] of Object.entries(properties())) expect([p.title, typeof p.description], key).toEqual([key, 'string']);
  });

  it.each(settingKeys)('types %s as the schema does', (key) => {
    const { spec } = policySchema[key];
    const property = properties()[key];
    expect(property?.type).toBe({ string: 'string', enum: 'string', boolean: 'boolean', object: 'object' }[spec.type]);
    if (spec.type === 'enum') expect(property?.enum).toEqual(spec.values);
    if (spec.type === 'object') expect(Object.keys(property?.properties as object)).toEqual(Object.keys(spec.fields));
    expect(property?.default).toEqual(policySchema[key].default);
  });

  it('accepts a sample built from the defaults, and the sample profile’s settings', () => {
    const defaults = Object.fromEntries(Object.entries(defaultSettings).filter(([, value]) => value !== undefined));
    expect(Object.keys(defaults).length).toBeGreaterThan(3);
    expect(validate(defaults), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(settings), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a key the schema does not have', { tokenStore: 'protected' }],
    ['a wrong type', { demoProvider: 'yes' }],
    ['a value outside a choice', { provider: 'azure' }],
    ['an unknown field in an object', { updates: { enabled: true, chanel: 'beta' } }],
    ['a lock on a key that does not exist', { [lockedKey]: ['issuer', 'isuer'] }],
  ])('refuses %s', (_story, sample) => {
    expect(validate(sample)).toBe(false);
  });
});
