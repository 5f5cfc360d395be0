/**
 * The command lines other tools run: `token --format exec-credential` (a kubeconfig `exec` entry)
 * and `git-credential get|store|erase --host HOST [--username NAME]` (a git credential helper).
 * Read here from parseArgs' values, as fetch-request.ts reads `fetch`'s.
 */
import { UsageError } from './usage-error.ts';

export type TokenFormat = 'exec-credential';
export type GitOperation = 'get' | 'store' | 'erase';

export interface GitCredentialRequest {
  readonly operation: GitOperation;
  /** The git host whose credentials this helper answers, as git names it (`git.example.com`, `127.0.0.1:8443`). */
  readonly host: string;
  /** The user name given with the token; most hosts ignore it (GitLab documents `oauth2`). */
  readonly username: string;
}

export const defaultGitUsername = 'oauth2';

/** A `problem` is thrown by args.ts. */
export function tokenFormatFrom(value: string | undefined): TokenFormat | undefined | { readonly problem: UsageError } {
  if (value === undefined) return undefined;
  if (value === 'exec-credential') return value;
  return { problem: new UsageError(`--format takes exec-credential, not '${value}'.`, { id: 'usage.formatTakes', values: { value } }) };
}

export function gitCredentialFrom(
  values: { readonly host?: string | undefined; readonly username?: string | undefined },
  positionals: readonly string[],
): GitCredentialRequest | { readonly problem: UsageError } {
  const [operation, ...rest] = positionals;
  if (operation !== 'get' && operation !== 'store' && operation !== 'erase') {
    const english = `git-credential takes get, store or erase${operation === undefined ? '' : `, not '${operation}'`}.`;
    return {
      problem: new UsageError(
        english,
        operation === undefined ? { id: 'usage.gitOperation' } : { id: 'usage.gitOperationNot', values: { operation } },
      ),
    };
  }
  const [extra] = rest;
  if (extra !== undefined) {
    const command = `git-credential ${operation}`;
    return {
      problem: new UsageError(`Unexpected argument '${extra}' after '${command}'.`, {
        id: 'usage.unexpectedArgument',
        values: { argument: extra, command },
      }),
    };
  }
  const host = values.host?.trim().toLowerCase();
  if (host === undefined || host === '') {
    return {
      problem: new UsageError('git-credential needs --host, the git host it answers for (as in the credential.<url>.helper line).', {
        id: 'usage.gitNeedsHost',
      }),
    };
  }
  // git sends `host=git.example.com`: a URL here would match nothing, and every `get` would answer nothing.
  if (host.includes('/')) {
    const named = URL.canParse(host) ? new URL(host).host : (host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split('/')[0] ?? host);
    return {
      problem: new UsageError(`--host takes the host name git asks for, not a URL: use --host ${named}.`, {
        id: 'usage.gitHostNotUrl',
        values: { host: named },
      }),
    };
  }
  const username = values.username?.trim();
  return { operation, host, username: username === undefined || username === '' ? defaultGitUsername : username };
}
