/**
 * The kept accounts as the window sees them: each by an id main made up when it listed it, never
 * by a token or its subject. Main keeps the map from id to account; a request naming an id acts
 * only on an account of the list the window was last given, so an id the page invents, keeps
 * after the account was signed out, or sends in place of one is refused. A new list goes to the
 * window whenever it can have changed: a sign-in, a switch, a sign-out. No Electron import: main
 * and the test bridge pass in where a list is sent.
 */
import { randomUUID } from 'node:crypto';
import type { AccountSummary, FlowAccounts } from '../core/flow/flow-accounts.ts';
import { type AccountRef, accountRef, isAccount } from '../core/vault/kept-accounts.ts';
import { sameAccount } from '../core/vault/session-record.ts';
import type { FlowState } from '../shared/flow-state.ts';
import type { AccountSignOut, WindowAccount } from '../shared/ipc.ts';

/** The part of the flow's accounts the window reaches: list, switch, sign one out. */
export type WindowFlowAccounts = Pick<FlowAccounts, 'list' | 'switchTo' | 'signOut'>;

export interface WindowAccounts {
  /** Lists the accounts afresh, with main's id for each, and sends the list to the window. */
  list(): Promise<readonly WindowAccount[]>;
  /** Makes the account `id` names current; false for anything but an id of the current list. */
  switchTo(id: unknown): Promise<boolean>;
  /** Signs the account `id` names out; `not_listed` for anything but an id of the current list. */
  signOut(id: unknown): Promise<AccountSignOut>;
  /**
   * With other accounts kept, signs out the account signed in (`state`'s) as one of them, so that
   * the next one is signed in after it; false where no other is kept (the flow's own sign-out then).
   */
  signOutSignedIn(state: FlowState): Promise<boolean>;
  /** Sends a new list after each state that can follow a change of accounts (signed in, signed out). */
  follow(state: FlowState): void;
}

/**
 * `accounts` is read on every use: the flow behind it changes when the policy moves the sign-in
 * elsewhere. Absent (nothing configured), the window lists no account.
 */
export function createWindowAccounts(
  accounts: () => WindowFlowAccounts | undefined,
  publish: (accounts: readonly WindowAccount[]) => void,
): WindowAccounts {
  const ids = new AccountIds();
  // One listing at a time, in order: the window's last list is the newest.
  let listing: Promise<readonly WindowAccount[]> = Promise.resolve([]);
  const list = (): Promise<readonly WindowAccount[]> => {
    listing = listing
      .catch(() => [])
      .then(async () => {
        const listed = ids.issue((await accounts()?.list()) ?? []);
        publish(listed);
        return listed;
      });
    return listing;
  };
  return {
    list,
    async switchTo(id) {
      const account = ids.resolve(id);
      const switched = account !== undefined && ((await accounts()?.switchTo(account)) ?? false);
      await list();
      return switched;
    },
    async signOut(id) {
      const account = ids.resolve(id);
      const outcome = account === undefined ? undefined : await accounts()?.signOut(account);
      await list();
      return outcome ?? 'not_listed';
    },
    async signOutSignedIn(state) {
      const kept = accounts();
      if (kept === undefined || state.status !== 'signed_in') return false;
      const signedIn = accountRef(state);
      if (!(await kept.list()).some((summary) => !isAccount(summary, signedIn))) return false;
      await kept.signOut(signedIn);
      await list();
      return true;
    },
    follow(state) {
      if (state.status === 'signed_in' || state.status === 'idle') void list().catch(() => undefined);
    },
  };
}

/**
 * Main's ids for the accounts of the current list: a fresh random id for an account when it first
 * appears, the same id while it stays listed (a refresh's new list does not pull an id from under
 * a click), and gone with it.
 */
class AccountIds {
  #byId = new Map<string, AccountRef>();

  issue(summaries: readonly AccountSummary[]): readonly WindowAccount[] {
    const next = new Map<string, AccountRef>();
    const listed = summaries.map((summary) => {
      const id = this.#idOf(summary.account) ?? randomUUID();
      next.set(id, summary.account);
      return windowAccount(id, summary);
    });
    this.#byId = next;
    return listed;
  }

  resolve(id: unknown): AccountRef | undefined {
    return typeof id === 'string' ? this.#byId.get(id) : undefined;
  }

  #idOf(account: AccountRef): string | undefined {
    for (const [id, listed] of this.#byId) if (sameAccount(listed, account)) return id;
    return undefined;
  }
}

/** Rebuilt field by field, as the state is (public-state.ts): a name, an email, a host, and nothing else of the profile. */
function windowAccount(id: string, summary: AccountSummary): WindowAccount {
  const { name, email, issuer } = summary.profile;
  return {
    id,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    where: URL.canParse(issuer) ? new URL(issuer).host : issuer,
    current: summary.current,
  };
}
