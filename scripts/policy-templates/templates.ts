/**
 * The policy templates `npm run docs:admin` writes into resources/policy-templates/, each rendered
 * from the schema table (src/core/policy/schema.ts) and shipped beside every installer's app
 * (electron-builder.yml `extraResources`). test/policy-templates fails when a committed file is
 * not what its renderer gives.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderAdml } from './adml.ts';
import { renderAdmx } from './admx.ts';
import { renderJamfSchema } from './jamf-schema.ts';
import { preferenceDomain, renderMobileconfig } from './mobileconfig.ts';

export const templatesDirectory = join(import.meta.dirname, '..', '..', 'resources', 'policy-templates');

/** Each template's path below resources/policy-templates/ and what renders it. */
export const policyTemplates: readonly { readonly path: string; readonly render: () => string }[] = [
  { path: 'windows/DeviceSignIn.admx', render: renderAdmx },
  { path: 'windows/en-US/DeviceSignIn.adml', render: renderAdml },
  { path: `macos/${preferenceDomain}.mobileconfig`, render: renderMobileconfig },
  { path: `macos/${preferenceDomain}.json`, render: renderJamfSchema },
];

/** Writes every template into `directory`; returns the paths whose content changed. */
export async function writePolicyTemplates(directory = templatesDirectory): Promise<string[]> {
  const changed: string[] = [];
  for (const template of policyTemplates) {
    const file = join(directory, template.path);
    const text = template.render();
    if ((await readIfPresent(file)) === text) continue;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    changed.push(template.path);
  }
  return changed;
}

/** The templates in `directory` that are missing or differ from what the schema gives. */
export async function staleTemplates(directory = templatesDirectory): Promise<string[]> {
  const stale: string[] = [];
  for (const template of policyTemplates) {
    if ((await readIfPresent(join(directory, template.path))) !== template.render()) stale.push(template.path);
  }
  return stale;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
