import { type CommandContext, createCliFlow, failStore, openStore, type ExitStatus, fail } from './context.ts';

/**
 * `device-signin logout`: as the app's sign-out, revokes the tokens at the provider (RFC 7009)
 * when it can, then removes the session from the keyring (or the file). Signing out when
 * nobody is signed in is not a failure: the result the user wants is already there.
 */
export async function logout(context: CommandContext): Promise<ExitStatus> {
  const { out, settings } = context;
  const store = openStore(context);
  if (!store.usable) return failStore(context, store);
  const flow = createCliFlow(context, store.vault);
  try {
    // No refresh first: revoking needs the refresh token, not a fresh access token.
    await flow.restore({ refresh: false });
    const restored = flow.getState();
    if (restored.status === 'idle' && restored.notice?.code === 'storage_unavailable') return await fail(context, 'storage_unavailable', restored.notice.message);
    if (flow.getSession() === undefined) {
      out.say(`You were not signed in to ${settings.config.issuer}; there is nothing to sign out of.`);
      return 0;
    }
    const revocation = await flow.signOut();
    if (revocation === 'failed') {
      out.say(`Signed out of ${settings.config.issuer} on this computer.`);
      out.warn('The provider could not be reached, so the session was not revoked there; it ends when its tokens expire.');
    } else if (revocation === 'not_supported') {
      out.say(`Signed out: removed from ${store.description}. ${settings.config.issuer} offers no way to revoke tokens, so they end when they expire.`);
    } else {
      out.say(`Signed out of ${settings.config.issuer}: the session was ended at the provider and removed from ${store.description}.`);
    }
    return 0;
  } finally {
    flow.dispose();
  }
}
