/**
 * The command line's words: its own catalogs (src/shared/i18n/messages/cli), compiled at build
 * time, each language a chunk of its own. Loaded only by a command that prints sentences:
 * `device-signin token` on a fresh session prints the token alone and never loads this.
 */
import { type Messages, setupI18n } from '@lingui/core';
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

const catalogs: Readonly<Record<CliLanguage, () => Promise<{ default: Messages }>>> = {
  en: () => import('virtual:cli-catalog/en'),
  de: () => import('virtual:cli-catalog/de'),
  fr: () => import('virtual:cli-catalog/fr'),
  es: () => import('virtual:cli-catalog/es'),
  'pt-BR': () => import('virtual:cli-catalog/pt-BR'),
  ja: () => import('virtual:cli-catalog/ja'),
  'zh-Hans': () => import('virtual:cli-catalog/zh-Hans'),
  ar: () => import('virtual:cli-catalog/ar'),
  'en-XA': () => import('virtual:cli-catalog/en-XA'),
};

export async function loadWords(locale: CliLanguage): Promise<Words> {
  const messages = (await catalogs[locale]()).default;
  const i18n = setupI18n({ locale, messages: { [locale]: messages } });
  return { locale, t: translator(i18n) };
}
