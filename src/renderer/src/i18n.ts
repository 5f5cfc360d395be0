/**
 * The window's words: one Lingui instance per page, and each language (English too) a chunk of
 * its own, loaded only when chosen, so every window loads exactly one catalog and the entry
 * carries none (the renderer's 90 KB budget is the entry plus the largest of them).
 */
import { type I18n, setupI18n } from '@lingui/core';
import { useLingui } from '@lingui/react';
import catalogs from 'virtual:i18n-catalog/loaders';
import type { Locale } from '../../shared/i18n/locales.ts';
import { type Translate, translator } from '../../shared/i18n/translate.ts';

/** A local chunk (app://), so the first screen waits milliseconds for it, not a network. */
export async function loadI18n(locale: Locale): Promise<I18n> {
  const messages = (await catalogs[locale]()).default;
  return setupI18n({ locale, messages: { [locale]: messages } });
}

/** A typed `t` for the page's language. */
export function useTranslate(): Translate {
  return translator(useLingui().i18n);
}
