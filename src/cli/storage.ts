/** The name src/cli/commands/login.ts still imports, until it takes checkCliVault from ./vault.ts. */
export { checkCliVault as checkSessionStore } from './vault.ts';
