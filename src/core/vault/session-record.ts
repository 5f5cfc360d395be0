/**
 * The session as kept between runs (the session record), and its one owner: every read, check,
 * write and delete of the record goes through here, for the app and the command line alike.
 *
 * - A record belongs to one issuer and client, and is pinned to the endpoints it was issued by
 *   (token, revocation, userinfo): its tokens are sent nowhere else (`endpointMismatch`).
 * - One freshness rule (`isFresh`) decides when an access token is handed out as it is.
 * - The token type decides whether a key must go with the tokens (`needsKey`): a DPoP token
 *   without its key is never handed out, on any path.
 * - Every write and delete happens under the cross-process lock, after reading the record again
 *   (`RecordKeeper.change`, record-keeper.ts): whoever writes sees what another process wrote.
 * - A run reads the record once (`RecordKeeper.read`); only a change reads it again, under the lock.
 * - A vault keeps several accounts, one current (kept-accounts.ts); each is a record as here.
 *
 * No import at run time beyond the vault's types: the command line's quickest `token` path uses it.
 */
import type { Profile } from '../../shared/flow-state.ts';
import type { StoredDPoPKey } from '../protocol/dpop.ts';
import type { IssuedEndpoints, TokenSet } from '../protocol/session.ts';
import { isDPoPTokenType } from '../protocol/token-type.ts';

/** The session as kept: one record, written in one piece, so a crash cannot split it. */
export interface SessionRecord {
  readonly version: 1;
  readonly issuer: string;
  readonly clientId: string;
  readonly profile: Profile;
  readonly tokens: TokenSet;
  /**
   * The private key DPoP-bound tokens are bound to (RFC 9449), in the same record as the tokens,
   * so it rests exactly where they rest and never anywhere weaker. Checked when it is imported.
   */
  readonly dpop?: StoredDPoPKey;
  /** Absent only in records kept by versions before pinning; those take the endpoints of their next use. */
  readonly endpoints?: IssuedEndpoints;
}

/**
 * What a vault keeps: the current account's record, and the other accounts' beside it
 * (kept-accounts.ts), so that a version that knew one account reads the current one.
 */
export interface KeptRecord extends SessionRecord {
  readonly others?: readonly SessionRecord[];
}

export type VaultKind = 'safe-storage' | 'keyring' | 'file' | 'memory';

/**
 * Where tokens rest. Every backend keeps them encrypted or in the OS keyring, except `memory`
 * (nothing written) and `file` (a 0600 file, only when the user or admin opts in explicitly).
 */
export interface TokenVault {
  readonly kind: VaultKind;
  /**
   * The stored sessions (the current account's record, the others beside it), or undefined.
   * Damaged data is set aside and reported as VaultDamagedError.
   */
  load(): Promise<KeptRecord | undefined>;
  save(session: KeptRecord): Promise<void>;
  clear(): Promise<void>;
}

/** What the one hand-out rule (`tokenToHandOut`) reads of a record: all the token copy keeps (token-copy.ts). */
export type HandOutRecord = Pick<SessionRecord, 'issuer' | 'clientId' | 'tokens' | 'dpop' | 'endpoints'>;

/** Which configuration a record must belong to. */
export interface RecordTarget {
  readonly issuer: string;
  readonly clientId: string;
}

export function belongsTo(record: Pick<SessionRecord, 'issuer' | 'clientId'>, target: RecordTarget): boolean {
  return record.issuer === target.issuer && record.clientId === target.clientId;
}

/**
 * An access token is handed out as it is while more than this is left of it; closer to its
 * expiry it is refreshed first, so that a tool (kubectl caches the token until its expiry) never
 * gets one that dies on its way to the API.
 */
export const freshnessMarginMs = 60_000;
/** The least margin, for tokens that live only seconds. */
const shortestMarginMs = 5_000;

/**
 * The one freshness rule, for every path that hands out a token: more than a minute left, or,
 * for a token that lives less than two, more than half its lifetime (at least 5 s). Otherwise a
 * provider's 30-second tokens would be refreshed on every use, since none would ever be fresh.
 */
