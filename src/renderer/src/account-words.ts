/**
 * The other accounts' words (the window catalogs' `accounts.*` messages), a chunk per language
 * apart from the window's catalog (scripts/i18n-catalogs.ts's lazy parts), as the report's are
 * (report-words.ts): loaded when accounts are first shown, so a window with none never loads them.
 */
import type { I18n } from '@lingui/core';
import parts from 'virtual:i18n-catalog/accounts/loaders';
import type { Locale } from '../../shared/i18n/locales.ts';

/**
 * By language: a page has one Lingui instance (i18n.ts), which React hands out in a new wrapper
 * after every load, so the wrapper cannot name the load.
 */
const loading = new Map<string, Promise<void>>();

/** The load of the accounts' words into `i18n`, the same promise each time (for React's `use`). */
export function accountWords(i18n: I18n): Promise<void> {
  const started = loading.get(i18n.locale) ?? load(i18n);
  loading.set(i18n.locale, started);
  return started;
}

async function load(i18n: I18n): Promise<void> {
  const locale = i18n.locale as Locale;
  if (!Object.hasOwn(i18n.messages, 'accounts.others')) i18n.load(locale, (await parts[locale]()).default);
}
