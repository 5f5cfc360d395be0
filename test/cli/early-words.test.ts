/**
 * `token`'s quick path prints a DPoP-bound token with its warning from the early words
 * (src/cli/early-words.ts), which the build copies from the catalogs: the built CLI, a fresh bound
 * session in a file, every language. The warning is word for word what the catalog gives through
 * Lingui, and neither Lingui nor a catalog chunk is loaded to print it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupI18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { compileCatalog } from '../../scripts/i18n/compile.ts';
import { pseudoCatalog } from '../../scripts/i18n/pseudo.ts';
import { sessionFilePath } from '../../src/cli/vault.ts';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { createFileVault } from '../../src/core/vault/file-vault.ts';
import { cliLocales } from '../../src/shared/i18n/catalog-sets.ts';
import { pseudoLocale } from '../../src/shared/i18n/locales.ts';
import { runCli } from '../support/built-cli.ts';
import { environment } from '../support/cli-fixture.ts';
import { useBuiltCli } from '../support/cli-suite.ts';

const { cli, cleanups } = useBuiltCli('early-words');
const issuer = 'https://op.example.test';
const clientId = 'early-words-client';

/** A data folder holding a bound session with a day left: `token` hands it out without any server. */
async function boundSession(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'device-signin-early-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const key = await DPoPKey.generate('ES256', { client_id: clientId });
  await createFileVault(sessionFilePath(home, { issuer, clientId })).save({
    version: 1,
    issuer,
    clientId,
    profile: { issuer, sub: 'alice' },
    tokens: { accessToken: 'bound-access-token', tokenType: 'DPoP', expiresAt: Date.now() + 86_400_000 },
    dpop: key.toStored(),
  });
  return home;
}

/** The warning as the language's whole catalog says it through Lingui, as `token` printed it before. */
async function catalogWarning(locale: string): Promise<string> {
  const file = locale === pseudoLocale ? 'en' : locale;
  const source = JSON.parse(await readFile(`src/shared/i18n/messages/cli/${file}.json`, 'utf8')) as Record<string, string>;
  const messages = locale === pseudoLocale ? pseudoCatalog(source) : compileCatalog(source);
  return setupI18n({ locale, messages: { [locale]: messages } })._('token.dpopWarning');
}

function tokenArgs(lang: string): string[] {
  return ['token', '--insecure-storage', '--issuer', issuer, '--client-id', clientId, '--lang', lang];
}

describe('the warning beside a DPoP-bound token', () => {
  it.each([...cliLocales, pseudoLocale])('is the catalog’s sentence in %s', async (locale) => {
    const home = await boundSession();
    const result = await runCli(cli(), tokenArgs(locale), environment(home));
    expect(result).toMatchObject({ status: 0, stdout: 'bound-access-token\n' });
    expect(result.stderr).toBe(`${await catalogWarning(locale)}\n`);
  });

  it('loads neither Lingui nor a catalog: only the main chunks', async () => {
    const home = await boundSession();
    const loaded = join(home, 'loaded.txt');
    // Node's synchronous module hooks (module.registerHooks) record every file the process loads.
    const hook = join(home, 'record-loads.mjs');
    await writeFile(
      hook,
      `import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { appendFileSync(${JSON.stringify(loaded)}, url + '\\n'); return next(url, context); } });\n`,
    );
    const result = await runCli(cli(), tokenArgs('de'), environment(home, { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` }));
    expect(result).toMatchObject({ status: 0, stdout: 'bound-access-token\n' });
    expect(result.stderr).toContain('DPoP');
    const chunks = (await readFile(loaded, 'utf8')).split('\n').filter((url) => url.includes('/out/cli/'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((url) => /\/(words|de|en)-[\w-]+\.js$/.test(url))).toEqual([]);
  });
});