export function isFresh(tokens: Pick<TokenSet, 'expiresAt' | 'issuedAt'>, now: number): boolean {
  if (tokens.expiresAt === undefined) return true;
  const lifetime = tokens.issuedAt === undefined ? Infinity : tokens.expiresAt - tokens.issuedAt;
  const margin = Math.min(freshnessMarginMs, Math.max(shortestMarginMs, lifetime / 2));
  return tokens.expiresAt - now > margin;
}

/** RFC 9449 §5: a DPoP token is refused without a proof of its key, so it needs its key to be of any use. */
export function needsKey(tokens: Pick<TokenSet, 'tokenType'>): boolean {
  return isDPoPTokenType(tokens.tokenType);
}

/** Whether two sessions are the same account: the same issuer and subject (OpenID Connect Core §2: `sub` is unique per issuer). */
export function sameAccount(a: Pick<Profile, 'issuer' | 'sub'>, b: Pick<Profile, 'issuer' | 'sub'>): boolean {
  return a.issuer === b.issuer && a.sub === b.sub;
}

/** Whether two token sets are the same grant as kept: a refresh or a new sign-in changes the access token. */
export function sameTokens(a: Pick<TokenSet, 'accessToken'>, b: Pick<TokenSet, 'accessToken'>): boolean {
  return a.accessToken === b.accessToken;
}

/** The endpoints a run would use, as far as it knows them: its explicit settings, or the provider's metadata. */
interface ConfiguredEndpoints {
  readonly token?: string | undefined;
  readonly revocation?: string | undefined;
  readonly userinfo?: string | undefined;
}

/** The endpoint a run would send this record's tokens to instead of the one that issued them. */
interface EndpointMismatch {
  readonly endpoint: 'token' | 'revocation' | 'userinfo';
  readonly issuedBy: string | undefined;
  readonly configured: string | undefined;
}

/**
 * Whether `configured` names another endpoint than the record was issued by. Only the endpoints
 * `configured` names are compared: the settings' explicit ones before any network, the
 * provider's metadata before a request.
 */
export function endpointMismatch(issuedBy: IssuedEndpoints | undefined, configured: ConfiguredEndpoints): EndpointMismatch | undefined {
  if (issuedBy === undefined) return undefined;
  for (const endpoint of ['token', 'revocation', 'userinfo'] as const) {
    if (configured[endpoint] === undefined || configured[endpoint] === issuedBy[endpoint]) continue;
    // The userinfo endpoint is asked only at sign-in, with the new access token: one named now
    // where the session had none is never sent this session's tokens. A new revocation
    // endpoint would be sent the refresh token, so it counts.
    if (endpoint === 'userinfo' && issuedBy.userinfo === undefined) continue;
    return { endpoint, issuedBy: issuedBy[endpoint], configured: configured[endpoint] };
  }
  return undefined;
}

/**
 * The access token that may be handed out without the sign-in flow: this configuration's
 * session, fresh by the one rule, issued where the settings point, and, for a DPoP-bound one, with
 * its key kept beside it (`keyMatches` says whether the kept key is the one the tokens are bound
 * to; without it a bound session is the full path's). Anything else (no record, another
 * client's, one near expiry or pinned elsewhere, a bound one whose key is lost) is for the full
 * path, which refreshes, refuses or explains.
 */
export function tokenToHandOut(
  record: HandOutRecord | undefined,
  target: RecordTarget & { readonly endpoints?: ConfiguredEndpoints | undefined },
  now: number,
  keyMatches?: (key: StoredDPoPKey) => boolean,
): Pick<TokenSet, 'accessToken' | 'tokenType' | 'expiresAt'> | undefined {
  if (record === undefined || !belongsTo(record, target) || !isFresh(record.tokens, now)) return undefined;
  if (needsKey(record.tokens) && (keyMatches === undefined || record.dpop === undefined || !keyMatches(record.dpop))) return undefined;
  if (endpointMismatch(record.endpoints, target.endpoints ?? {}) !== undefined) return undefined;
  return record.tokens;
}
