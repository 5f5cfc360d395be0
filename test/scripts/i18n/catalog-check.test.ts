import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkCatalogs } from '../../../scripts/i18n/catalog-check.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const messagesDir = join(repoRoot, 'src/shared/i18n/messages');
const english = { 'idle.titleAt': 'Sign in to {place}', 'busy.cancel': 'Cancel' };

describe('the catalog check', () => {
  it('finds nothing wrong with the catalogs as shipped', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/check-i18n.ts')]);
    expect(stdout).toMatch(/window: \d+ messages in en, de/);
    expect(stdout).toMatch(/cli: \d+ messages in en, de, fr, es, pt-BR, ja, zh-Hans, ar/);
  });

  it('fails, naming the language and the id, when German lacks a message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'i18n-check-'));
    try {
      await cp(messagesDir, dir, { recursive: true });
      const german = JSON.parse(await readFile(join(dir, 'de.json'), 'utf8')) as Record<string, string>;
      delete german['common.cancel'];
      await writeFile(join(dir, 'de.json'), JSON.stringify(german));
      const run = promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/check-i18n.ts'), dir]);
      await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('de: common.cancel: missing') as unknown });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  /** The check run on a copy of the catalogs, changed by `change` first. */
  async function checkChanged(change: (dir: string) => Promise<void>): Promise<unknown> {
    const dir = await mkdtemp(join(tmpdir(), 'i18n-check-'));
    try {
      await cp(messagesDir, dir, { recursive: true });
      await change(dir);
      return await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/check-i18n.ts'), dir]).catch((error: unknown) => error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('fails, naming the command line’s catalog, the language and the id, when Japanese lacks a CLI message', async () => {
    const failed = await checkChanged(async (dir) => {
      const japanese = JSON.parse(await readFile(join(dir, 'cli/ja.json'), 'utf8')) as Record<string, string>;
      delete japanese['login.waiting'];
      await writeFile(join(dir, 'cli/ja.json'), JSON.stringify(japanese));
    });
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('cli: ja: login.waiting: missing') as unknown });
  });

  it('fails for every message of a CLI language whose catalog file is gone', async () => {
    const failed = await checkChanged((dir) => rm(join(dir, 'cli/ar.json')));
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('cli: ar: help.usage: missing') as unknown });
  });

  it('reports a translation that drops or renames a placeholder', () => {
    const problems = checkCatalogs(english, { de: { 'idle.titleAt': 'Bei {ort} anmelden', 'busy.cancel': 'Abbrechen' } });
    expect(problems).toEqual([{ locale: 'de', id: 'idle.titleAt', problem: 'placeholders', detail: 'has ort, English has place' }]);
  });

  it('reports broken ICU syntax and ids that English does not have', () => {
    const problems = checkCatalogs(english, {
      de: { 'idle.titleAt': 'Bei {place anmelden', 'busy.cancel': 'Abbrechen', 'busy.old': 'Alt' },
    });
    expect(problems.map(({ id, problem }) => `${id} ${problem}`)).toEqual(['idle.titleAt invalid', 'busy.old extra']);
  });
});
