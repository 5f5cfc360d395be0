/**
 * Which languages the front ends speak, and how one is chosen from a person's preferences. Plain
 * data and functions, so that the window (from Electron's `app.getPreferredSystemLanguages()`),
 * the CLI (from `LC_ALL`, `LC_MESSAGES`, `LANG`, `--lang`) and tests all choose the same way.
 */

/** Languages with a written catalog in `messages/`; English is the source and the last fallback. */
export const translatedLocales = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'zh-Hans', 'ar'] as const;

/**
 * Generated from English (accented, about 40 % longer) to find clipped text and strings that skip
 * the catalog. Chosen only when asked for by its exact tag, never as a fallback.
 */
export const pseudoLocale = 'en-XA';

export type Locale = (typeof translatedLocales)[number] | typeof pseudoLocale;

export const sourceLocale: Locale = 'en';

/** Languages written right to left (BCP 47 primary subtags), for `dir` at the document root. */
const rightToLeftLanguages: ReadonlySet<string> = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi']);

const languageOf = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/** `de_AT.UTF-8` (POSIX) and `de-at` both become `de-AT`-comparable: lower case, hyphens, no charset. */
const normalized = (tag: string): string =>
  tag
    .replace(/[.@].*$/, '')
    .replaceAll('_', '-')
    .toLowerCase();

/**
 * The first preferred language we can speak: an exact tag, else a shorter form of it
 * (`zh-Hans-CN` → `zh-Hans` → `zh`), else any catalog of the same language (`pt` → `pt-BR`);
 * when no preference matches, English.
 */
export function chooseLocale(preferred: readonly string[]): Locale;
/** The same choice among another front end's catalogs (the CLI's, in catalog-sets.ts). */
export function chooseLocale<Available extends string>(
  preferred: readonly string[],
  available: readonly Available[],
): Available | typeof sourceLocale | typeof pseudoLocale;
export function chooseLocale(preferred: readonly string[], available: readonly string[] = translatedLocales): string {
  for (const tag of preferred) {
    const wanted = normalized(tag);
    if (wanted === pseudoLocale.toLowerCase()) return pseudoLocale;
    const subtags = wanted.split('-');
    for (let length = subtags.length; length > 0; length--) {
      const prefix = subtags.slice(0, length).join('-');
      const exact = available.find((locale) => locale.toLowerCase() === prefix);
      if (exact !== undefined) return exact;
    }
    const sameLanguage = available.find((locale) => languageOf(locale) === languageOf(wanted));
    if (sameLanguage !== undefined) return sameLanguage;
  }
  return sourceLocale;
}

export function textDirection(locale: string): 'ltr' | 'rtl' {
  return rightToLeftLanguages.has(languageOf(locale)) ? 'rtl' : 'ltr';
}

/** `lang` and `dir` at the document root: the browser's line breaking, hyphenation and mirroring follow them. */
export function applyDocumentLocale(root: { lang: string; dir: string }, locale: string): void {
  root.lang = locale;
  root.dir = textDirection(locale);
}
