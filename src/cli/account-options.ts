/**
 * Which kept account a command acts on: `--account ACCOUNT` (status, token, fetch, logout,
 * git-credential: that account, the current one left as it is), `logout --all`, and
 * `switch ACCOUNT`. Read here from parseArgs' values, as credential-request.ts reads the tools'.
 * ACCOUNT is matched against the kept accounts later (account-choice.ts), once the vault is read.
 */
import { UsageError } from './usage-error.ts';

export interface AccountOptions {
  /** `--account`: the email or `sub` of the account to act as. */
  readonly account?: string;
  /** `logout --all`: every account kept. */
  readonly all?: true;
  /** `switch ACCOUNT`: the account to make current. */
  readonly switchTo?: string;
}

/** Throws the UsageError of a value that cannot be one; args.ts has refused these options on other commands. */
export function accountOptionsFrom(
  command: string,
  values: { readonly account?: string | undefined; readonly all?: boolean | undefined },
  positionals: readonly string[],
): AccountOptions {
  const account = values.account?.trim();
  if (account === '') throw new UsageError('--account needs a value.', { id: 'usage.needsValue', values: { flag: '--account' } });
  if (account !== undefined && values.all === true) {
    throw new UsageError('logout takes --account ACCOUNT or --all, not both.', { id: 'usage.accountOrAll' });
  }
  if (command !== 'switch') return { ...(account === undefined ? {} : { account }), ...(values.all === true ? { all: true } : {}) };
  const [switchTo, extra] = positionals;
  if (switchTo === undefined || switchTo.trim() === '') {
    throw new UsageError("'switch' needs the account to make current: its email or sub.", { id: 'usage.switchNeedsAccount' });
  }
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' after 'switch ${switchTo}'.`, {
      id: 'usage.unexpectedArgument',
      values: { argument: extra, command: `switch ${switchTo}` },
    });
  }
  return { switchTo: switchTo.trim() };
}
