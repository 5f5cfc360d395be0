/**
 * `token` (and `token --format exec-credential`) on the common path: a session that is fresh by
 * the one rule (src/core/vault/session-record.ts); a DPoP-bound one only for `token` itself, when
 * its key is kept beside it and is the one the tokens are bound to (its RFC 7638 thumbprint is
 * their `jkt`), printed with the same warning as the full path's. Read straight from the record, with
 * none of the sign-in flow, the protocol library or the network loaded, since tools run this
 * before every request; no session at all is said here too, in the full command's words.
 * Anything else (another issuer's session, a DPoP-bound one without its key or for a tool, a
 * token close to expiry, one pinned to other endpoints, a vault that cannot be read) returns undefined and the full command runs,
 * which refreshes, refuses and explains. Both read the record through the same keeper, so the
 * vault is read once. With `--account`, the record is that account's (chosen-account.ts).
 * Before the keyring, the token copy in the user's runtime folder is asked (token-copy.ts): a
 * fresh session's token then costs no keyring read at all.
 */
import { type HandOutRecord, needsKey, tokenToHandOut } from '../../core/vault/session-record.ts';
import { earlyWord } from '../early-words.ts';
import { jwkThumbprint } from '../jwk-thumbprint.ts';
import { invocationTokenCopy, openInvocationVault } from '../vault.ts';
import { chosenAccount } from './chosen-account.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { fail, toolNotSignedIn } from './failure.ts';
import { printToken } from './token-output.ts';

export async function cachedToken(context: CommandContext): Promise<ExitStatus | undefined> {
  // First the token copy (core/vault/token-copy.ts), which holds what this path needs without the keyring.
  const copy = invocationTokenCopy(context);
  const look = copy?.look() ?? {};
  const copied = look.record === undefined ? undefined : handOut(context, look.record);
  if (copied !== undefined) return copied;
  // The same vault the full command opens, without loading the sign-in flow that context.ts brings.
  const opened = openInvocationVault(context);
  if (!opened.usable) return undefined;
  let chosen;
  try {
    chosen = await chosenAccount(context, opened.keeper);
  } catch {
    return undefined;
  }
  if (typeof chosen === 'number') return chosen;
  const { record } = chosen;
  // Nobody signed in: the full command would restore nothing and say so in the same words.
  if (record === undefined) return context.line.format === 'exec-credential' ? toolNotSignedIn(context) : fail(context, 'not_signed_in');
  const status = handOut(context, record);
  // Handed out from the keyring: the next run answers from a copy, unless the record was written meanwhile.
  const fromKeyring = opened.keeper.kind === 'keyring';
  if (status !== undefined && fromKeyring && copy !== undefined && look.marker !== undefined) copy.keep(record, look.marker);
  return status;
}

/** The record's access token printed, if the one hand-out rule lets this path hand it out; else undefined. */
function handOut(context: CommandContext, record: HandOutRecord): ExitStatus | undefined {
  // Tools send the token alone, which a bound session's API refuses: the full path says so.
  const keyMatches =
    context.line.format === undefined
      ? (key: { readonly jkt: string; readonly jwk: unknown }) => jwkThumbprint(key.jwk) === key.jkt
      : undefined;
  const token = tokenToHandOut(record, context.settings.config, context.now(), keyMatches);
  if (token === undefined) return undefined;
  // Scripts read stdout; the warning is for the person who pastes the token into curl (its words
  // without the catalog: this path runs before every tool's request).
  if (needsKey(token)) context.out.warn(earlyWord(context.language, 'token.dpopWarning'));
  return printToken(context.out, context.writeBody, context.line.format, { ...token, expiresAt: token.expiresAt });
}
