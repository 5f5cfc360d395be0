/**
 * The catalogs as types, so that `npm run typecheck` fails where a language lacks a message the
 * English catalog has (`npm run check:i18n` also finds extra keys, bad ICU syntax and placeholders
 * that differ). Type-only imports: no catalog enters a bundle through this file.
 */
import type ar from './messages/ar.json';
import type de from './messages/de.json';
import type en from './messages/en.json';
import type es from './messages/es.json';
import type fr from './messages/fr.json';
import type ja from './messages/ja.json';
import type ptBR from './messages/pt-BR.json';
import type zhHans from './messages/zh-Hans.json';

export type MessageId = keyof typeof en;

/** Each language must have every id of the English catalog. */
type Complete<Catalog extends Record<MessageId, string>> = Catalog;

export interface TranslatedCatalogs {
  readonly de: Complete<typeof de>;
  readonly fr: Complete<typeof fr>;
  readonly es: Complete<typeof es>;
  readonly 'pt-BR': Complete<typeof ptBR>;
  readonly ja: Complete<typeof ja>;
  readonly 'zh-Hans': Complete<typeof zhHans>;
  readonly ar: Complete<typeof ar>;
}
