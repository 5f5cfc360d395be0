/** The window's written catalogs as JSON files, one chunk each (scripts/i18n-catalogs.ts's catalogFileLoaders). */
declare module 'virtual:i18n-catalog-json/loaders' {
  type WrittenLocale = Exclude<import('../shared/i18n/locales.ts').Locale, typeof import('../shared/i18n/locales.ts').pseudoLocale>;
  const loaders: Readonly<Record<WrittenLocale, () => Promise<{ readonly default: { readonly 'startup.failed': string } }>>>;
  export default loaders;
}
