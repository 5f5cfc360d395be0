import QRCode from 'qrcode';
import { browserLaunch, launchBrowser } from '../browser.ts';
import { loginEventFor, signedInEvent } from '../login-events.ts';
import { whoIsSignedIn } from '../messages.ts';
import type { LoginEvent } from '../output.ts';
import { checkCliVault } from '../vault.ts';
import { type CommandContext, createCliFlow, type ExitStatus, fail, failVault, openVault } from './context.ts';

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
  const opened = await checkCliVault(openVault(context));
  if (!opened.usable) return failVault(context, opened);

  const flow = createCliFlow(context, opened.vault);
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
      case 'signed_in':
        if (state.persistence !== 'stored') {
          // The keyring took the read but refused the write: do not leave live tokens nobody holds.
          await flow.signOut();
          return await fail(context, 'storage_unavailable', 'The session could not be written.');
        }
        out.emit(signedInEvent(state.profile), signedInText(state.profile, opened.description));
        return 0;
      case 'expired':
        return await fail(context, 'expired_token');
      case 'denied':
        return await fail(context, 'access_denied', state.description);
      case 'error':
        return await fail(context, state.code, state.message);
      default:
        if (interrupted.signal.aborted) {
          out.warn('Cancelled.');
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
  switch (event.type) {
    case 'code': {
      const page = event.verification_uri_complete ?? event.verification_uri;
      out.emit(event, out.json ? undefined : await codeText(event, page, context.now()));
      if (context.line.open) await openBrowser(context, page);
      out.say('Waiting for approval… (Ctrl-C to cancel)');
      return;
    }
    case 'pending':
      out.emit(event);
      return;
    case 'slow_down':
      out.emit(event, `The server asked us to check less often: now every ${event.interval} s.`);
      return;
    case 'retry':
      out.emit(event, `Could not check with the server (${event.reason.replaceAll('_', ' ')}); trying again in ${event.delay} s.`);
      return;
    case 'signed_in':
      return;
  }
}

async function codeText(event: Extract<LoginEvent, { type: 'code' }>, page: string, now: number): Promise<string> {
  const qr = await QRCode.toString(page, { type: 'terminal', small: true });
  const expiresAt = new Date(event.expires_at);
  const minutes = Math.max(1, Math.round((expiresAt.getTime() - now) / 60_000));
  return [
    'To sign in, open this page on any device:',
    '',
    `  ${event.verification_uri}`,
    '',
    'and enter the code:',
    '',
    `  ${event.user_code}`,
    '',
    'Or scan this QR code with your phone:',
    '',
    qr,
    `The code expires at ${expiresAt.toLocaleTimeString()} (in ${minutes} minute${minutes === 1 ? '' : 's'}).`,
  ].join('\n');
}

async function openBrowser(context: CommandContext, page: string): Promise<void> {
  const launch = browserLaunch(page, context.platform, context.env, { allowHttpHosts: context.settings.config.allowHttpHosts });
  if (launch.kind === 'skip') return;
  if (await launchBrowser(launch)) context.out.say('Opened the page in your browser.');
  else context.out.warn(`Could not start ${launch.command}; open the page yourself.`);
}

function signedInText(profile: { sub: string; name?: string; email?: string }, where: string): string {
  return `Signed in as ${whoIsSignedIn(profile)}. The session is kept in ${where}.`;
}
