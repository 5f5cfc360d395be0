/**
 * `token` (and `token --format exec-credential`) on the common path: a bearer session whose
 * access token has more than a minute left. Read straight from the vault, with none of the
 * sign-in flow, the protocol library or the network loaded, since tools run this before every
 * request. Anything else (no session, another issuer's, a DPoP-bound one, a token close to
 * expiry, a vault that cannot be read) returns undefined and the full command runs, which
 * refreshes, reports and explains exactly as before.
 */
import { openInvocationVault } from '../vault.ts';
import type { CommandContext, ExitStatus } from './context.ts';
import { printToken } from './token-output.ts';

/** Well above the 5 s at which the full path refreshes, so the two never hand out different tokens. */
const cachedUseMs = 60_000;

export async function cachedToken(context: CommandContext): Promise<ExitStatus | undefined> {
  const { config } = context.settings;
  // The same vault the full command opens, without loading the sign-in flow that context.ts brings.
  const opened = openInvocationVault(context);
  if (!opened.usable) return undefined;
  const saved = await opened.vault.load().catch(() => undefined);
  if (saved === undefined || saved.issuer !== config.issuer || saved.clientId !== config.clientId || saved.dpop !== undefined) return undefined;
  const { accessToken, tokenType, expiresAt } = saved.tokens;
  if (expiresAt === undefined || expiresAt - context.now() <= cachedUseMs) return undefined;
  return printToken(context.out, context.writeBody, context.line.format, { accessToken, tokenType, expiresAt });
}
