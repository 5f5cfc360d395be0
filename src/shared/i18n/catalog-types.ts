/**
 * The catalogs as types, so that `npm run typecheck` fails where a language lacks a message the
 * English catalog has (`npm run check:i18n` also finds extra keys, bad ICU syntax and placeholders
 * that differ). Type-only imports: no catalog enters a bundle through this file.
 */
import type ar from './messages/ar.json';
import type cliAr from './messages/cli/ar.json';
import type cliDe from './messages/cli/de.json';
import type cliEn from './messages/cli/en.json';
import type cliEs from './messages/cli/es.json';
import type cliFr from './messages/cli/fr.json';
import type cliJa from './messages/cli/ja.json';
import type cliPtBr from './messages/cli/pt-BR.json';
import type cliZhHans from './messages/cli/zh-Hans.json';
import type de from './messages/de.json';
import type en from './messages/en.json';
import type es from './messages/es.json';
import type fr from './messages/fr.json';
import type ja from './messages/ja.json';
import type ptBR from './messages/pt-BR.json';
import type zhHans from './messages/zh-Hans.json';

export type MessageId = keyof typeof en;

/** Each language of a set must have every id of that set's English catalog. */
type Complete<Id extends string, Catalog extends Record<Id, string>> = Catalog;

export interface TranslatedCatalogs {
  readonly de: Complete<MessageId, typeof de>;
  readonly fr: Complete<MessageId, typeof fr>;
  readonly es: Complete<MessageId, typeof es>;
  readonly 'pt-BR': Complete<MessageId, typeof ptBR>;
  readonly ja: Complete<MessageId, typeof ja>;
  readonly 'zh-Hans': Complete<MessageId, typeof zhHans>;
  readonly ar: Complete<MessageId, typeof ar>;
}

/** The command line's catalog set (catalog-sets.ts), checked the same way. */
export type CliMessageId = keyof typeof cliEn;

export interface CliTranslatedCatalogs {
  readonly de: Complete<CliMessageId, typeof cliDe>;
  readonly fr: Complete<CliMessageId, typeof cliFr>;
  readonly es: Complete<CliMessageId, typeof cliEs>;
  readonly 'pt-BR': Complete<CliMessageId, typeof cliPtBr>;
  readonly ja: Complete<CliMessageId, typeof cliJa>;
  readonly 'zh-Hans': Complete<CliMessageId, typeof cliZhHans>;
  readonly ar: Complete<CliMessageId, typeof cliAr>;
}
