import { notRevokedText, whereText } from '../messages.ts';
import { openInvocationVault } from '../vault.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { createCliFlow, failElsewhere, failVault } from './context.ts';
import { fail } from './failure.ts';

/**
 * `device-signin logout`: as the app's sign-out, removes the session from the keyring (or the
 * file), then asks the provider to revoke its tokens (RFC 7009), and says truly what the
 * provider did. Signing out when nobody is signed in is not a failure: the result the user
 * wants is already there.
 */
export async function logout(context: CommandContext): Promise<ExitStatus> {
  const { out, settings } = context;
  const opened = openInvocationVault(context);
  if (!opened.usable) return failVault(context, opened);
  const flow = createCliFlow(context, opened);
  try {
    // No refresh first: revoking needs the refresh token, not a fresh access token.
    await flow.restore({ refresh: false });
    const restored = flow.getState();
    if (restored.status === 'idle' && restored.notice?.code === 'storage_unavailable')
      return await fail(context, 'storage_unavailable', 'The saved sign-in could not be read from the system keyring.');
    // Revoking would send the refresh token to an endpoint that did not issue it.
    if (restored.status === 'idle' && restored.notice?.code === 'session_elsewhere') return await failElsewhere(context, restored.notice);
    const session = flow.getSession();
    const { t } = await context.words();
    if (session === undefined) {
      out.emit({ type: 'logout', signed_out: true, was_signed_in: false }, t('logout.notSignedIn', { issuer: settings.config.issuer }));
      return 0;
    }
    const revocation = await flow.signOut();
    const expiresAt = revocation === 'revoked' ? undefined : session.tokens.expiresAt;
    const ended = flow.getState();
    // Where the user can end what this client cannot (GitHub's page for the app), as the core's notice names it.
    const revokeAt = ended.status === 'idle' ? ended.notice?.revokeAt : undefined;
    out.emit(
      {
        type: 'logout',
        signed_out: true,
        was_signed_in: true,
        revocation,
        ...(expiresAt === undefined ? {} : { expires_at: new Date(expiresAt).toISOString() }),
        ...(revokeAt === undefined ? {} : { revoke_at: revokeAt }),
      },
      t('logout.signedOut', { issuer: settings.config.issuer, where: whereText(t, opened) }),
    );
    if (revocation === 'revoked') out.say(t('logout.revoked'));
    else out.warn(notRevokedText(t, revocation, expiresAt, revokeAt));
    return 0;
  } finally {
    flow.dispose();
  }
}
