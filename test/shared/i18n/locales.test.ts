import { describe, expect, it } from 'vitest';
import { cliLocales } from '../../../src/shared/i18n/catalog-sets.ts';
import { applyDocumentLocale, chooseLocale, textDirection } from '../../../src/shared/i18n/locales.ts';

describe('choosing the language from the preferred ones', () => {
  it('speaks German to someone in Austria who also reads English', () => {
    expect(chooseLocale(['de-AT', 'en-US'])).toBe('de');
  });

  it('skips a language it has no catalog for and takes the next preference', () => {
    expect(chooseLocale(['ko-KR', 'ko', 'de-CH'])).toBe('de');
  });

  it('falls back to English when no preference can be met, or none is given', () => {
    expect(chooseLocale(['ko-KR', 'nl'])).toBe('en');
    expect(chooseLocale([])).toBe('en');
  });

  it('finds Brazilian Portuguese for any Portuguese, Simplified Chinese for China, and French for Canada', () => {
    expect(chooseLocale(['pt-PT'])).toBe('pt-BR');
    expect(chooseLocale(['zh-Hans-CN'])).toBe('zh-Hans');
    expect(chooseLocale(['fr-CA'])).toBe('fr');
    expect(chooseLocale(['ar-EG'])).toBe('ar');
    expect(chooseLocale(['ja_JP.UTF-8'])).toBe('ja');
  });

  it('picks among the command line’s languages when given them: Brazilian Portuguese for Portugal, Simplified Chinese for China', () => {
    expect(chooseLocale(['pt_PT.UTF-8'], cliLocales)).toBe('pt-BR');
    expect(chooseLocale(['zh_CN.UTF-8'], cliLocales)).toBe('zh-Hans');
    expect(chooseLocale(['ar_EG.UTF-8'], cliLocales)).toBe('ar');
    expect(chooseLocale(['ko_KR.UTF-8'], cliLocales)).toBe('en');
  });

  it('keeps English for a British preference listed first', () => {
    expect(chooseLocale(['en-GB', 'de-DE'])).toBe('en');
  });

  it('reads POSIX locale names as the CLI finds them in LANG', () => {
    expect(chooseLocale(['de_DE.UTF-8'])).toBe('de');
    expect(chooseLocale(['C.UTF-8'])).toBe('en');
  });

  it('chooses the pseudo-locale only when asked for by name', () => {
    expect(chooseLocale(['en-XA'])).toBe('en-XA');
    expect(chooseLocale(['en'])).toBe('en');
  });
});

describe('writing direction', () => {
  it('is right to left for Arabic, Hebrew and Persian, whatever the region', () => {
    expect(['ar', 'ar-EG', 'he-IL', 'fa'].map(textDirection)).toEqual(['rtl', 'rtl', 'rtl', 'rtl']);
  });

  it('is left to right for the others', () => {
    expect(['en', 'de', 'en-XA', 'ja-JP'].map(textDirection)).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
  });
});

describe('the document root', () => {
  it('mirrors for Arabic and says which language the page is in', () => {
    const root = { lang: 'en', dir: 'ltr' };
    applyDocumentLocale(root, 'ar-EG');
    expect(root).toEqual({ lang: 'ar-EG', dir: 'rtl' });
    applyDocumentLocale(root, 'de');
    expect(root).toEqual({ lang: 'de', dir: 'ltr' });
  });
});
