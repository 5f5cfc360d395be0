import QRCode from 'qrcode';
import { browserLaunch, launchBrowser } from '../browser.ts';
import { belongsTo } from '../../core/vault/session-record.ts';
import { pageToVisit } from '../../shared/verification-page.ts';
import { alreadySignedInEvent, loginEventFor, signedInEvent } from '../login-events.ts';
import { notRevokedText, retrySentence, whereText, whoIsSignedIn } from '../messages.ts';
import type { LoginEvent } from '../output.ts';
import type { Translate } from '../words.ts';
import { checkVault, openInvocationVault } from '../vault.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { createCliFlow, failVault } from './context.ts';
import { fail } from './failure.ts';

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

  // Signing in again replaces the kept session (and ends it at the provider once the new one is
  // in): say whose it is before a code is shown.
  const kept = await opened.keeper.read().catch(() => undefined);
  if (kept !== undefined && belongsTo(kept, context.settings.config)) {
    out.emit(alreadySignedInEvent(kept.profile), (await context.words()).t('login.alreadySignedIn', { who: whoIsSignedIn((await context.words()).t, kept.profile) }));
  }

  const flow = createCliFlow(context, opened);
  let printing = Promise.resolve();
  const unsubscribe = flow.onEvent((flowEvent) => {
    const event = loginEventFor(flowEvent, context.now());
    // Rendering the QR code is asynchronous; the queue keeps the events in order.
    printing = printing.then(() => show(context, event));
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
        return await fail(context, state.code, state.message);
      default:
        if (interrupted.signal.aborted) {
          out.warn((await context.words()).t('login.cancelled'));
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

async function show(context: CommandContext, event: LoginEvent): Promise<void> {
  const { out } = context;
  const { t } = await context.words();
  switch (event.type) {
    case 'code': {
      const page = pageToVisit({ verificationUri: event.verification_uri, verificationUriComplete: event.verification_uri_complete });
      out.emit(event, out.json ? undefined : await codeText(t, event, page, context.now()));
      if (context.line.open) await openBrowser(context, page);
      out.say(t('login.waiting'));
      return;
    }
    case 'pending':
      out.emit(event);
      return;
    case 'slow_down':
      out.emit(event, t('login.slowDown', { interval: event.interval }));
      return;
    case 'retry':
      out.emit(event, retrySentence(t, event.reason, event.delay));
      return;
    case 'signed_in':
    case 'already_signed_in':
      return;
    case 'replaced': {
      const who = whoIsSignedIn(t, { ...event, issuer: context.settings.config.issuer });
      if (event.revocation === 'revoked') {
        out.emit(event, t('login.replacedEnded', { who }));
      } else {
        out.emit(event);
        const expiresAt = event.expires_at === undefined ? undefined : Date.parse(event.expires_at);
        out.warn(`${t('login.replacedNotEnded', { who })} ${notRevokedText(t, event.revocation, expiresAt, undefined)}`);
      }
      return;
    }
  }
}

async function codeText(t: Translate, event: Extract<LoginEvent, { type: 'code' }>, page: string, now: number): Promise<string> {
  const qr = await QRCode.toString(page, { type: 'terminal', small: true });
  const expiresAt = new Date(event.expires_at);
  const minutes = Math.max(1, Math.round((expiresAt.getTime() - now) / 60_000));
  return [
    t('login.openPage'),
    '',
    `  ${event.verification_uri}`,
    '',
    t('login.enterCode'),
    '',
    `  ${event.user_code}`,
    '',
    t('login.scanQr'),
    '',
    qr,
    t('login.expiresAt', { expiresAt, minutes }),
  ].join('\n');
}

async function openBrowser(context: CommandContext, page: string): Promise<void> {
  const launch = browserLaunch(page, context.platform, context.env, { allowHttpHosts: context.settings.config.allowHttpHosts });
  if (launch.kind === 'skip') return;
  const { t } = await context.words();
  if (await launchBrowser(launch)) context.out.say(t('login.browserOpened'));
  else context.out.warn(t('login.browserFailed', { command: launch.command }));
}
