/**
 * The session a request is sent as (authorizedFetch's `account`): the flow's own for the account
 * signed in here, or, for another kept account, that account's session opened from the vault when
 * first asked for. Such a session refreshes on demand under its account's lock, never in the
 * background, and never shows in the flow's state: the current account stays as it is.
 */
import { SignInError } from '../errors.ts';
import type { Session } from '../protocol/session.ts';
import { type AccountRef, accountKey, isAccount } from '../vault/kept-accounts.ts';
import { createFlowStateHolder } from './flow-state-holder.ts';
import { createKeptSession, type KeptSession, type KeptSessionDependencies } from './kept-session.ts';

/** What a request needs of a session: a token that is not about to expire, and one renewal after the API refused it. */
export interface RequestSession {
  /** Refreshed first when its token is about to expire; throws `not_signed_in` when there is none. */
  freshSession(): Promise<Session>;
  /** Refreshed once, or already newer; nothing when it is no longer the same account's. */
  renewAfterRejection(rejected: Session): Promise<Session | undefined>;
}

export interface AccountSessions {
  /** The session of `account`, or the flow's own when none is named; throws `not_signed_in` when that account is not kept. */
  of(account: AccountRef | undefined): Promise<RequestSession>;
  dispose(): void;
}

/** What every kept session of the flow shares; each other account's gets a state of its own, unseen. */
export type SharedSessionDependencies = Omit<KeptSessionDependencies, 'state' | 'proactiveRefresh' | 'account'>;

export function createAccountSessions(own: KeptSession, shared: SharedSessionDependencies): AccountSessions {
  const opened = new Map<string, KeptSession>();
  const forget = (key: string): void => {
    opened.get(key)?.dispose();
    opened.delete(key);
  };
  return {
    async of(account) {
      const signedIn = own.current();
      if (account === undefined || (signedIn !== undefined && isAccount(signedIn, account))) return own;
      const key = accountKey(account);
      // Signed out since it was opened (flow.accounts, or a change this run read): never served from memory.
      const kept = await shared.keeper?.read(account).catch(() => undefined);
      if (kept === undefined) {
        forget(key);
        throw new SignInError('not_signed_in', 'That account is not signed in here.');
      }
      const known = opened.get(key);
      if (known?.current() !== undefined) return known;
      forget(key);
      const session = createKeptSession({ ...shared, state: createFlowStateHolder({ status: 'idle' }), proactiveRefresh: false, account });
      opened.set(key, session);
      await session.restore({ refresh: false });
      return session;
    },
    dispose() {
      for (const key of [...opened.keys()]) forget(key);
    },
  };
}
