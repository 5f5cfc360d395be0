/**
 * Vite plugin: `import messages from 'virtual:i18n-catalog/de'` gives the German catalog compiled
 * (no ICU parser at run time). The pseudo-locale is generated from English here, never written.
 * Each catalog is its own module, so a dynamic import puts each language in a chunk of its own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compileCatalog, type SourceCatalog } from './i18n/compile.ts';
import { pseudoLocale, sourceLocale, translatedLocales } from '../src/shared/i18n/locales.ts';
import { pseudoCatalog } from './i18n/pseudo.ts';

const windowPrefix = 'virtual:i18n-catalog/';

/** `messagesDir` comes from the caller: a bundled Vite config has no `import.meta.dirname` of this file. */
export async function readSourceCatalog(messagesDir: string, locale: string): Promise<SourceCatalog> {
  return JSON.parse(await readFile(join(messagesDir, `${locale}.json`), 'utf8')) as SourceCatalog;
}

/**
 * The window's catalogs by default; the command line's with its own folder, languages and
 * prefix (`virtual:cli-catalog/de`), so that each bundle can only import its own words.
 */
export function i18nCatalogs({
  messagesDir,
  locales = translatedLocales,
  prefix = windowPrefix,
}: {
  readonly messagesDir: string;
  readonly locales?: readonly string[];
  readonly prefix?: string;
}): Plugin {
  return {
    name: `device-signin-i18n-catalogs:${prefix}`,
    resolveId: (id) => (id.startsWith(prefix) ? `\0${id}` : undefined),
    async load(id) {
      if (!id.startsWith(`\0${prefix}`)) return undefined;
      const locale = id.slice(prefix.length + 1);
      const file = locale === pseudoLocale ? sourceLocale : locale;
      if (locale !== pseudoLocale && !locales.includes(locale)) {
        this.error(`no catalog for ${locale}`);
      }
      this.addWatchFile(join(messagesDir, `${file}.json`));
      const source = await readSourceCatalog(messagesDir, file);
      const compiled = locale === pseudoLocale ? pseudoCatalog(source) : compileCatalog(source);
      return `export default ${JSON.stringify(compiled)};`;
    },
  };
}
