/**
 * The catalogs as types, so that `npm run typecheck` fails where a language lacks a message the
 * English catalog has (`npm run check:i18n` also finds extra keys, bad ICU syntax and placeholders
 * that differ). Type-only imports: no catalog enters a bundle through this file.
 */
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

export type MessageId = keyof typeof en;

/** Each language must have every id of the English catalog. */
type Complete<Catalog extends Record<MessageId, string>> = Catalog;

export interface TranslatedCatalogs {
  readonly de: Complete<typeof de>;
}

/** The command line's catalog set (catalog-sets.ts), checked the same way. */
export type CliMessageId = keyof typeof cliEn;

type CompleteCli<Catalog extends Record<CliMessageId, string>> = Catalog;

export interface CliTranslatedCatalogs {
  readonly de: CompleteCli<typeof cliDe>;
  readonly fr: CompleteCli<typeof cliFr>;
  readonly es: CompleteCli<typeof cliEs>;
  readonly 'pt-BR': CompleteCli<typeof cliPtBr>;
  readonly ja: CompleteCli<typeof cliJa>;
  readonly 'zh-Hans': CompleteCli<typeof cliZhHans>;
  readonly ar: CompleteCli<typeof cliAr>;
}
