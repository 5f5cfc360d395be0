import { browserLaunch, launchBrowser } from '../browser.ts';
import type { FlowEvent } from '../../core/flow/sign-in-flow.ts';
import { belongsTo } from '../../core/vault/session-record.ts';
import { pageToVisit } from '../../shared/verification-page.ts';
import { alreadySignedInEvent, loginEventFor, signedInEvent } from '../login-events.ts';
import { notRevokedText, retrySentence, whereText, whoIsSignedIn } from '../messages.ts';
import { codeScreen, waitingLine } from '../login-screen.ts';
import { type TerminalFacts, terminalFacts } from '../terminal.ts';
import { checkVault, openInvocationVault, probeCliKeyring } from '../vault.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { createCliFlow, failVault } from './context.ts';
import { fail, failKeyring } from './failure.ts';

/** Exit status after Ctrl-C or a kill, as shells report a process ended by that signal (128 + its number). */
const interruptedStatus = { SIGINT: 130, SIGTERM: 143 } as const;
type InterruptedStatus = (typeof interruptedStatus)[keyof typeof interruptedStatus];

/**
 * `device-signin login`: shows the code, its URL and a QR code, opens the browser when it can,
 * and waits until the user approves or declines on another device, or the code expires.
 */
export async function login(context: CommandContext): Promise<ExitStatus | InterruptedStatus> {
  const { out } = context;
  // Find out before showing a code whether the session can be kept: approving on the phone and
  // then losing the session would waste the user's time.
  const opened = await checkVault(openInvocationVault(context));
  if (!opened.usable) return failVault(context, opened);
  // A keyring that reads can still refuse to write (locked, no default collection): try both now.
  if (opened.keeper.kind === 'keyring') {
    const probe = await probeCliKeyring();
    if (!probe.usable) return failKeyring(context, probe.problem, probe.detail);
  }

  // Say who is signed in before a code is shown: this sign-in adds an account beside that one (as
  // that account again, or where the policy keeps one account, it replaces that session and ends
  // it at the provider once the new one is in).
  const kept = await opened.keeper.read().catch(() => undefined);
  if (kept !== undefined && belongsTo(kept, context.settings.config)) {
    const { t } = await context.words();
    const adds = context.settings.resolved.settings.multipleAccounts;
    out.emit(
      alreadySignedInEvent(kept.profile),
      t(adds ? 'login.addsAccount' : 'login.alreadySignedIn', { who: whoIsSignedIn(t, kept.profile) }),
    );
  }

  const flow = createCliFlow(context, opened);
  const terminal = terminalFacts({
    isTerminal: context.stdoutIsTerminal(),
    size: context.stdoutSize(),
    env: context.env,
    noColor: context.line.noColor,
    qr: context.line.qr,
  });
  let printing = Promise.resolve();
  const unsubscribe = flow.onEvent((flowEvent) => {
    // Scripts get the event spelled for JSON; people get sentences made from the flow's own event.
    if (out.json) out.emit(loginEventFor(flowEvent, context.now()));
    // Opening the browser waits for the opener's answer; the queue keeps the lines in order.
    printing = printing.then(() => show(context, flowEvent, terminal));
  });
  const interrupted = new AbortController();
  const interrupt = (signal: NodeJS.Signals): void => {
    interrupted.abort(signal);
    flow.cancel();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await flow.start();
    await printing;
    const state = flow.getState();
    switch (state.status) {
      case 'signed_in': {
        if (state.persistence !== 'stored') {
          // The keyring took the read but refused the write: do not leave live tokens nobody holds.
          await flow.signOut();
          return await fail(context, 'storage_unavailable', 'The session could not be written.');
        }
        const { t } = await context.words();
        out.emit(signedInEvent(state.profile), t('login.signedIn', { who: whoIsSignedIn(t, state.profile), where: whereText(t, opened) }));
        return 0;
      }
      case 'expired':
        return await fail(context, 'expired_token');
      case 'denied':
        return await fail(context, 'access_denied', state.description);
      case 'error':
        return await fail(context, state.code, state.message, state.problem);
      default:
        if (interrupted.signal.aborted) {
          // A script reading --json learns the end as from every other end: an `error` event.
          const { t } = await context.words();
          out.fail(
            'cancelled',
            { what: t('login.cancelled'), next: t('login.cancelledNext') },
            `Stopped by ${String(interrupted.signal.reason)}.`,
          );
          return interrupted.signal.reason === 'SIGTERM' ? interruptedStatus.SIGTERM : interruptedStatus.SIGINT;
        }
        throw new Error(`login ended in the unexpected state ${state.status}`);
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    unsubscribe();
    flow.dispose();
  }
}

/** One flow event in words, for a person; --json lines are written by the listener itself. */
async function show(context: CommandContext, event: FlowEvent, terminal: TerminalFacts): Promise<void> {
  const { out } = context;
  // --json wrote the event already, and writes no sentence: none is made (words, dates, the QR).
  if (out.json) {
    if (event.type === 'code' && context.line.open) await openBrowser(context, pageToVisit(event));
    return;
  }
  const words = await context.words();
  const { t } = words;
  switch (event.type) {
    case 'code': {
      out.say(codeScreen(words, event, context.now(), terminal));
      if (context.line.open) await openBrowser(context, pageToVisit(event));
      out.say(waitingLine(t, event, terminal));
      return;
    }
    case 'pending':
      return;
    case 'slow_down':
      out.say(t('login.slowDown', { interval: event.interval }));
      return;
    case 'retry':
      out.say(retrySentence(t, event.reason, Math.max(0, Math.ceil((event.nextAttemptAt - context.now()) / 1000))));
      return;
    case 'replaced': {
      const who = whoIsSignedIn(t, { ...event.profile, issuer: context.settings.config.issuer });
      if (event.revocation === 'revoked') out.say(t('login.replacedEnded', { who }));
      else out.warn(`${t('login.replacedNotEnded', { who })} ${notRevokedText(t, event.revocation, event.validUntil, undefined)}`);
      return;
    }
  }
}

/** Opens the page when there is a display, and says whether the opener did: a failed one gets the URL to open by hand. */
async function openBrowser(context: CommandContext, page: string): Promise<void> {
  const launch = browserLaunch(page, context.platform, context.env, { allowHttpHosts: context.settings.config.allowHttpHosts });
  if (launch.kind === 'skip') return;
  const outcome = await launchBrowser(launch);
  if (context.out.json) return;
  const { t } = await context.words();
  switch (outcome.kind) {
    case 'opened':
      context.out.say(t('login.browserOpened'));
      return;
    case 'not_started':
      context.out.warn(t('login.browserFailed', { command: launch.command, url: page }));
      return;
    case 'failed':
      context.out.warn(t('login.browserExited', { command: launch.command, status: String(outcome.status), url: page }));
  }
}
