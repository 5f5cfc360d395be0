/**
 * The kept record in its vault, and the locks every writer holds (the owner that
 * session-record.ts describes). A vault keeps several accounts (kept-accounts.ts); a change is
 * about one of them, named or the current one, and holds that account's lock while it decides
 * (a refresh asks the provider then), and the vault's own lock only to read again and write:
 * two accounts refresh independently, and neither write loses the other's.
 */
import {
  type AccountRef,
  type AccountWrite,
  accountRef,
  accountsOf,
  applyAccountWrite,
  keptRecordOf,
  selectAccount,
  switchAccount,
} from './kept-accounts.ts';
import type { RefreshLock } from './refresh-lock.ts';
import type { KeptRecord, SessionRecord, TokenVault, VaultKind } from './session-record.ts';

/** What a change does with the record it found, and what it tells its caller. */
export interface RecordChange<T> extends AccountWrite {
  readonly result: T;
}

/** Which account a change is about: the one named, else the current one. */
interface ChangeOptions {
  readonly account?: AccountRef | undefined;
}

/**
 * The record in its vault, with the locks every writer holds. One per vault and run: the
 * command line's quick `token` path and its full flow share it, so the vault is read once.
 */
export class RecordKeeper {
  readonly #vault: TokenVault;
  readonly #lock: RefreshLock;
  /** What this process last read or wrote; `undefined` until the first read. */
  #known: { readonly kept: KeptRecord | undefined } | undefined;
  /** Changes in this process run one after another, as processes do under the lock. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(vault: TokenVault, lock: RefreshLock) {
    this.#vault = vault;
    this.#lock = lock;
  }

  get kind(): VaultKind {
    return this.#vault.kind;
  }

  /** The current account's record as this run knows it: read from the vault the first time, then what the run last read or wrote. */
  async read(account?: AccountRef): Promise<SessionRecord | undefined> {
    return selectAccount(await this.accounts(), account);
  }

  /** Every account kept, the current one first, from the same one read. */
  async accounts(): Promise<readonly SessionRecord[]> {
    this.#known ??= { kept: await this.#vault.load() };
    return accountsOf(this.#known.kept);
  }

  /**
   * Reads the account's record again under its lock and lets `decide` say what becomes of it,
   * then writes that under the vault's lock. With one account kept (the usual case) both locks
   * are held throughout and the vault is read once; with several, the vault's lock only for the
   * write, after reading the vault again, so that a refresh of one account (a request to the
   * provider) never waits for another's, and what another process wrote to the others stays.
   * Sign-in's save, refresh's save and sign-out's delete all go through here.
   */
  change<T>(
    decide: (current: SessionRecord | undefined, accounts: readonly SessionRecord[]) => Promise<RecordChange<T>>,
    options: ChangeOptions = {},
  ): Promise<T> {
    return this.#queued(async () => {
      const known = await this.accounts();
      const first = known[0];
      const account = options.account ?? (first === undefined ? undefined : accountRef(first));
      const step = async (together: boolean): Promise<T> => {
        const accounts = accountsOf(await this.#vault.load());
        const current = selectAccount(accounts, account);
        const change = await decide(current, accounts);
        const update = (now: readonly SessionRecord[]): readonly SessionRecord[] =>
          vanished(current, now, account) ? now : applyAccountWrite(now, account, change);
        if (change.write === undefined) this.#known = { kept: keptRecordOf(accounts) };
        else if (together) await this.#save(accounts, update);
        else await this.#lock.hold(async () => this.#save(accountsOf(await this.#vault.load()), update));
        return change.result;
      };
      // Only ever one account's lock, then the vault's: no two processes can wait on each other.
      const accountLock = account === undefined ? undefined : this.#lock.forAccount(account);
      const together = known.length <= 1;
      const locked = (): Promise<T> => (together ? this.#lock.hold(() => step(true)) : step(false));
      return accountLock === undefined ? locked() : accountLock.hold(locked);
    });
  }

  /** Makes `account` the current one; false when it is not kept. */
  switchTo(account: AccountRef): Promise<boolean> {
    return this.#underVaultLock((accounts) => {
      const found = selectAccount(accounts, account) !== undefined;
      return { accounts: switchAccount(accounts, account), result: found };
    });
  }

  #underVaultLock<T>(update: (accounts: readonly SessionRecord[]) => { accounts: readonly SessionRecord[]; result: T }): Promise<T> {
    return this.#queued(() =>
      this.#lock.hold(async () => {
        const before = accountsOf(await this.#vault.load());
        const { accounts, result } = update(before);
        await this.#save(before, () => accounts);
        return result;
      }),
    );
  }

  /** Writes what `update` makes of `before` (what the vault holds now), when that differs. */
  async #save(before: readonly SessionRecord[], update: (accounts: readonly SessionRecord[]) => readonly SessionRecord[]): Promise<void> {
    const after = update(before);
    const kept = keptRecordOf(after);
    if (after !== before) {
      if (kept === undefined) await this.#vault.clear();
      else await this.#vault.save(kept);
    }
    this.#known = { kept };
  }

  #queued<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Whether the account's record went while its change was deciding (dropped by a sign-in that keeps
 * one account at a time, in another process): a write for it then would bring a signed-out account back.
 */
function vanished(seen: SessionRecord | undefined, now: readonly SessionRecord[], account: AccountRef | undefined): boolean {
  return seen !== undefined && account !== undefined && selectAccount(now, account) === undefined;
}
