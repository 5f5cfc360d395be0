/** The command line's compiled catalogs from scripts/i18n-catalogs.ts, one module per language. */
declare module 'virtual:cli-catalog/*' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}

/** The early messages of every language as plain text (vite.cli.config.ts, src/cli/early-message-ids.ts). */
declare module 'virtual:cli-early-words' {
  const texts: Readonly<
    Record<import('./words.ts').CliLanguage, Readonly<Record<import('./early-message-ids.ts').EarlyMessageId, string>>>
  >;
  export default texts;
}
