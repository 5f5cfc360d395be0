import type { Notice } from '../../shared/flow-state.ts';
import type { ClientConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import type { Log } from '../log.ts';
import type { Session } from '../protocol/session.ts';
import { belongsTo, endpointMismatch, type RecordKeeper, type SessionRecord, sameTokens } from '../vault/session-record.ts';

/**
 * The kept record as a session about to be restored sees it: the record, or why there is none to
 * open (damaged, unreadable, issued for other endpoints); undefined when there is simply nothing.
 * A record of another issuer or client is of no use to this configuration and is deleted.
 */
export async function readKeptRecord(keeper: RecordKeeper, config: ClientConfig, log: Log): Promise<SessionRecord | Notice | undefined> {
  let record: SessionRecord | undefined;
  try {
    record = await keeper.read();
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
    await keeper.change((current) => Promise.resolve({ write: write(current), result: undefined })).catch(() => undefined);
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
