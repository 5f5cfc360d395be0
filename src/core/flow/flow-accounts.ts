/**
 * The accounts a front end keeps side by side (a work and a personal account, two tenants),
 * as the flow offers them: listed from the one read of the vault, made current, and signed out
 * one at a time or all at once. Each sign-out wipes the account's record under its lock first
 * and revokes what it wiped after, as signing out the signed-in account does. Tokens stay here.
 */
import type { Profile, RevocationOutcome } from '../../shared/flow-state.ts';
import type { ClientConfig } from '../config.ts';
import type { Log } from '../log.ts';
import { type AccountRef, accountRef, isAccount } from '../vault/kept-accounts.ts';
import type { RecordKeeper } from '../vault/record-keeper.ts';
import { belongsTo, type SessionRecord } from '../vault/session-record.ts';
import { wipeKept } from './kept-record.ts';
import type { KeptSession } from './kept-session.ts';
import type { ProviderAccess } from './provider-access.ts';
import { revokeSession } from './session-revocation.ts';

/** One kept account as a front end lists it: who, whether current, and its token's kind and expiry; never a token. */
export interface AccountSummary {
  readonly account: AccountRef;
  readonly profile: Profile;
  readonly current: boolean;
  readonly tokenType: string;
  readonly expiresAt?: number;
}

export interface FlowAccounts {
  /** Every account kept for this issuer and client, the current one first; none without a vault. */
  list(): Promise<readonly AccountSummary[]>;
  /** Makes `account` current and signs in as it here; false when it is not kept. */
  switchTo(account: AccountRef): Promise<boolean>;
  /**
   * Signs `account` out (wiped, then revoked); the signed-in one as `signOut()` does, and then the
   * next kept account is signed in here. Undefined when it is not kept.
   */
  signOut(account: AccountRef): Promise<RevocationOutcome | undefined>;
  /** Signs every account out; the outcome of each, the signed-in one's included. */
  signOutAll(): Promise<readonly { readonly account: AccountRef; readonly revocation: RevocationOutcome }[]>;
}

interface FlowAccountsDependencies {
  readonly config: ClientConfig;
  readonly keeper: RecordKeeper | undefined;
  readonly kept: KeptSession;
  readonly provider: ProviderAccess;
  readonly log: Log;
  /** Cancels a sign-in under way, before the signed-in account is signed out. */
  readonly cancel: () => void;
}

export function createFlowAccounts(deps: FlowAccountsDependencies): FlowAccounts {
  const mine = async (): Promise<readonly SessionRecord[]> =>
    deps.keeper === undefined ? [] : (await deps.keeper.accounts()).filter((record) => belongsTo(record, deps.config));
  const signedInHere = (account: AccountRef): boolean => {
    const session = deps.kept.current();
    return session !== undefined && isAccount(session, account);
  };

  /** Wipes one account that is not signed in here, under its lock, then revokes what was wiped. */
  async function signOutKept(account: AccountRef): Promise<RevocationOutcome | undefined> {
    const wiped = deps.keeper === undefined ? undefined : await wipeKept(deps.keeper, account);
    if (wiped === undefined) return undefined;
    const revocation = await revokeSession(deps.provider, wiped, deps.log);
    deps.log.info('account.signed_out', { revocation });
    return revocation;
  }

  /** The signed-in account as `signOut()` does; then, when another is kept, signed in as the one now current. */
  async function signOut(account: AccountRef, then: 'next' | 'none' = 'next'): Promise<RevocationOutcome | undefined> {
    if (!signedInHere(account)) return signOutKept(account);
    deps.cancel();
    const revocation = await deps.kept.signOut();
    if (then === 'next' && (await mine()).length > 0) await deps.kept.restore();
    return revocation;
  }

  return {
    async list() {
      const records = await mine();
      return records.map((record, index) => ({
        account: accountRef(record),
        profile: record.profile,
        current: index === 0,
        tokenType: record.tokens.tokenType,
        ...(record.tokens.expiresAt === undefined ? {} : { expiresAt: record.tokens.expiresAt }),
      }));
    },
    async switchTo(account) {
      if (deps.keeper === undefined || !(await deps.keeper.switchTo(account))) return false;
      deps.log.info('account.switched', {});
      if (!signedInHere(account)) await deps.kept.restore();
      return true;
    },
    signOut: (account) => signOut(account),
    async signOutAll() {
      const outcomes: { account: AccountRef; revocation: RevocationOutcome }[] = [];
      for (const record of await mine()) {
        const account = accountRef(record);
        const revocation = await signOut(account, 'none');
        if (revocation !== undefined) outcomes.push({ account, revocation });
      }
      const session = deps.kept.current();
      if (session !== undefined && !outcomes.some((outcome) => isAccount(session, outcome.account))) {
        // Signed in here for this session only: nothing was kept, and it ends too.
        deps.cancel();
        outcomes.push({ account: accountRef(session), revocation: await deps.kept.signOut() });
      }
      return outcomes;
    },
  };
}
