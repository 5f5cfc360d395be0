/**
 * `token` (and `token --format exec-credential`) on the common path: a bearer session that is
 * fresh by the one rule (src/core/vault/session-record.ts). Read straight from the record, with
 * none of the sign-in flow, the protocol library or the network loaded, since tools run this
 * before every request; no session at all is said here too, in the full command's words.
 * Anything else (another issuer's session, a DPoP-bound one, a token close to expiry, one pinned
 * to other endpoints, a vault that cannot be read) returns undefined and the full command runs,
 * which refreshes, refuses and explains. Both read the record through the same keeper, so the
 * vault is read once.
 */
import { tokenToHandOut } from '../../core/vault/session-record.ts';
import { openInvocationVault } from '../vault.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { fail, toolNotSignedIn } from './failure.ts';
import { printToken } from './token-output.ts';

export async function cachedToken(context: CommandContext): Promise<ExitStatus | undefined> {
  // The same vault the full command opens, without loading the sign-in flow that context.ts brings.
  const opened = openInvocationVault(context);
  if (!opened.usable) return undefined;
  let record;
  try {
    record = await opened.keeper.read();
  } catch {
    return undefined;
  }
  // Nobody signed in: the full command would restore nothing and say so in the same words.
  if (record === undefined) return context.line.format === 'exec-credential' ? toolNotSignedIn(context) : fail(context, 'not_signed_in');
  const token = tokenToHandOut(record, context.settings.config, context.now());
  if (token === undefined) return undefined;
  return printToken(context.out, context.writeBody, context.line.format, { ...token, expiresAt: token.expiresAt });
}
