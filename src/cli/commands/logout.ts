import type { RevocationOutcome } from '../../shared/flow-state.ts';
import { type CommandContext, createCliFlow, failVault, openVault, type ExitStatus, fail } from './context.ts';

/**
 * `device-signin logout`: as the app's sign-out, removes the session from the keyring (or the
 * file), then asks the provider to revoke its tokens (RFC 7009), and says truly what the
 * provider did. Signing out when nobody is signed in is not a failure: the result the user
 * wants is already there.
 */
export async function logout(context: CommandContext): Promise<ExitStatus> {
  const { out, settings } = context;
  const opened = openVault(context);
  if (!opened.usable) return failVault(context, opened);
  const flow = createCliFlow(context, opened.vault);
  try {
    // No refresh first: revoking needs the refresh token, not a fresh access token.
    await flow.restore({ refresh: false });
    const restored = flow.getState();
    if (restored.status === 'idle' && restored.notice?.code === 'storage_unavailable') return await fail(context, 'storage_unavailable', restored.notice.message);
    const session = flow.getSession();
    if (session === undefined) {
      out.emit({ type: 'logout', signed_out: true, was_signed_in: false }, `You were not signed in to ${settings.config.issuer}; there is nothing to sign out of.`);
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
      `Signed out of ${settings.config.issuer}: removed from ${opened.description}.`,
    );
    if (revocation === 'revoked') out.say('The session was also ended at the provider.');
    else out.warn(notRevokedText(revocation, expiresAt, revokeAt));
    return 0;
  } finally {
    flow.dispose();
  }
}

/** Why the provider still honours the tokens, one sentence per outcome, and until when or where the user can end them. */
function notRevokedText(revocation: Exclude<RevocationOutcome, 'revoked'>, expiresAt: number | undefined, revokeAt: string | undefined): string {
  const why = {
    refused: 'The provider refused to end the session there.',
    unreachable: 'The provider could not be reached, so the session was not ended there.',
    server_error: 'The provider had a problem and did not end the session there.',
    unsupported: 'The provider offers this app no way to end the session there.',
  }[revocation];
  const until =
    expiresAt === undefined
      ? revokeAt === undefined
        ? 'Its tokens stay valid until they expire.'
        : undefined
      : `Its access token stays valid until ${new Date(expiresAt).toLocaleString()}, and its refresh token until the provider lets it lapse.`;
  const revoke = revokeAt === undefined ? undefined : `The sign-in was only forgotten on this computer. To end it, open ${revokeAt} and revoke this app's access.`;
  return [why, until, revoke].filter((part) => part !== undefined).join(' ');
}
