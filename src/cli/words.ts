/**
 * The command line's words: its own catalogs (src/shared/i18n/messages/cli), compiled at build
 * time, each language a chunk of its own. Loaded only by a command that prints sentences:
 * `device-signin token` on a fresh session prints the token alone and never loads this.
 */
import { setupI18n } from '@lingui/core';
import catalogs from 'virtual:cli-catalog/loaders';
import type { CliMessageId } from '../shared/i18n/catalog-types.ts';
import { translator } from '../shared/i18n/translate.ts';
import type { CliLocale } from '../shared/i18n/catalog-sets.ts';
import type { pseudoLocale } from '../shared/i18n/locales.ts';

/** A language the command line speaks: one of its catalogs, or the pseudo-locale that tests the layout. */
export type CliLanguage = CliLocale | typeof pseudoLocale;

export type Translate = (id: CliMessageId, values?: Readonly<Record<string, unknown>>) => string;

export interface Words {
  readonly locale: CliLanguage;
  readonly t: Translate;
}

export async function loadWords(locale: CliLanguage): Promise<Words> {
  const messages = (await catalogs[locale]()).default;
  const i18n = setupI18n({ locale, messages: { [locale]: messages } });
  return { locale, t: translator(i18n) };
}
