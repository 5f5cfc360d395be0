/**
 * The Group Policy template as an admin's tools read it: DeviceSignIn.admx and its en-US
 * DeviceSignIn.adml, parsed from the committed files with a real XML parser and held against the
 * schema table and against the structure Microsoft documents (policyDefinitions,
 * policyDefinitionResources; the links are in scripts/policy-templates/admx.ts and adml.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockedKey, policySchema, settingKeys, type SettingKey } from '../../src/core/policy/schema.ts';
import { templatesDirectory } from '../../scripts/policy-templates/templates.ts';
import { childElements, descendants, onlyChild, parseXml } from '../support/xml.ts';

const groupPolicyNamespace = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
/** What each schema type must become in the ADMX, and the ADML control that shows it. */
const expected = {
  string: { element: 'text', control: 'textBox' },
  object: { element: 'text', control: 'textBox' },
  enum: { element: 'enum', control: 'dropdownList' },
  boolean: { element: 'boolean', control: 'checkBox' },
} as const;

let admxText: string;
let admx: Element;
let adml: Element;

beforeAll(async () => {
  admxText = await readFile(join(templatesDirectory, 'windows', 'DeviceSignIn.admx'), 'utf8');
  admx = parseXml(admxText).documentElement as Element;
  adml = parseXml(await readFile(join(templatesDirectory, 'windows', 'en-US', 'DeviceSignIn.adml'), 'utf8')).documentElement as Element;
});

function policies(): Element[] {
  return childElements(onlyChild(admx, 'policies'), 'policy');
}

function policyNamed(name: string): Element {
  const found = policies().filter((policy) => policy.getAttribute('name') === name);
  expect(found, `policy ${name}`).toHaveLength(1);
  return found[0] as Element;
}

function theElement(policy: Element): Element {
  const elements = childElements(onlyChild(policy, 'elements'));
  expect(elements, `elements of ${String(policy.getAttribute('name'))}`).toHaveLength(1);
  return elements[0] as Element;
}

function admlIds(table: string, tag: string): string[] {
  return childElements(onlyChild(onlyChild(adml, 'resources'), table), tag).map((node) => String(node.getAttribute('id')));
}

function admlString(id: string): string {
  const found = childElements(onlyChild(onlyChild(adml, 'resources'), 'stringTable'), 'string').find(
    (node) => node.getAttribute('id') === id,
  );
  if (found === undefined) throw new Error(`no string ${id} in the ADML`);
  return String(found.textContent);
}

describe('the ADMX', () => {
  it('is well-formed XML in the Group Policy namespace, where a broken copy is not', () => {
    expect([admx.localName, admx.namespaceURI]).toEqual(['policyDefinitions', groupPolicyNamespace]);
    expect([adml.localName, adml.namespaceURI]).toEqual(['policyDefinitionResources', groupPolicyNamespace]);
    expect(() => parseXml(admxText.replace('</policies>', ''))).toThrow();
    expect(() => parseXml(admxText.replace('<policies>', '<policies name="a" name="b">'))).toThrow();
  });

  it('has the documented parts in the documented order, and versions the ADML satisfies', () => {
    expect(childElements(admx).map((node) => node.localName)).toEqual([
      'policyNamespaces',
      'resources',
      'supportedOn',
      'categories',
      'policies',
    ]);
    for (const root of [admx, adml]) {
      expect(root.getAttribute('revision')).toMatch(/^\d+\.\d+$/);
      expect(root.getAttribute('schemaVersion')).toBe('1.0');
    }
    const target = onlyChild(onlyChild(admx, 'policyNamespaces'), 'target');
    expect(target.getAttribute('prefix')).toMatch(/^\w+$/);
    expect(target.getAttribute('namespace')).toMatch(/^\w+(\.\w+)+$/);
    // Nothing borrowed from another template, so it imports on its own.
    expect(childElements(onlyChild(admx, 'policyNamespaces'), 'using')).toEqual([]);
    const required = Number(onlyChild(admx, 'resources').getAttribute('minRequiredRevision'));
    expect(Number(adml.getAttribute('revision'))).toBeGreaterThanOrEqual(required);
  });

  it('files every policy in the product category under a vendor root, supported on a defined version', () => {
    const categories = childElements(onlyChild(admx, 'categories'), 'category');
    const parentOf = new Map(
      categories.map((category) => [category.getAttribute('name'), childElements(category, 'parentCategory')[0]?.getAttribute('ref')]),
    );
    const roots = [...parentOf].filter(([, parent]) => parent === undefined).map(([name]) => name);
    expect(roots).toHaveLength(1);
    const definitions = childElements(onlyChild(onlyChild(admx, 'supportedOn'), 'definitions'), 'definition').map((node) =>
      node.getAttribute('name'),
    );
    for (const policy of policies()) {
      const category = onlyChild(policy, 'parentCategory').getAttribute('ref');
      expect(parentOf.get(category), `category of ${String(policy.getAttribute('name'))}`).toBe(roots[0]);
      expect(definitions).toContain(onlyChild(policy, 'supportedOn').getAttribute('ref'));
    }
  });

  it('has one policy per schema key and one for the lock list, and no other', () => {
    expect(
      policies()
        .map((policy) => policy.getAttribute('name'))
        .sort(),
    ).toEqual([...settingKeys, lockedKey].sort());
  });

  it('writes each value named as its key in SOFTWARE\\Policies\\Device Sign-In, for the computer (HKLM) and the user (HKCU)', () => {
    for (const policy of policies()) {
      const name = String(policy.getAttribute('name'));
      expect(policy.getAttribute('class'), name).toBe('Both');
      expect(policy.getAttribute('key'), name).toBe('SOFTWARE\\Policies\\Device Sign-In');
      expect(policy.hasAttribute('valueName'), name).toBe(false);
      expect([theElement(policy).getAttribute('id'), theElement(policy).getAttribute('valueName')], name).toEqual([name, name]);
    }
  });

  it.each(settingKeys.map((key) => [key, policySchema[key].spec.type] as const))('types %s (%s) as the schema does', (key, type) => {
    const element = theElement(policyNamed(key));
    expect(element.localName).toBe(expected[type].element);
    const spec = policySchema[key].spec;
    if (spec.type === 'enum') {
      expect(descendants(element, 'string').map((node) => node.textContent)).toEqual([...spec.values]);
      expect(element.getAttribute('required')).toBe('true');
    }
    if (spec.type === 'boolean') {
      // REG_DWORD 1 and 0, the shape the registry reader takes for a boolean.
      expect(onlyChild(onlyChild(element, 'trueValue'), 'decimal').getAttribute('value')).toBe('1');
      expect(onlyChild(onlyChild(element, 'falseValue'), 'decimal').getAttribute('value')).toBe('0');
    }
    if (spec.type === 'string' || spec.type === 'object') expect(element.getAttribute('required')).toBe('true');
  });

  it('takes the lock list as text (a JSON list of key names in a REG_SZ)', () => {
    expect(theElement(policyNamed(lockedKey)).localName).toBe('text');
  });
});

