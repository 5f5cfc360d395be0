/** The command line's compiled catalogs from scripts/i18n-catalogs.ts, one module per language. */
declare module 'virtual:cli-catalog/*' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}

/** Each language's catalog, loaded when called (its own chunk); generated from catalog-sets.ts's list. */
declare module 'virtual:cli-catalog/loaders' {
  const loaders: Readonly<Record<import('./words.ts').CliLanguage, () => Promise<{ readonly default: import('@lingui/core').Messages }>>>;
  export default loaders;
}

/** The early messages of every language as plain text (vite.cli.config.ts, src/cli/early-message-ids.ts). */
declare module 'virtual:cli-early-words' {
  const texts: Readonly<
    Record<import('./words.ts').CliLanguage, Readonly<Record<import('./early-message-ids.ts').EarlyMessageId, string>>>
  >;
  export default texts;
}
