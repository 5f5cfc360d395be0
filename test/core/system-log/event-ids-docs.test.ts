/**
 * docs/admin.md's table of system log events ("When sign-in fails on one machine") is what admins
 * filter on: each id, name and level there must be the one the app writes, and none missing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { systemEventRules } from '../../../src/core/system-log/system-events.ts';

it('lists every system log event with the id, name and level the app writes', async () => {
  const docs = await readFile(join(import.meta.dirname, '..', '..', '..', 'docs', 'admin.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## When sign-in fails on one machine'), docs.indexOf('## Updates'));
  const rows = [...section.matchAll(/^\| (\d+) \| `(\w+)` \| (information|warning|error) \|/gm)].map(([, id, name, level]) => ({
    id: Number(id),
    name,
    level,
  }));
  expect(rows).toEqual(Object.values(systemEventRules).map(({ id, name, level }) => ({ id, name, level })));
});
