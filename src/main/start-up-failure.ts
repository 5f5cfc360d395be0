/**
 * What a person sees when the app cannot start: a system dialog (Electron's dialog.showErrorBox,
 * which works before and after 'ready') with one sentence in their language and the path of the
 * log that holds the reason, so that the help desk has something to ask for. The sentence is
 * the window catalog's `startup.failed`; only the failing launch loads it.
 */
import catalogs from 'virtual:i18n-catalog-json/loaders';
import type { Locale } from '../shared/i18n/locales.ts';

/** The dialog's text: the catalog's sentence with the log's path in place of `{logPath}` (its only placeholder). */
export async function startUpFailureText(locale: Locale, logPath: string): Promise<string> {
  const { default: messages } = await catalogs[locale === 'en-XA' ? 'en' : locale]();
  return messages['startup.failed'].replace('{logPath}', logPath);
}
