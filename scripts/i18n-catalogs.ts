/**
 * Vite plugin: `import messages from 'virtual:i18n-catalog/de'` gives the German catalog compiled
 * (no ICU parser at run time). The pseudo-locale is generated from English here, never written.
 * Each catalog is its own module, so a dynamic import puts each language in a chunk of its own.
 * A part of a catalog that only a screen loaded later needs (`lazyParts`: its ids start with the
 * part's name and a dot) is left out of it and served as `virtual:i18n-catalog/<part>/de`, so its
 * words load with that screen, not with the window. `virtual:i18n-catalog/loaders` (and
 * `virtual:i18n-catalog/report/loaders`) maps each language of the set to a dynamic import of
 * its catalog, written from the set's list, so no front end spells its languages again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizePath, type Plugin } from 'vite';
import { compileCatalog, type SourceCatalog } from './i18n/compile.ts';
import { pseudoLocale, sourceLocale, translatedLocales } from '../src/shared/i18n/locales.ts';
import { pseudoCatalog } from './i18n/pseudo.ts';

const windowPrefix = 'virtual:i18n-catalog/';

/** The last segment of a set's (or a part's) loader map: `virtual:i18n-catalog/loaders`. */
const loaders = 'loaders';

/**
 * The window's words that load with a later screen: "Check this computer"'s report
 * (views/ReportView.tsx), and the accounts kept beside the signed-in one (components/KeptAccounts.tsx).
 */
export const lazyParts = ['report', 'accounts'] as const;

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
      if (second !== undefined && part === undefined) this.error(`no part ${first} of the catalogs`);
      if (locale === loaders) {
        const partPrefix = part === undefined ? prefix : `${prefix}${part}/`;
        return loaderMap([...locales, pseudoLocale], (language) => `${partPrefix}${language}`);
      }
      if (locale !== pseudoLocale && !locales.includes(locale)) this.error(`no catalog for ${locale}`);
      const file = locale === pseudoLocale ? sourceLocale : locale;
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

/**
 * Main's `virtual:i18n-catalog-json/loaders`: each written window catalog's JSON file by language,
 * imported when called (start-up-failure.ts), so only a launch that fails loads one.
 */
export function catalogFileLoaders({ messagesDir }: { readonly messagesDir: string }): Plugin {
  const id = 'virtual:i18n-catalog-json/loaders';
  return {
    name: 'device-signin-i18n-catalog-files',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) =>
      resolved === `\0${id}` ? loaderMap(translatedLocales, (locale) => normalizePath(join(messagesDir, `${locale}.json`))) : undefined,
  };
}

/** A module whose default export maps each language to `() => import(target)`: the bundler makes each target a chunk of its own. */
function loaderMap(locales: readonly string[], target: (locale: string) => string): string {
  const entries = locales.map((locale) => `  ${JSON.stringify(locale)}: () => import(${JSON.stringify(target(locale))}),`);
  return `export default {\n${entries.join('\n')}\n};\n`;
}
