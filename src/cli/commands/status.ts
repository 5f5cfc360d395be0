import type { Profile } from '../../shared/flow-state.ts';
import type { PolicySourceKind } from '../../shared/policy-source.ts';
import { whoIsSignedIn } from '../messages.ts';
import type { StatusEvent } from '../output.ts';
import { type CommandContext, createCliFlow, failVault, openVault, type ExitStatus, fail, sessionWasEnded, signedOutReason } from './context.ts';

/**
 * `device-signin status`: who is signed in and until when the access token is good. Opens the
 * session the way the app does at start-up, so a session the provider has ended shows as ended.
 */
export async function status(context: CommandContext): Promise<ExitStatus> {
  const { out, settings } = context;
  const { issuer, clientId } = settings.config;
  const policySources = settings.resolved.policySources.map(({ kind, name }) => ({ kind, name }));
  const signedOut: StatusEvent = { type: 'status', signed_in: false, issuer, client_id: clientId, policy_sources: policySources };
  const opened = openVault(context);
  if (!opened.usable) {
    out.emit(signedOut);
    return failVault(context, opened);
  }
  const flow = createCliFlow(context, opened.vault);
  try {
    // Report the session as stored; refreshing is `token`'s job.
    await flow.restore({ refresh: false });
    const state = flow.getState();
    const session = flow.getSession();
    if (state.status !== 'signed_in' || session === undefined) {
      out.emit(signedOut);
      const reason = signedOutReason(state.status === 'idle' ? state.notice : undefined);
      return await fail(context, reason === 'not_signed_in' && sessionWasEnded(context) ? 'session_ended' : reason);
    }
    const { expiresAt, refreshToken } = session.tokens;
    const event: StatusEvent = {
      type: 'status',
      signed_in: true,
      issuer,
      client_id: clientId,
      sub: session.profile.sub,
      ...(session.profile.name === undefined ? {} : { name: session.profile.name }),
      ...(session.profile.email === undefined ? {} : { email: session.profile.email }),
      ...(expiresAt === undefined ? {} : { expires_at: new Date(expiresAt).toISOString() }),
      refreshable: refreshToken !== undefined,
      storage: opened.vault.kind === 'file' ? 'file' : 'keyring',
      token_type: session.key === undefined ? 'Bearer' : 'DPoP',
      ...(session.key === undefined ? {} : { dpop_jkt: session.key.thumbprint }),
      policy_sources: policySources,
    };
    const text = statusText(session.profile, issuer, expiresAt, refreshToken !== undefined, opened.description, context.now());
    const lines = [text, bindingText(session.key?.thumbprint), ...policyText(policySources)].join('\n');
    out.emit(event, opened.vault.kind === 'file' ? `${lines}\n${unencryptedWarning}` : lines);
    return 0;
  } finally {
    flow.dispose();
  }
}

/** The plain file is the weak store (--insecure-storage, or allowed by policy): `status` says so every time. */
const unencryptedWarning = 'Warning: this file is not encrypted. Anyone who can read your files, or any program you run, can use this session.';

function statusText(profile: Profile, issuer: string, expiresAt: number | undefined, refreshable: boolean, where: string, now: number): string {
  const expiry =
    expiresAt === undefined
      ? 'The provider did not say when the access token expires.'
      : expiresAt <= now
        ? `The access token expired at ${new Date(expiresAt).toLocaleString()}.`
        : `The access token expires at ${new Date(expiresAt).toLocaleString()} (${relative(expiresAt - now)}).`;
  return [
    `Signed in to ${issuer} as ${whoIsSignedIn(profile)}.`,
    expiry,
    refreshable ? '`device-signin token` renews it with the refresh token when needed.' : 'There is no refresh token: sign in again when it expires.',
    `The session is kept in ${where}.`,
  ].join('\n');
}

function bindingText(thumbprint: string | undefined): string {
  return thumbprint === undefined
    ? 'The tokens are bearer tokens: they work wherever they are copied.'
    : `The tokens are bound to a key on this computer (DPoP, key thumbprint ${thumbprint}): copied elsewhere they are refused.`;
}

const sourceNames: { readonly [Kind in PolicySourceKind]: string } = {
  'group-policy': 'Group Policy',
  'configuration-profile': 'configuration profile',
  'policy-file': 'policy file',
  installer: 'installer',
};

/** Where the administrator's settings came from, strongest first; nothing when no policy applies. */
function policyText(sources: StatusEvent['policy_sources']): string[] {
  if (sources.length === 0) return [];
  return [`Your organization's settings come from: ${sources.map(({ kind, name }) => `${name} (${sourceNames[kind]})`).join(', ')}.`];
}

function relative(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `in ${Math.ceil(ms / 1000)} s`;
  if (minutes < 120) return `in ${minutes} min`;
  return `in ${Math.round(minutes / 60)} h`;
}
