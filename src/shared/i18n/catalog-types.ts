/**
 * The catalogs as types, so that `npm run typecheck` fails where a language lacks a message the
 * English catalog has (`npm run check:i18n` also finds extra keys, bad ICU syntax and placeholders
 * that differ). Type-only imports: no catalog enters a bundle through this file.
 */
import type de from './messages/de.json';
import type en from './messages/en.json';

export type MessageId = keyof typeof en;

/** Each language must have every id of the English catalog. */
type Complete<Catalog extends Record<MessageId, string>> = Catalog;

export interface TranslatedCatalogs {
  readonly de: Complete<typeof de>;
}
