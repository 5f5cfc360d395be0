/** The command line's compiled catalogs from scripts/i18n-catalogs.ts, one module per language. */
declare module 'virtual:cli-catalog/*' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}