describe('the ADML', () => {
  it('has every string the ADMX names, each once', () => {
    const ids = admlIds('stringTable', 'string');
    const named = [...admxText.matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(settingKeys.length * 2);
    for (const id of named) expect(ids, `string ${String(id)}`).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the presentation each policy names, with a control of the right kind for its element, and no stale one', () => {
    const presentations = childElements(onlyChild(onlyChild(adml, 'resources'), 'presentationTable'), 'presentation');
    const referenced = policies().map((policy) => {
      const ref = /^\$\(presentation\.(.+)\)$/.exec(String(policy.getAttribute('presentation')))?.[1];
      const presentation = presentations.find((node) => node.getAttribute('id') === ref);
      expect(presentation, `presentation of ${String(policy.getAttribute('name'))}`).toBeDefined();
      const element = theElement(policy);
      const controls = childElements(presentation as Element).filter((node) => node.getAttribute('refId') === element.getAttribute('id'));
      const control = { text: 'textBox', enum: 'dropdownList', boolean: 'checkBox' }[element.localName as 'text' | 'enum' | 'boolean'];
      expect(controls.map((node) => node.localName)).toEqual([control]);
      return ref;
    });
    expect(presentations.map((node) => node.getAttribute('id')).sort()).toEqual(referenced.sort());
  });

  it.each(settingKeys)('explains %s with the policy reference’s text, its registry type and its default', (key: SettingKey) => {
    const { spec, description, default: defaultValue } = policySchema[key];
    const explain = admlString(`${key}_Explain`);
    expect(explain).toContain(description.replace(/`/g, ''));
    expect(explain).toContain(spec.type === 'boolean' ? 'REG_DWORD' : spec.type === 'object' ? 'REG_SZ holding JSON' : '(REG_SZ)');
    expect(explain).toContain(defaultValue === undefined ? 'Default: not set.' : `Default: ${JSON.stringify(defaultValue)}.`);
    const presentation = childElements(onlyChild(onlyChild(adml, 'resources'), 'presentationTable'), 'presentation').find(
      (node) => node.getAttribute('id') === key,
    ) as Element;
    const control = childElements(presentation)[0] as Element;
    expect(control.localName).toBe(expected[spec.type].control);
    if (spec.type === 'boolean') expect(control.getAttribute('defaultChecked')).toBe(defaultValue === true ? 'true' : 'false');
    if (spec.type === 'enum') {
      const index = (spec.values as readonly unknown[]).indexOf(defaultValue);
      expect(control.getAttribute('defaultItem') ?? undefined).toBe(index === -1 ? undefined : String(index));
    }
  });

  it('names every lockable key in the lock policy’s explanation', () => {
    const explain = admlString(`${lockedKey}_Explain`);
    for (const key of settingKeys) expect(explain).toContain(key);
    expect(explain).toContain('JSON list');
  });
});
