import type { SignInFlow } from '../../core/flow/sign-in-flow.ts';
import { isAccount } from '../../core/vault/kept-accounts.ts';
import type { UsableVault } from '../../core/vault/open-vault.ts';
import type { Profile, RevocationOutcome } from '../../shared/flow-state.ts';
import { whoFields } from '../login-events.ts';
import { notRevokedText, whereText, whoIsSignedIn } from '../messages.ts';
import type { Translate } from '../words.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { failElsewhere, openAccountFlow } from './context.ts';
import { fail } from './failure.ts';

/**
 * `device-signin logout`: as the app's sign-out, removes the session from the keyring (or the
 * file), then asks the provider to revoke its tokens (RFC 7009), and says truly what the
 * provider did. That is the current account's session, `--account`'s, or with `--all` every
 * account's; when the current one goes, the next kept account becomes current, as with
 * `gh auth logout`. Signing out when nobody is signed in is not a failure: the result the user
 * wants is already there.
 */
export async function logout(context: CommandContext): Promise<ExitStatus> {
  const { out, settings } = context;
  const account = await openAccountFlow(context);
  if (typeof account === 'number') return account;
  const { opened, flow } = account;
  try {
    // No refresh first: revoking needs the refresh token, not a fresh access token.
    await flow.restore({ refresh: false });
    const restored = flow.getState();
    if (restored.status === 'idle' && restored.notice?.code === 'storage_unavailable')
      return await fail(context, 'storage_unavailable', 'The saved sign-in could not be read from the system keyring.');
    // Revoking would send the refresh token to an endpoint that did not issue it.
    if (restored.status === 'idle' && restored.notice?.code === 'session_elsewhere') return await failElsewhere(context, restored.notice);
    const { t } = await context.words();
    const accounts = await flow.accounts.list();
    const session = flow.getSession();
    if (session === undefined && (context.line.all !== true || accounts.length === 0)) {
      out.emit({ type: 'logout', signed_out: true, was_signed_in: false }, t('logout.notSignedIn', { issuer: settings.config.issuer }));
      return 0;
    }
    if (context.line.all === true) {
      for (const { account, revocation } of await flow.accounts.signOutAll()) {
        const summary = accounts.find((kept) => isAccount(kept, account));
        sayEnded(context, t, opened, flow, { profile: summary?.profile ?? account, revocation, expiresAt: summary?.expiresAt }, true);
      }
      return 0;
    }
    if (session === undefined) throw new Error('logout without a session');
    // Which one is signed out is worth saying when there is a choice.
    const named = context.line.account !== undefined || accounts.length > 1;
    const wasCurrent = accounts[0] !== undefined && isAccount(accounts[0], session.profile);
    const revocation = await flow.signOut();
    sayEnded(context, t, opened, flow, { profile: session.profile, revocation, expiresAt: session.tokens.expiresAt }, named);
    const next = wasCurrent ? await opened.keeper.read() : undefined;
    if (next !== undefined) out.say(t('logout.nowCurrent', { who: whoIsSignedIn(t, next.profile) }));
    return 0;
  } finally {
    flow.dispose();
  }
}

interface EndedAccount {
  readonly profile: Pick<Profile, 'issuer' | 'sub' | 'name' | 'email'>;
  readonly revocation: RevocationOutcome;
  readonly expiresAt: number | undefined;
}

/** One account signed out: a `logout` object (with who it was when `named`), or its sentence and what the provider did. */
function sayEnded(context: CommandContext, t: Translate, opened: UsableVault, flow: SignInFlow, ended: EndedAccount, named: boolean): void {
  const { out } = context;
  const { issuer } = context.settings.config;
  const expiresAt = ended.revocation === 'revoked' ? undefined : ended.expiresAt;
  const state = flow.getState();
  // Where the user can end what this client cannot (GitHub's page for the app), as the core's notice names it.
  const revokeAt = state.status === 'idle' ? state.notice?.revokeAt : undefined;
  const where = whereText(t, opened);
  out.emit(
    {
      type: 'logout',
      signed_out: true,
      was_signed_in: true,
      ...(named ? whoFields(ended.profile) : {}),
      revocation: ended.revocation,
      ...(expiresAt === undefined ? {} : { expires_at: new Date(expiresAt).toISOString() }),
      ...(revokeAt === undefined ? {} : { revoke_at: revokeAt }),
    },
    named
      ? t('logout.signedOutAccount', { issuer, who: whoIsSignedIn(t, ended.profile), where })
      : t('logout.signedOut', { issuer, where }),
  );
  if (ended.revocation === 'revoked') out.say(t('logout.revoked'));
  else out.warn(notRevokedText(t, ended.revocation, expiresAt, revokeAt));
}
