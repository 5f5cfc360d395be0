import type { Notice } from '../../shared/flow-state.ts';
import type { ClientConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import type { Session } from '../protocol/session.ts';
import { type AccountRef, isAccount } from '../vault/kept-accounts.ts';
import type { RecordChange, RecordKeeper } from '../vault/record-keeper.ts';
import { belongsTo, endpointMismatch, sameAccount, type SessionRecord, sameTokens } from '../vault/session-record.ts';

/**
 * The kept record as a session about to be restored sees it: the record, or why there is none to
 * open (damaged, unreadable, issued for other endpoints); undefined when there is simply nothing.
 * A record of another issuer or client is of no use to this configuration and is deleted.
 */
export async function readKeptRecord(
  keeper: RecordKeeper,
  config: ClientConfig,
  log: Log,
  account?: AccountRef,
): Promise<SessionRecord | Notice | undefined> {
  let record: SessionRecord | undefined;
  try {
    record = await keeper.read(account);
  } catch (error) {
    return error instanceof SignInError && error.code === 'storage_damaged'
      ? { code: 'storage_damaged' }
      : { code: 'storage_unavailable', storage: 'keyring_unreadable' };
  }
  if (record === undefined) return undefined;
  if (!belongsTo(record, config)) {
    // The app now signs in somewhere else: the old session is of no use and should not linger.
    const foreign = (current: SessionRecord | undefined): boolean => current !== undefined && !belongsTo(current, config);
    const write = (current: SessionRecord | undefined): null | undefined => (foreign(current) ? null : undefined);
    await keeper
      .change((current) => Promise.resolve({ write: write(current), result: undefined }), { account: record.profile })
      .catch(() => undefined);
    return undefined;
  }
  const elsewhere = endpointMismatch(record.endpoints, config.endpoints ?? {});
  if (elsewhere === undefined) return record;
  log.warn('session.elsewhere', { endpoint: elsewhere.endpoint });
  const { endpoint, issuedBy } = elsewhere;
  return { code: 'session_elsewhere', endpoint, ...(issuedBy === undefined ? {} : { issuedBy }) };
}

export type Grant = Pick<Session, 'profile' | 'tokens' | 'endpoints'>;

/** The sessions among `candidates` that are other grants than `kept`, each once. */
export function distinctGrants(candidates: readonly (Grant | undefined)[], kept: Session): Grant[] {
  const grants: Grant[] = [];
  for (const candidate of candidates) {
    if (candidate === undefined || sameTokens(candidate.tokens, kept.tokens)) continue;
    if (grants.some((grant) => sameTokens(grant.tokens, candidate.tokens))) continue;
    grants.push(candidate);
  }
  return grants;
}

/**
 * Keeps a new sign-in's record, as the current account, under the lock; returns the records it
 * replaces: the same account's earlier one, and, with one account at a time, every other.
 */
export function keepSignIn(keeper: RecordKeeper, record: SessionRecord, multipleAccounts: boolean): Promise<readonly SessionRecord[]> {
  return keeper.change(
    (current, accounts) => {
      const others = multipleAccounts ? [] : accounts.filter((kept) => !isAccount(kept, record.profile));
      const replaced = current === undefined ? others : [current, ...others];
      return Promise.resolve({ write: record, makeCurrent: true, dropOthers: !multipleAccounts, result: replaced });
    },
    { account: record.profile },
  );
}

/**
 * The grants a new sign-in (`kept`) ends: the records it replaced in the vault (of this
 * configuration), and the session signed in here before it when that was the same account, or
 * any account where one is kept at a time; another account stays signed in.
 */
export function replacedGrants(
  replaced: readonly SessionRecord[],
  before: Session | undefined,
  kept: Session,
  config: ClientConfig,
  multipleAccounts: boolean,
): Grant[] {
  const replacedHere = replaced.filter((record) => belongsTo(record, config));
  const beforeReplaced = before !== undefined && (!multipleAccounts || sameAccount(before.profile, kept.profile));
  return distinctGrants([...replacedHere, beforeReplaced ? before : undefined], kept);
}

/** Deletes `record` under the lock only while the vault still keeps it for its account (never a sign-in another process just wrote). */
export async function forgetIfUnchanged(keeper: RecordKeeper, record: SessionRecord): Promise<void> {
  const stillThatOne = (current: SessionRecord | undefined): boolean => current !== undefined && sameTokens(current.tokens, record.tokens);
  const forget = (current: SessionRecord | undefined): Promise<RecordChange<undefined>> =>
    Promise.resolve({ write: stillThatOne(current) ? null : undefined, result: undefined });
  await keeper.change(forget, { account: record.profile }).catch(() => undefined);
}

/** Deletes `account`'s record (the current one's when none is named) under its lock; returns what it deleted. A vault that fails throws. */
export function wipeKept(keeper: RecordKeeper, account: AccountRef | undefined): Promise<SessionRecord | undefined> {
  const wipe = (current: SessionRecord | undefined): Promise<RecordChange<SessionRecord | undefined>> =>
    Promise.resolve({ write: current === undefined ? undefined : null, result: current });
  return keeper.change(wipe, { account });
}

/** As wipeKept, for a sign-out that goes on whatever the vault does: none deleted when it fails. */
export async function wipeAccount(keeper: RecordKeeper | undefined, account: AccountRef | undefined): Promise<SessionRecord | undefined> {
  return keeper === undefined ? undefined : wipeKept(keeper, account).catch(() => undefined);
}
