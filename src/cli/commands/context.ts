import { createSignInFlow, type SignInFlow } from '../../core/flow/sign-in-flow.ts';
import { SignInError } from '../../core/errors.ts';
import { silentLog } from '../../core/log.ts';
import { type SystemLogWriter, withSystemEvents } from '../../core/system-log/system-event-log.ts';
import { systemLogWriter } from '../../core/system-log/system-log-writer.ts';
import type { Notice } from '../../shared/flow-state.ts';
import type { AccountRef } from '../../core/vault/kept-accounts.ts';
import { keyringProblemOf } from '../../core/vault/keyring-probe.ts';
import type { UnusableVault, UsableVault } from '../../core/vault/open-vault.ts';
import { openInvocationVault, sessionEndedNote } from '../vault.ts';
import { flowAccount } from './chosen-account.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { fail, failKeyring } from './failure.ts';

/**
 * The same core flow as the app, minus the background refresh: a command line process exits,
 * so it refreshes on demand in `token` instead of on a timer. Several may run at once (a build
 * calling `device-signin token` in parallel), so each refresh happens under a lock file. With
 * `account` (`--account`), its session is that account's, and the current one stays current.
 */
export function createCliFlow(
  context: CommandContext,
  opened: UsableVault,
  options: { readonly systemLog?: SystemLogWriter; readonly account?: AccountRef | undefined } = {},
): SignInFlow {
  const ended = sessionEndedNote(context.home, context.settings.config);
  // The command line keeps no log file: its log only hands sign-in events to the system's own (systemLog policy key).
  const log = withSystemEvents(silentLog, {
    write: options.systemLog ?? systemLogWriter({ platform: context.platform }),
    enabled: () => context.settings.resolved.settings.systemLog,
    issuer: () => context.settings.config.issuer,
  });
  const flow = createSignInFlow({
    config: context.settings.config,
    fetch: context.fetch,
    keeper: opened.keeper,
    // The lock file also tells the other processes that a refresh with this token just failed.
    refreshLock: opened.lock,
    proactiveRefresh: false,
    refreshOncePerRun: true,
    multipleAccounts: context.settings.resolved.settings.multipleAccounts,
    log,
    ...(options.account === undefined ? {} : { account: options.account }),
  });
  // Written at once (the process may exit right after): a later `status` then says why.
  flow.subscribe((state) => {
    log.observe(state);
    if (state.status === 'idle' && state.notice?.code === 'session_ended') ended.write(context.now());
    if (state.status === 'signed_in' || state.status === 'signing_out') ended.remove();
  });
  return flow;
}

/** Whether the provider ended the session this folder last held (and nobody signed in since). */
export function sessionWasEnded(context: CommandContext): boolean {
  return sessionEndedNote(context.home, context.settings.config).exists();
}

/** Prints an expected failure (a SignInError) in words and returns its exit status; anything else is a bug and is rethrown. */
export async function reportFailure(context: CommandContext, error: unknown): Promise<ExitStatus> {
  if (!(error instanceof SignInError)) throw error;
  return fail(context, error.code, error.message, error.problem);
}

/** Why a restored flow is signed out, as a failure code: a notice, or simply nobody signed in. */
export function signedOutReason(notice: Notice | undefined): SignInError['code'] {
  switch (notice?.code) {
    case 'storage_unavailable':
    case 'storage_damaged':
    case 'session_ended':
    case 'dpop_key_unusable':
    case 'session_elsewhere':
      return notice.code;
    default:
      return 'not_signed_in';
  }
}

/**
 * What `token`, `fetch` and the other tools' formats share: open the vault, restore the session
 * (refreshed when due) of the current account or `--account`'s, and run `use` with the signed-in
 * flow, disposed of after. A vault that
 * cannot be used is reported; nobody signed in is reported too, in two sentences, or in the
 * caller's own words when it gives `signedOut` (a tool's one line).
 */
/**
 * The flow of the account a command acts on (`--account`'s, else the current one), over this
 * invocation's vault; or the exit status when the vault cannot be used (`unusable` runs first,
 * for a command that says something before failing) or `--account` names no one kept.
 */
export async function openAccountFlow(
  context: CommandContext,
  unusable: () => void = () => undefined,
): Promise<{ readonly opened: UsableVault; readonly flow: SignInFlow } | ExitStatus> {
  const opened = openInvocationVault(context);
  if (!opened.usable) {
    unusable();
    return failVault(context, opened);
  }
  const chosen = await flowAccount(context, opened.keeper);
  if (typeof chosen === 'number') return chosen;
  return { opened, flow: createCliFlow(context, opened, chosen) };
}

export async function withSignedInFlow<T>(
  context: CommandContext,
  use: (flow: SignInFlow) => Promise<T>,
  signedOut: (reason: SignInError['code']) => Promise<ExitStatus> = (reason) => fail(context, reason),
): Promise<T | ExitStatus> {
  const account = await openAccountFlow(context);
  if (typeof account === 'number') return account;
  const { flow } = account;
  try {
    await flow.restore();
    const state = flow.getState();
    if (state.status !== 'signed_in') {
      const notice = state.status === 'idle' ? state.notice : undefined;
      if (notice?.code === 'session_elsewhere') return await failElsewhere(context, notice);
      return await signedOut(signedOutReason(notice));
    }
    return await use(flow);
  } finally {
    flow.dispose();
  }
}

/**
 * A kept session these settings would send elsewhere (src/core/vault/session-record.ts): said with
 * the endpoint that issued it, and exit status 2, since the command line asks for what cannot be.
 */
export async function failElsewhere(context: CommandContext, notice: Notice): Promise<ExitStatus> {
  const issuedBy = `The kept session was issued by the ${notice.endpoint ?? 'token'} endpoint ${notice.issuedBy ?? '(none)'}`;
  await fail(context, 'session_elsewhere', `${issuedBy}; this run's settings name another.`);
  if (notice.endpoint !== undefined && notice.issuedBy !== undefined) {
    context.out.warn((await context.words()).t('status.issuedBy', { endpoint: notice.endpoint, url: notice.issuedBy }));
  }
  return 2;
}

/** Reports a vault that cannot be used, in the policy's words when the policy is why. */
export async function failVault(context: CommandContext, unusable: UnusableVault): Promise<ExitStatus> {
  switch (unusable.why) {
    case 'no_keyring':
      return failKeyring(context, keyringProblemOf(unusable.detail ?? ''), unusable.detail);
    case 'session_only_policy': {
      const { t } = await context.words();
      context.out.fail(
        'storage_unavailable',
        { what: t('error.sessionOnly.what'), next: t('error.sessionOnly.next') },
        'tokenStorage is "session-only"',
      );
      return 1;
    }
  }
}
