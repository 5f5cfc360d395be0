import { describe, expect, it } from 'vitest';
import { knownLocale, localeArgumentPrefix, localeFromArguments, windowLocale } from '../../../src/shared/i18n/window-locale.ts';

describe("the window's language, as main chooses it", () => {
  it("follows the OS's preferred languages, the policy's language first, then English", () => {
    expect(windowLocale({ systemLanguages: ['de-AT', 'en-US'] })).toBe('de');
    expect(windowLocale({ systemLanguages: ['ko-KR', 'de-CH'] })).toBe('de');
    expect(windowLocale({ systemLanguages: ['fr-FR', 'de-CH'] })).toBe('fr');
    expect(windowLocale({ systemLanguages: ['ko-KR'] })).toBe('en');
    expect(windowLocale({ policyLanguage: 'de', systemLanguages: ['en-US'] })).toBe('de');
    // A policy language without a catalog yet falls back through the OS's preferences.
    expect(windowLocale({ policyLanguage: 'ko', systemLanguages: ['de-DE'] })).toBe('de');
    expect(windowLocale({ policyLanguage: 'ar', systemLanguages: ['de-DE'] })).toBe('ar');
    expect(windowLocale({ policyLanguage: 'en', systemLanguages: ['de-DE'] })).toBe('en');
  });

  it('reaches the page as one renderer argument, and only a known catalog is taken from it', () => {
    expect(localeFromArguments(['/opt/app/device-signin', '--type=renderer', `${localeArgumentPrefix}de`])).toBe('de');
    expect(localeFromArguments(['--type=renderer'])).toBeUndefined();
    expect(localeFromArguments([`${localeArgumentPrefix}de-AT`])).toBeUndefined();
    expect(localeFromArguments([`${localeArgumentPrefix}<script>`])).toBeUndefined();
    expect(knownLocale('en-XA')).toBe('en-XA');
    expect(knownLocale(undefined)).toBeUndefined();
  });
});
