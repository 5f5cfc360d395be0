/** Compiled catalogs from scripts/i18n-catalogs.ts, one module per language. */
declare module 'virtual:i18n-catalog/*' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}

/** Each language's catalog, loaded when called (its own chunk); generated from locales.ts's list. */
declare module 'virtual:i18n-catalog/loaders' {
  const loaders: Readonly<
    Record<import('../../shared/i18n/locales.ts').Locale, () => Promise<{ readonly default: import('@lingui/core').Messages }>>
  >;
  export default loaders;
}

/** The same for the report's words (the catalogs' lazy part `report`). */
declare module 'virtual:i18n-catalog/report/loaders' {
  const loaders: typeof import('virtual:i18n-catalog/loaders').default;
  export default loaders;
}

/** The same for the other accounts' words (the catalogs' lazy part `accounts`). */
declare module 'virtual:i18n-catalog/accounts/loaders' {
  const loaders: typeof import('virtual:i18n-catalog/loaders').default;
  export default loaders;
}
