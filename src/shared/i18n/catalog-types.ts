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
import type { translatedLocales } from './locales.ts';

export type MessageId = keyof typeof en;

/** Every language but the source one, from the one list in locales.ts. */
type TranslatedLocale = Exclude<(typeof translatedLocales)[number], 'en'>;

/**
 * Each language of a set must have every id of that set's English catalog: a catalog that lacks
 * one does not satisfy `Record<Id, string>`, and the type check says which.
 */
type Complete<Id extends string, Files extends { readonly [L in TranslatedLocale]: Record<Id, string> }> = {
  readonly [L in TranslatedLocale]: Files[L];
};

export type TranslatedCatalogs = Complete<
  MessageId,
  { de: typeof de; fr: typeof fr; es: typeof es; 'pt-BR': typeof ptBR; ja: typeof ja; 'zh-Hans': typeof zhHans; ar: typeof ar }
>;

/** The command line's catalog set (catalog-sets.ts), checked the same way. */
export type CliMessageId = keyof typeof cliEn;

export type CliTranslatedCatalogs = Complete<
  CliMessageId,
  {
    de: typeof cliDe;
    fr: typeof cliFr;
    es: typeof cliEs;
    'pt-BR': typeof cliPtBr;
    ja: typeof cliJa;
    'zh-Hans': typeof cliZhHans;
    ar: typeof cliAr;
  }
>;
