import type { Profile } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import type { StoredDPoPKey } from '../protocol/dpop.ts';
import type { IssuedEndpoints, TokenSet } from '../protocol/session.ts';
import type { KeptRecord, SessionRecord, TokenVault } from './session-record.ts';
import { isRealTime, toProfile } from '../protocol/profile-claims.ts';

/** Stored data could not be read back; it has been moved out of the way, so the next start is clean. */
export class VaultDamagedError extends SignInError {
  readonly setAsidePath: string | undefined;

  constructor(message: string, setAsidePath?: string, cause?: unknown) {
    super('storage_damaged', message, { cause });
    this.name = 'VaultDamagedError';
    this.setAsidePath = setAsidePath;
  }
}

/**
 * The name damaged data is kept under, for support and out of the way of the next sign-in:
 * `name.damaged-<time>`, the time's colons and dots made dashes so that any file system takes it.
 * A key in electron-store takes `-` as the separator, since electron-store reads dots as nesting.
 */
export function setAsideName(name: string, now: Date, separator: '.' | '-' = '.'): string {
  return `${name}${separator}damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * A vault whose file was found damaged and set aside when it was opened: the first load says so,
 * so the window can tell the user why they are signed out.
 */
export function reportDamageOnce(vault: TokenVault, setAsidePath: string): TokenVault {
  let reported = false;
  return {
    ...vault,
    load() {
      if (reported) return vault.load();
      reported = true;
      const message = `The stored session file was damaged and has been moved to ${setAsidePath}.`;
      return Promise.reject(new VaultDamagedError(message, setAsidePath));
    },
  };
}

export function encodeSession(session: KeptRecord): string {
  return JSON.stringify(session);
}

/**
 * Reads a stored session back, trusting nothing: a damaged or foreign record is refused whole.
 * An older version may have stored what is refused or cleaned at sign-in now: an expiry that is
 * not a date (from an unbounded `expires_in`) is damage, since no front end could print it; a
 * profile is rebuilt the way a sign-in builds it, so names lose their control characters.
 */
export function decodeSession(text: string): KeptRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new VaultDamagedError('The stored session is not readable.', undefined, error);
  }
  const current = recordFrom(value);
  const others = isRecord(value) ? value.others : undefined;
  if (others === undefined) return current;
  // The other accounts (kept-accounts.ts), each checked as the current one is; one damaged is damage of the whole.
  if (!Array.isArray(others)) throw new VaultDamagedError('The stored accounts are not a list.');
  return { ...current, others: others.map(recordFrom) };
}

/** One account's record, checked whole. */
function recordFrom(value: unknown): SessionRecord {
  if (!isRecord(value) || value.version !== 1) throw new VaultDamagedError('The stored session has an unknown format.');
  const { issuer, clientId, profile, tokens, dpop, endpoints } = value;
  if (typeof issuer !== 'string' || typeof clientId !== 'string') throw new VaultDamagedError('The stored session names no provider.');
  if (!isRecord(profile) || (profile.sub !== undefined && typeof profile.sub !== 'string') || typeof profile.issuer !== 'string') {
    throw new VaultDamagedError('The stored session has no valid profile.');
  }
  if (!isRecord(tokens) || typeof tokens.accessToken !== 'string' || typeof tokens.tokenType !== 'string') {
    throw new VaultDamagedError('The stored session has no valid tokens.');
  }
  for (const field of ['refreshToken', 'idToken', 'scope'] as const) {
    if (tokens[field] !== undefined && typeof tokens[field] !== 'string') throw new VaultDamagedError(`The stored ${field} is not valid.`);
  }
  if (tokens.expiresAt !== undefined && !isRealTime(tokens.expiresAt)) throw new VaultDamagedError('The stored expiry is not a date.');
  if (tokens.issuedAt !== undefined && !isRealTime(tokens.issuedAt)) throw new VaultDamagedError('The stored issue time is not a date.');
  // The key is checked whole when it is imported; a record without a usable one is a signed-out session then.
  const key = isRecord(dpop) ? { dpop: dpop as unknown as StoredDPoPKey } : {};
  const pinned = endpoints === undefined ? {} : { endpoints: storedEndpoints(endpoints) };
  return {
    version: 1,
    issuer,
    clientId,
    profile: storedProfile(profile.issuer, profile),
    tokens: tokens as unknown as TokenSet,
    ...key,
    ...pinned,
  };
}

/** Where the tokens were issued: a record that names them wrongly is damaged, never a reason to send them somewhere else. */
function storedEndpoints(value: unknown): IssuedEndpoints {
  if (!isRecord(value) || typeof value.token !== 'string' || typeof value.metadataOrigin !== 'string') {
    throw new VaultDamagedError('The stored endpoints are not valid.');
  }
  for (const field of ['revocation', 'userinfo'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string') {
      throw new VaultDamagedError(`The stored ${field} endpoint is not valid.`);
    }
  }
  return value as unknown as IssuedEndpoints;
}

function storedProfile(issuer: string, profile: Record<string, unknown>): Profile {
  try {
    // A session of a plain OAuth 2.0 server was kept without a subject; any other has one.
    return toProfile(issuer, profile, profile.sub !== undefined);
  } catch (error) {
    throw new VaultDamagedError('The stored session has no valid profile.', undefined, error);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
