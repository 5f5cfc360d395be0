/**
 * docs/admin.md's policy reference is generated from the schema table: this fails when someone
 * changes the table without running `npm run docs:admin`, and when an example in the docs would
 * not pass the validator an admin's file goes through.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/core/policy/policy-document.ts';
import { adminDocsPath, renderPolicyReference, withPolicyReference } from '../../../scripts/generate-admin-docs.ts';

describe('docs/admin.md', () => {
  it('carries the policy reference as generated from the schema (run `npm run docs:admin` if this fails)', async () => {
    const docs = await readFile(adminDocsPath, 'utf8');
    expect(docs).toContain(renderPolicyReference());
    expect(withPolicyReference(docs)).toBe(docs);
  });

  it('notices a stale reference', async () => {
    const docs = await readFile(adminDocsPath, 'utf8');
    const stale = docs.replace('| `tokenStorage` |', '| `tokenStore` |');
    expect(stale).not.toBe(docs);
    expect(withPolicyReference(stale)).not.toBe(stale);
  });

  it('shows only example policies that validate', async () => {
    const docs = await readFile(adminDocsPath, 'utf8');
    const examples = [...docs.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(() => parsePolicy(example, 'docs/admin.md')).not.toThrow();
    // The policies inside rollout scripts too.
    const inline = [...docs.matchAll(/'(\{ "issuer"[^']*\})'/g)].map((match) => match[1] ?? '');
    expect(inline.length).toBeGreaterThanOrEqual(2);
    for (const policy of inline) expect(() => parsePolicy(policy, 'docs/admin.md')).not.toThrow();
  });
});
