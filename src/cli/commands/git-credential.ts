/**
 * `device-signin git-credential get|store|erase --host HOST`: the git credential helper protocol
 * (https://git-scm.com/docs/git-credential#IOFMT): `key=value` lines on stdin up to a blank line
 * or the end; `get` answers `username`, `password` and `password_expiry_utc` for HOST over https
 * and nothing for any other (git then asks its next helper); `store` is ignored (the session is
 * the store); `erase`, which git sends when the server refused the password, marks that token as
 * refused when it is about HOST, so the next `get` refreshes once: nothing is signed out. With
 * `--account`, that account's token is given and marked, and the current account stays current.
 */
import { openInvocationVault, refusedTokenNote } from '../vault.ts';
import { chosenAccount } from './chosen-account.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { failVault } from './context.ts';
import { tokenForTool } from './other-tools.ts';

/** git's request: attributes by name, the last one winning as git itself reads them. */
export function parseCredentialInput(text: string): ReadonlyMap<string, string> {
  const attributes = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed === '') break;
    const equals = trimmed.indexOf('=');
    if (equals > 0) attributes.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  return attributes;
}

function isOurHost(attributes: ReadonlyMap<string, string>, host: string): boolean {
  return attributes.get('protocol') === 'https' && attributes.get('host')?.toLowerCase() === host;
}

export async function gitCredential(context: CommandContext, input: string): Promise<ExitStatus> {
  const request = context.line.gitCredential;
  if (request === undefined) throw new Error('git-credential without its request');
  const attributes = parseCredentialInput(input);
  if (request.operation === 'store' || !isOurHost(attributes, request.host)) return 0;
  if (request.operation === 'erase') return erase(context, attributes.get('password'));
  const answer = await tokenForTool(context, 'git', refusedTokenNote(context.home, context.settings.config));
  if (typeof answer === 'number') return answer;
  const lines = [`username=${request.username}`, `password=${answer.token}`];
  if (answer.expiresAt !== undefined) lines.push(`password_expiry_utc=${Math.floor(answer.expiresAt / 1000)}`);
  context.writeBody(new TextEncoder().encode(`${lines.join('\n')}\n`));
  return 0;
}

/**
 * The host refused `password`: when it is the session's access token, it is marked as refused
 * and the next `get` renews it once. The session stays: one host's 401 (an expired token, or a
 * repository this account may not read) is no reason to sign kubectl and `fetch` out too.
 */
async function erase(context: CommandContext, password: string | undefined): Promise<ExitStatus> {
  const opened = openInvocationVault(context);
  if (!opened.usable) return failVault(context, opened);
  const chosen = await chosenAccount(context, opened.keeper).catch(() => undefined);
  if (typeof chosen === 'number') return chosen;
  if (password !== undefined && chosen?.record?.tokens.accessToken === password)
    refusedTokenNote(context.home, context.settings.config).write(password);
  return 0;
}
