/**
 * The window's language, chosen in main and handed to the page before its first paint. Main knows
 * what the page cannot: the OS's preferred languages (Electron's app.getPreferredSystemLanguages(),
 * which a page's navigator.languages does not follow) and the admin's `language` policy. It passes
 * the choice as one command-line argument of the renderer (webPreferences.additionalArguments),
 * which the sandboxed preload reads from process.argv and exposes as `deviceSignIn.locale`.
 */
import { chooseLocale, type Locale, pseudoLocale, translatedLocales } from './locales.ts';

export const localeArgumentPrefix = '--device-signin-locale=';

/** The policy's language first, then the OS's preferences, then English (chooseLocale's fallbacks). */
export function windowLocale(options: {
  readonly policyLanguage?: string | undefined;
  readonly systemLanguages: readonly string[];
}): Locale {
  const { policyLanguage, systemLanguages } = options;
  return chooseLocale(policyLanguage === undefined ? systemLanguages : [policyLanguage, ...systemLanguages]);
}

/** The locale main passed, or undefined when there is none or it names no catalog (the page then asks the browser). */
export function localeFromArguments(argv: readonly string[]): Locale | undefined {
  return knownLocale(argv.find((argument) => argument.startsWith(localeArgumentPrefix))?.slice(localeArgumentPrefix.length));
}

/** The value when it names a catalog exactly, else undefined: nothing else reaches Lingui. */
export function knownLocale(value: string | undefined): Locale | undefined {
  const known: readonly string[] = [...translatedLocales, pseudoLocale];
  return value !== undefined && known.includes(value) ? (value as Locale) : undefined;
}
