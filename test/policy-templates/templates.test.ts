/**
 * The committed templates in resources/policy-templates/ are what `npm run docs:admin` makes of the
 * schema table today: this fails when someone changes the table (or a renderer) without running it.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyTemplates, staleTemplates, templatesDirectory, writePolicyTemplates } from '../../scripts/policy-templates/templates.ts';

describe('resources/policy-templates', () => {
  it('holds every template as generated from the schema (run `npm run docs:admin` if this fails)', async () => {
    expect(await staleTemplates()).toEqual([]);
  });

  it('notices a template edited by hand, or one missing', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'policy-templates-'));
    await cp(templatesDirectory, copy, { recursive: true });
    const [first, second] = policyTemplates;
    if (first === undefined || second === undefined) throw new Error('expected at least two templates');
    const edited = join(copy, first.path);
    await writeFile(edited, (await readFile(edited, 'utf8')).replace('issuer', 'issuer-url'));
    await writeFile(join(copy, second.path), '');
    expect(await staleTemplates(copy)).toEqual([first.path, second.path]);
  });

  it('writes every template into an empty folder, and then has nothing left to change', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'policy-templates-'));
    expect(await writePolicyTemplates(empty)).toEqual(policyTemplates.map((template) => template.path));
    expect(await staleTemplates(empty)).toEqual([]);
    expect(await writePolicyTemplates(empty)).toEqual([]);
  });
});
