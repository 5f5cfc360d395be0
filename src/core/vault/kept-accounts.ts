/**
 * Several accounts in one vault (a work and a personal account, two tenants, an admin identity),
 * each its own session record, one of them current. What a vault keeps is the current account's
 * record with the others beside it (`KeptRecord.others`): a vault written by a version that knew
 * one account is read as that one account, current, and a version that knows one account reads
 * the current one of a vault written here. Pure functions over the list, no I/O: the keeper
 * (record-keeper.ts) reads and writes it under the locks.
 */
import type { Profile } from '../../shared/flow-state.ts';
import { type KeptRecord, sameAccount, type SessionRecord } from './session-record.ts';

/**
 * Which account: its issuer and subject (OpenID Connect Core §2: `sub` is unique per issuer).
 * The client is the vault's own: each vault keeps one issuer setting's and one client's sessions.
 */
export type AccountRef = Pick<Profile, 'issuer' | 'sub'>;

/** The accounts a vault keeps, the current one first. */
export function accountsOf(kept: KeptRecord | undefined): readonly SessionRecord[] {
  if (kept === undefined) return [];
  const { others = [], ...current } = kept;
  return [current, ...others];
}

/** What a vault keeps for `accounts`, the first current; nothing when there is none. */
export function keptRecordOf(accounts: readonly SessionRecord[]): KeptRecord | undefined {
  const [current, ...others] = accounts;
  if (current === undefined) return undefined;
  return others.length === 0 ? current : { ...current, others };
}

export function isAccount(record: Pick<SessionRecord, 'profile'>, account: AccountRef): boolean {
  return sameAccount(record.profile, account);
}

/** One string per account, for maps and lock names: its issuer and subject, nothing else. */
export function accountKey(account: AccountRef): string {
  return JSON.stringify([account.issuer, account.sub ?? null]);
}

export function accountRef(record: Pick<SessionRecord, 'profile'>): AccountRef {
  const { issuer, sub } = record.profile;
  return sub === undefined ? { issuer } : { issuer, sub };
}

/** The record of `account`, or the current one when no account is named. */
export function selectAccount(accounts: readonly SessionRecord[], account: AccountRef | undefined): SessionRecord | undefined {
  return account === undefined ? accounts[0] : accounts.find((record) => isAccount(record, account));
}

/** What a change does to one account: write its record, delete it (`null`), or leave it (`undefined`). */
export interface AccountWrite {
  readonly write?: SessionRecord | null | undefined;
  /** The written record becomes the current account (a sign-in does this). */
  readonly makeCurrent?: boolean;
  /** Every other account is dropped (a policy that keeps one account at a time). */
  readonly dropOthers?: boolean;
}

/**
 * The accounts after a change to `selected` (the account the change was about, if it was kept):
 * its record replaced or deleted in place, or a new account added. Deleting the current account
 * makes the next one current, as `gh auth logout` switches to another account of the host.
 */
export function applyAccountWrite(
  accounts: readonly SessionRecord[],
  selected: AccountRef | undefined,
  change: AccountWrite,
): readonly SessionRecord[] {
  const { write } = change;
  if (write === undefined) return accounts;
  const target = write === null ? selected : accountRef(write);
  const rest = target === undefined ? accounts : accounts.filter((record) => !isAccount(record, target));
  if (write === null) return rest;
  if (change.dropOthers === true) return [write];
  const at = target === undefined ? -1 : accounts.findIndex((record) => isAccount(record, target));
  if (change.makeCurrent === true) return [write, ...rest];
  if (at === -1) return [...rest, write];
  return [...rest.slice(0, at), write, ...rest.slice(at)];
}

/** The accounts with `account` current; unchanged when it is not kept. */
export function switchAccount(accounts: readonly SessionRecord[], account: AccountRef): readonly SessionRecord[] {
  const chosen = selectAccount(accounts, account);
  return chosen === undefined ? accounts : [chosen, ...accounts.filter((record) => record !== chosen)];
}
