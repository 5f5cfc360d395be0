import { whoIsSignedIn } from '../messages.ts';
import { openInvocationVault } from '../vault.ts';
import { accountEntry } from './accounts.ts';
import { flowAccount } from './chosen-account.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { createCliFlow, failVault, signedOutReason } from './context.ts';
import { fail } from './failure.ts';

/**
 * `device-signin switch ACCOUNT`: makes ACCOUNT (its email or `sub`) the current account, the one
 * every command acts on without `--account`, as `gh auth switch` does. Nothing is sent to the
 * provider: the session is opened as `status` opens it, and the vault's order changes.
 */
export async function switchAccount(context: CommandContext): Promise<ExitStatus> {
  const named = context.line.switchTo;
  if (named === undefined) throw new Error('switch without its account');
  const opened = openInvocationVault(context);
  if (!opened.usable) return failVault(context, opened);
  const chosen = await flowAccount(context, opened.keeper, named);
  if (typeof chosen === 'number') return chosen;
  if (chosen.account === undefined) return fail(context, 'not_signed_in');
  const flow = createCliFlow(context, opened, chosen);
  try {
    await flow.restore({ refresh: false });
    const state = flow.getState();
    // Gone while it was opened (its DPoP key lost, say): the reason, as `status` gives it.
    if (!(await flow.accounts.switchTo(chosen.account)))
      return await fail(context, signedOutReason(state.status === 'idle' ? state.notice : undefined));
    const [current] = await flow.accounts.list();
    if (current === undefined) return await fail(context, 'not_signed_in');
    const { t } = await context.words();
    const { issuer, clientId } = context.settings.config;
    context.out.emit(
      { type: 'switch', ...accountEntry(current, clientId) },
      t('switch.switched', { who: whoIsSignedIn(t, current.profile), issuer }),
    );
    return 0;
  } finally {
    flow.dispose();
  }
}
