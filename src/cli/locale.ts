import { cliLocales } from '../shared/i18n/catalog-sets.ts';
import { chooseLocale } from '../shared/i18n/locales.ts';
import type { Environment } from './home.ts';
import type { CliLanguage, Words } from './words.ts';

/**
 * The language the command line speaks: `--lang`, else the first of LC_ALL, LC_MESSAGES and
 * LANG that is set (POSIX precedence), read through chooseLocale as the window reads the OS's
 * preferences. `C` and `POSIX` are the POSIX locale, English. JSON output is always English
 * (output.ts): scripts read it, whatever the person's language.
 */
export function cliLanguage(flag: string | undefined, env: Environment): CliLanguage {
  const chosen = [flag, env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((value) => value !== undefined && value.trim() !== '');
  if (chosen === undefined || /^(C|POSIX)([.@].*)?$/.test(chosen.trim())) return 'en';
  // Traditional Chinese (zh-Hant, and Taiwan, Hong Kong and Macau) has no catalog: English, not Simplified (docs/translations.md).
  if (/^zh[-_](hant|tw|hk|mo)\b/i.test(chosen.trim())) return 'en';
  return chooseLocale([chosen.trim()], cliLocales);
}

/** The words of one language, loaded on first use and then kept: a command that prints none loads none. */
export function wordsFor(locale: CliLanguage): () => Promise<Words> {
  let loading: Promise<Words> | undefined;
  return () => (loading ??= import('./words.ts').then((module) => module.loadWords(locale)));
}

/** Relative time ("in 5 minutes", "in 3 hours") in the chosen language, through Intl. */
export function inTime(locale: CliLanguage, ms: number): string {
  const format = new Intl.RelativeTimeFormat(locale === 'en-XA' ? 'en' : locale, { numeric: 'always', style: 'long' });
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return format.format(Math.ceil(ms / 1000), 'second');
  if (minutes < 120) return format.format(minutes, 'minute');
  return format.format(Math.round(minutes / 60), 'hour');
}
