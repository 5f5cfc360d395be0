/**
 * Every written catalog compiled as the window's build compiles it, and a typed `t` for each, so
 * that tests can check the words of every language without a browser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupI18n } from '@lingui/core';
import { compileCatalog, type SourceCatalog } from '../../scripts/i18n/compile.ts';
import { type CliLocale, cliLocales } from '../../src/shared/i18n/catalog-sets.ts';
import { type Locale, translatedLocales } from '../../src/shared/i18n/locales.ts';
import { type Translate, translator } from '../../src/shared/i18n/translate.ts';
import type { Translate as CliTranslate } from '../../src/cli/words.ts';

const messagesDir = join(import.meta.dirname, '../../src/shared/i18n/messages');

export function sourceCatalogOf(locale: Exclude<Locale, 'en-XA'>): SourceCatalog {
  return JSON.parse(readFileSync(join(messagesDir, `${locale}.json`), 'utf8')) as SourceCatalog;
}

export function translateIn(locale: Exclude<Locale, 'en-XA'>): Translate {
  return translatorOf(locale, sourceCatalogOf(locale));
}

/** A `t` over one written catalog, compiled as the builds compile it. */
function translatorOf(locale: string, source: SourceCatalog): ReturnType<typeof translator> {
  return translator(setupI18n({ locale, messages: { [locale]: compileCatalog(source) } }));
}

/** Every written language with its `t`, English first. */
export const everyLanguage: ReadonlyArray<readonly [Exclude<Locale, 'en-XA'>, Translate]> = translatedLocales.map((locale) => [
  locale,
  translateIn(locale),
]);

/** The command line's catalog of a language, as written. */
export function cliSourceCatalogOf(locale: CliLocale): SourceCatalog {
  return JSON.parse(readFileSync(join(messagesDir, 'cli', `${locale}.json`), 'utf8')) as SourceCatalog;
}

/** The command line's `t` in a language, as the built CLI has it. */
export function cliTranslateIn(locale: CliLocale): CliTranslate {
  return translatorOf(locale, cliSourceCatalogOf(locale));
}

/** Every language of the command line with its `t`, English first. */
export const everyCliLanguage: ReadonlyArray<readonly [CliLocale, CliTranslate]> = cliLocales.map((locale) => [
  locale,
  cliTranslateIn(locale),
]);
