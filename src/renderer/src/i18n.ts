/**
 * The window's words: one Lingui instance per page, English always in the entry bundle (it is the
 * fallback and the first paint), every other language a chunk of its own, loaded only when chosen.
 */
import { type I18n, setupI18n } from '@lingui/core';
import { useLingui } from '@lingui/react';
import english from 'virtual:i18n-catalog/en';
import type { Locale } from '../../shared/i18n/locales.ts';
import { type Translate, translator } from '../../shared/i18n/translate.ts';

type Messages = typeof english;

const otherLocales: Readonly<Record<Exclude<Locale, 'en'>, () => Promise<{ default: Messages }>>> = {
  de: () => import('virtual:i18n-catalog/de'),
  'en-XA': () => import('virtual:i18n-catalog/en-XA'),
};

/** Resolves at once for English, so the first screen is not held back by a load. */
export async function loadI18n(locale: Locale): Promise<I18n> {
  const messages = locale === 'en' ? english : (await otherLocales[locale]()).default;
  return setupI18n({ locale, messages: { [locale]: messages } });
}

/** A typed `t` for the page's language. */
export function useTranslate(): Translate {
  return translator(useLingui().i18n);
}
