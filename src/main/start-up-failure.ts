/**
 * What a person sees when the app cannot start: a system dialog (Electron's dialog.showErrorBox,
 * which works before and after 'ready') with one sentence in their language and the path of the
 * log that holds the reason, so that the help desk has something to ask for. The sentence is
 * the window catalog's `startup.failed`; only the failing launch loads it.
 */
import type { Locale } from '../shared/i18n/locales.ts';

type Catalog = () => Promise<{ readonly default: { readonly 'startup.failed': string } }>;

const catalogs: Readonly<Record<Exclude<Locale, 'en-XA'>, Catalog>> = {
  en: () => import('../shared/i18n/messages/en.json'),
  de: () => import('../shared/i18n/messages/de.json'),
  fr: () => import('../shared/i18n/messages/fr.json'),
  es: () => import('../shared/i18n/messages/es.json'),
  'pt-BR': () => import('../shared/i18n/messages/pt-BR.json'),
  ja: () => import('../shared/i18n/messages/ja.json'),
  'zh-Hans': () => import('../shared/i18n/messages/zh-Hans.json'),
  ar: () => import('../shared/i18n/messages/ar.json'),
};

/** The dialog's text: the catalog's sentence with the log's path in place of `{logPath}` (its only placeholder). */
export async function startUpFailureText(locale: Locale, logPath: string): Promise<string> {
  const { default: messages } = await catalogs[locale === 'en-XA' ? 'en' : locale]();
  return messages['startup.failed'].replace('{logPath}', logPath);
}
