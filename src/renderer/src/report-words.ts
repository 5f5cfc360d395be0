/**
 * The report's words (the window catalogs' `report.*` messages), a chunk per language apart from
 * the window's catalog (scripts/i18n-catalogs.ts's lazy parts): loaded into the window's Lingui
 * instance when the report is first opened, so a window that never opens it never loads them.
 */
import type { I18n } from '@lingui/core';
import parts from 'virtual:i18n-catalog/report/loaders';
import type { Locale } from '../../shared/i18n/locales.ts';

/** Adds the report's words to `i18n` in its language, once (a load tells every view to render again). */
export async function loadReportWords(i18n: I18n): Promise<void> {
  if (Object.hasOwn(i18n.messages, 'report.title')) return;
  const locale = i18n.locale as Locale;
  i18n.load(locale, (await parts[locale]()).default);
}
