import type { AccountSummary } from '../../core/flow/flow-accounts.ts';
import { whoFields } from '../login-events.ts';
import { accountLines } from '../messages.ts';
import type { AccountEntry } from '../output.ts';
import { openInvocationVault } from '../vault.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { createCliFlow, failVault } from './context.ts';
import { fail } from './failure.ts';
import { spelledTokenType } from './token-output.ts';

/**
 * `device-signin accounts`: the accounts kept for these settings, the current one first and
 * marked, each with its email and `sub` (what `--account` and `switch` take); with `--json`, one
 * `accounts` object. Never a token. Nothing kept is no failure: the list is simply empty.
 */
export async function accounts(context: CommandContext): Promise<ExitStatus> {
  const opened = openInvocationVault(context);
  if (!opened.usable) return failVault(context, opened);
  const flow = createCliFlow(context, opened);
  try {
    // Opened as `status` opens it, so that a vault that cannot be read is said so, not listed as empty.
    await flow.restore({ refresh: false });
    const state = flow.getState();
    const notice = state.status === 'idle' ? state.notice : undefined;
    if (notice?.code === 'storage_unavailable' || notice?.code === 'storage_damaged') return await fail(context, notice.code);
    const listed = await flow.accounts.list();
    const { t } = await context.words();
    const { issuer, clientId } = context.settings.config;
    const text =
      listed.length === 0
        ? t('accounts.none', { issuer })
        : [t('accounts.heading', { issuer }), ...accountLines(t, listed), t('accounts.hint')].join('\n');
    context.out.emit({ type: 'accounts', accounts: listed.map((summary) => accountEntry(summary, clientId)) }, text);
    return 0;
  } finally {
    flow.dispose();
  }
}

/** One kept account as `accounts --json` and `switch --json` spell it, each value left out when unknown. */
export function accountEntry(summary: AccountSummary, clientId: string): AccountEntry {
  return {
    issuer: summary.account.issuer,
    client_id: clientId,
    ...whoFields(summary.profile),
    current: summary.current,
    ...(summary.expiresAt === undefined ? {} : { expires_at: new Date(summary.expiresAt).toISOString() }),
    token_type: spelledTokenType(summary.tokenType),
  };
}
