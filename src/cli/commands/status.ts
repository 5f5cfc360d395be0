import type { Profile } from '../../shared/flow-state.ts';
import { whoFields } from '../login-events.ts';
import { whereText, whoIsSignedIn } from '../messages.ts';
import type { StatusEvent } from '../output.ts';
import { inTime } from '../locale.ts';
import type { Words } from '../words.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { failElsewhere, openAccountFlow, sessionWasEnded, signedOutReason } from './context.ts';
import { fail } from './failure.ts';

/**
 * `device-signin status`: who is signed in and until when the access token is good (the current
 * account, or `--account`'s), and whether other accounts are kept. Opens the session the way the
 * app does at start-up, so a session the provider has ended shows as ended.
 */
export async function status(context: CommandContext): Promise<ExitStatus> {
  const { out, settings } = context;
  const { issuer, clientId } = settings.config;
  // Where the administrator's settings came from, strongest first: the same in every state.
  const policySources = settings.resolved.policySources.map(({ kind, name }) => ({ kind, name }));
  const signedOut: StatusEvent = { type: 'status', signed_in: false, issuer, client_id: clientId, policy_sources: policySources };
  const account = await openAccountFlow(context, () => {
    out.emit(signedOut);
  });
  if (typeof account === 'number') return account;
  const { opened, flow } = account;
  try {
    // Report the session as stored; refreshing is `token`'s job.
    await flow.restore({ refresh: false });
    const state = flow.getState();
    const session = flow.getSession();
    if (state.status !== 'signed_in' || session === undefined) {
      out.emit(signedOut);
      const notice = state.status === 'idle' ? state.notice : undefined;
      if (notice?.code === 'session_elsewhere') return await failElsewhere(context, notice);
      const reason = signedOutReason(notice);
      return await fail(context, reason === 'not_signed_in' && sessionWasEnded(context) ? 'session_ended' : reason);
    }
    const { expiresAt, refreshToken } = session.tokens;
    const event: StatusEvent = {
      type: 'status',
      signed_in: true,
      issuer,
      client_id: clientId,
      ...whoFields(session.profile),
      ...(expiresAt === undefined ? {} : { expires_at: new Date(expiresAt).toISOString() }),
      refreshable: refreshToken !== undefined,
      storage: opened.keeper.kind === 'file' ? 'file' : 'keyring',
      token_type: session.key === undefined ? 'Bearer' : 'DPoP',
      ...(session.key === undefined ? {} : { dpop_jkt: session.key.thumbprint }),
      policy_sources: policySources,
    };
    const words = await context.words();
    const text = [
      statusText(words, session.profile, issuer, expiresAt, refreshToken !== undefined, context.now()),
      words.t('status.keptIn', { where: whereText(words.t, opened) }),
    ];
    text.push(session.key === undefined ? words.t('status.bearer') : words.t('status.bound', { thumbprint: session.key.thumbprint }));
    // The plain file is the weak vault (--insecure-storage, or allowed by policy): `status` says so every time.
    if (opened.weak) text.push(words.t('status.unencrypted'));
    const others = (await flow.accounts.list()).length - 1;
    if (others > 0) text.push(words.t('status.otherAccounts', { count: others }));
    if (policySources.length > 0) {
      const sources = policySources.map(({ kind, name }) =>
        words.t('status.policySource', { name, kind: words.t(`policySource.${kind}`) }),
      );
      text.push(words.t('status.policySources', { sources: sources.join(', ') }));
    }
    out.emit(event, text.join('\n'));
    return 0;
  } finally {
    flow.dispose();
  }
}

function statusText(
  { locale, t }: Words,
  profile: Profile,
  issuer: string,
  expiresAt: number | undefined,
  refreshable: boolean,
  now: number,
): string {
  const expiry =
    expiresAt === undefined
      ? t('status.noExpiry')
      : expiresAt <= now
        ? t('status.expired', { at: new Date(expiresAt) })
        : t('status.expires', { at: new Date(expiresAt), relative: inTime(locale, expiresAt - now) });
  return [
    t('status.signedIn', { issuer, who: whoIsSignedIn(t, profile) }),
    expiry,
    refreshable ? t('status.refreshable') : t('status.notRefreshable'),
  ].join('\n');
}
