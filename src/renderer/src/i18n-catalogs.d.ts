/** Compiled catalogs from scripts/i18n-catalogs.ts, one module per language. */
declare module 'virtual:i18n-catalog/*' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}
