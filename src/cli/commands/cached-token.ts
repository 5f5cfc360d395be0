/**
 * `token` (and `token --format exec-credential`) on the common path: a bearer session whose
 * access token has more than a minute left. Read straight from the vault, with none of the
 * sign-in flow, the protocol library or the network loaded, since tools run this before every
 * request; no session at all is said here too, in the full command's words. Anything else
 * (another issuer's session, a DPoP-bound one, a token close to expiry, a vault that cannot be
 * read) returns undefined and the full command runs, which refreshes, reports and explains.
 */
import { openInvocationVault } from '../vault.ts';
import type { CommandContext, ExitStatus } from './context.ts';
import { fail, toolNotSignedIn } from './failure.ts';
import { printToken } from './token-output.ts';

/** Well above the 5 s at which the full path refreshes, so the two never hand out different tokens. */
const cachedUseMs = 60_000;

export async function cachedToken(context: CommandContext): Promise<ExitStatus | undefined> {
  const { config } = context.settings;
  // The same vault the full command opens, without loading the sign-in flow that context.ts brings.
  const opened = openInvocationVault(context);
  if (!opened.usable) return undefined;
  let saved;
  try {
    saved = await opened.vault.load();
  } catch {
    return undefined;
  }
  // Nobody signed in: the full command would restore nothing and say so in the same words.
  if (saved === undefined) return context.line.format === 'exec-credential' ? toolNotSignedIn(context) : fail(context, 'not_signed_in');
  if (saved.issuer !== config.issuer || saved.clientId !== config.clientId || saved.dpop !== undefined) return undefined;
  const { accessToken, tokenType, expiresAt } = saved.tokens;
  if (expiresAt === undefined || expiresAt - context.now() <= cachedUseMs) return undefined;
  return printToken(context.out, context.writeBody, context.line.format, { accessToken, tokenType, expiresAt });
}
