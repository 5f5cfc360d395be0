/**
 * Vite plugin: `import messages from 'virtual:i18n-catalog/de'` gives the German catalog compiled
 * (no ICU parser at run time). The pseudo-locale is generated from English here, never written.
 * Each catalog is its own module, so a dynamic import puts each language in a chunk of its own.
 * A part of a catalog that only a screen loaded later needs (`lazyParts`: its ids start with the
 * part's name and a dot) is left out of it and served as `virtual:i18n-catalog/<part>/de`, so its
 * words load with that screen, not with the window.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compileCatalog, type SourceCatalog } from './i18n/compile.ts';
import { pseudoLocale, sourceLocale, translatedLocales } from '../src/shared/i18n/locales.ts';
import { pseudoCatalog } from './i18n/pseudo.ts';

const windowPrefix = 'virtual:i18n-catalog/';

/** The window's words that load with a later screen: "Check this computer"'s report (views/ReportView.tsx). */
export const lazyParts = ['report'] as const;

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
      const [first = '', second] = id.slice(prefix.length + 1).split('/');
      const part = second === undefined ? undefined : lazyParts.find((name) => name === first);
      const locale = second ?? first;
      const file = locale === pseudoLocale ? sourceLocale : locale;
      if ((locale !== pseudoLocale && !locales.includes(locale)) || (second !== undefined && part === undefined)) {
        this.error(`no catalog for ${id.slice(prefix.length + 1)}`);
      }
      this.addWatchFile(join(messagesDir, `${file}.json`));
      const source = partOf(await readSourceCatalog(messagesDir, file), part, prefix === windowPrefix);
      const compiled = locale === pseudoLocale ? pseudoCatalog(source) : compileCatalog(source);
      return `export default ${JSON.stringify(compiled)};`;
    },
  };
}

/** The window's catalog without its lazy parts, or one part alone; the command line's whole. */
function partOf(source: SourceCatalog, part: string | undefined, window: boolean): SourceCatalog {
  if (!window) return source;
  const inPart = (id: string): string | undefined => lazyParts.find((name) => id.startsWith(`${name}.`));
  return Object.fromEntries(Object.entries(source).filter(([id]) => inPart(id) === part));
}
