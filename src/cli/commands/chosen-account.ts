/**
 * The account a command acts on: the one `--account ACCOUNT` names among the accounts kept for
 * these settings, or the current one. Read through the run's one keeper, so that what follows
 * (the quick `token` path, the flow) reads the vault no more often than before. An ACCOUNT that
 * names none or several is a usage error (exit status 2) that lists the accounts.
 */
import { SignInError } from '../../core/errors.ts';
import { type AccountRef, accountRef } from '../../core/vault/kept-accounts.ts';
import type { RecordKeeper } from '../../core/vault/record-keeper.ts';
import { belongsTo, type SessionRecord } from '../../core/vault/session-record.ts';
import { chooseAccount } from '../account-choice.ts';
import { accountLines } from '../messages.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { fail } from './failure.ts';

export interface ChosenAccount {
  /** That account's record, or the current one's; none when nothing is kept. */
  readonly record: SessionRecord | undefined;
  /** With `--account` (or `switch`'s ACCOUNT): the account the flow is to act as. */
  readonly account?: AccountRef;
}

/** `named` (by default --account's) among the kept accounts; throws what the keeper throws for a vault it cannot read. */
export async function chosenAccount(
  context: CommandContext,
  keeper: RecordKeeper,
  named: string | undefined = context.line.account,
): Promise<ChosenAccount | ExitStatus> {
  const accounts = await keeper.accounts();
  if (named === undefined) return { record: accounts[0] };
  const mine = accounts.filter((record) => belongsTo(record, context.settings.config));
  // Nothing kept is no mistake in the command line: nobody is signed in, and the command says so.
  if (mine.length === 0) return { record: undefined };
  const choice = chooseAccount(named, mine);
  if (choice.kind === 'one') return { record: choice.account, account: accountRef(choice.account) };
  const { t } = await context.words();
  const { issuer } = context.settings.config;
  const said = t(choice.kind === 'none' ? 'usage.noSuchAccount' : 'usage.severalAccounts', { account: named, issuer });
  const listed = accountLines(
    t,
    mine.map((record) => ({ profile: record.profile, current: record === accounts[0] })),
  );
  context.out.warnLine([`device-signin: ${said}`, ...listed].join('\n'));
  return 2;
}

/**
 * For a command that hands the account to its flow: the account to act as (none: the current
 * one), or the exit status after saying why there is none. A vault that cannot be read stops it
 * here: acting on the current account instead of the one named could sign the wrong one out.
 */
export async function flowAccount(
  context: CommandContext,
  keeper: RecordKeeper,
  named: string | undefined = context.line.account,
): Promise<{ readonly account?: AccountRef } | ExitStatus> {
  if (named === undefined) return {};
  let chosen: ChosenAccount | ExitStatus;
  try {
    chosen = await chosenAccount(context, keeper, named);
  } catch (error) {
    const damaged = error instanceof SignInError && error.code === 'storage_damaged';
    return fail(context, damaged ? 'storage_damaged' : 'storage_unavailable', error instanceof Error ? error.message : undefined);
  }
  if (typeof chosen === 'number') return chosen;
  return chosen.account === undefined ? {} : { account: chosen.account };
}
