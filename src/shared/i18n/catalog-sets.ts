/**
 * The front ends' catalogs, each a set of its own: the window's in `messages/`, the command
 * line's in `messages/cli/`, so neither bundle carries the other's words. Each set has English
 * as its source and its own list of languages; the check, the types and the build treat every
 * set the same way.
 */
import { translatedLocales } from './locales.ts';

/** The languages the command line speaks; English is the source. */
export const cliLocales = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'zh-Hans', 'ar'] as const;

export type CliLocale = (typeof cliLocales)[number];

interface CatalogSet {
  readonly name: 'window' | 'cli';
  /** Relative to `src/shared/i18n/messages`. */
  readonly folder: string;
  readonly locales: readonly string[];
}

export const catalogSets: readonly CatalogSet[] = [
  { name: 'window', folder: '.', locales: translatedLocales },
  { name: 'cli', folder: 'cli', locales: cliLocales },
];
