/**
 * The report's words (the window catalogs' `report.*` messages), a chunk per language apart from
 * the window's catalog (scripts/i18n-catalogs.ts's lazy parts): loaded into the window's Lingui
 * instance when the report is first opened, so a window that never opens it never loads them.
 */
import type { I18n, Messages } from '@lingui/core';
import type { Locale } from '../../shared/i18n/locales.ts';

const parts: Readonly<Record<Locale, () => Promise<{ default: Messages }>>> = {
  en: () => import('virtual:i18n-catalog/report/en'),
  de: () => import('virtual:i18n-catalog/report/de'),
  fr: () => import('virtual:i18n-catalog/report/fr'),
  es: () => import('virtual:i18n-catalog/report/es'),
  'pt-BR': () => import('virtual:i18n-catalog/report/pt-BR'),
  ja: () => import('virtual:i18n-catalog/report/ja'),
  'zh-Hans': () => import('virtual:i18n-catalog/report/zh-Hans'),
  ar: () => import('virtual:i18n-catalog/report/ar'),
  'en-XA': () => import('virtual:i18n-catalog/report/en-XA'),
};

/** Adds the report's words to `i18n` in its language, once (a load tells every view to render again). */
export async function loadReportWords(i18n: I18n): Promise<void> {
  if (Object.hasOwn(i18n.messages, 'report.title')) return;
  const locale = i18n.locale as Locale;
  i18n.load(locale, (await parts[locale]()).default);
}
