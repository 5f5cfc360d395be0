import { type ErrorCode, errorCodes } from '../../shared/flow-state.ts';
import { dirname } from 'node:path';
import { type Clock, systemClock } from '../clock.ts';
import { type AccountRef, accountKey } from './kept-accounts.ts';

/**
 * Lets one process at a time refresh a session that several processes share (two
 * `device-signin token` runs at once). With a provider that rotates refresh tokens and detects
 * reuse, two refreshes with the same token end the session (RFC 9700 §4.14.2): the second one
 * must wait, then find the first one's tokens in the vault instead of refreshing again.
 */
export interface RefreshLock {
  hold<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Whether a refresh with this refresh token failed moments ago in any process sharing the
   * vault, and how: the next process then does not send the same token again at once (a
   * second try with it can look like reuse to a provider that rotates refresh tokens).
   */
  recentFailure(refreshToken: string): Promise<ErrorCode | undefined>;
  recordFailure(refreshToken: string, code: ErrorCode): Promise<void>;
  /**
   * The lock of one account's record among several in the vault: its refresh holds it, so two
   * accounts refresh independently, while this lock, the vault's, is held only to write.
   */
  forAccount(account: AccountRef): RefreshLock;
}

/** For a vault only this process uses (memory, or the single-instance app). */
export const processOnlyRefreshLock: RefreshLock = {
  hold: (work) => work(),
  recentFailure: () => Promise.resolve(undefined),
  recordFailure: () => Promise.resolve(),
  forAccount: () => processOnlyRefreshLock,
};

interface FileRefreshLockOptions {
  /** The lock file, beside the vault it guards. */
  readonly path: string;
  readonly clock?: Clock;
  /**
   * A lock older than this was left by a process that died mid-refresh, and is taken over.
   * Longer than a refresh can take (one request, 15 s at most, plus the vault write).
   */
  readonly staleMs?: number;
  /** How often a waiting process looks again. */
  readonly retryMs?: number;
  /** How long a failed refresh keeps other processes from trying the same token again. */
  readonly failureMemoryMs?: number;
}

const defaultStaleMs = 30_000;
const defaultRetryMs = 50;
const defaultFailureMemoryMs = 60_000;

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/**
 * node:crypto and node:fs/promises, loaded when the lock is first used: the command line makes a
 * lock for every run, and `token` on a fresh session never takes it, so it must not pay for them.
 */
function crypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}

function files(): typeof import('node:fs/promises') {
  return process.getBuiltinModule('node:fs/promises');
}

/** A refresh token is remembered by its hash only, so the file beside the lock holds no secret. */
function fingerprint(refreshToken: string): string {
  return crypto().createHash('sha256').update(refreshToken).digest('base64url');
}

/**
 * A lock file created exclusively (`wx`): whoever creates it holds the lock, and removes it
 * when done. It names its holder, so a process never removes a lock it has lost to a takeover.
 */
export function createFileRefreshLock(options: FileRefreshLockOptions): RefreshLock {
  const clock = options.clock ?? systemClock;
  const staleMs = options.staleMs ?? defaultStaleMs;
  const retryMs = options.retryMs ?? defaultRetryMs;
  const failureMemoryMs = options.failureMemoryMs ?? defaultFailureMemoryMs;
  const failurePath = `${options.path}.failed`;

  async function acquire(owner: string): Promise<void> {
    const { mkdir, open, rm } = files();
    await mkdir(dirname(options.path), { recursive: true, mode: 0o700 });
    for (;;) {
      try {
        const handle = await open(options.path, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify({ owner, pid: process.pid, at: new Date().toISOString() }));
        } finally {
          await handle.close();
        }
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (await isStale()) await rm(options.path, { force: true });
      else await clock.sleep(retryMs);
    }
  }

  async function isStale(): Promise<boolean> {
    const { stat } = files();
    try {
      // The file's time is the wall clock's, so it is compared with the wall clock.
      return Date.now() - (await stat(options.path)).mtimeMs > staleMs;
    } catch {
      // Gone between the attempt and the look: simply try again.
      return false;
    }
  }

  async function release(owner: string): Promise<void> {
    const { readFile, rm } = files();
    const text = await readFile(options.path, 'utf8').catch(() => '');
    if (text.includes(owner)) await rm(options.path, { force: true });
  }

  return {
    async recentFailure(refreshToken) {
      const text = await files()
        .readFile(failurePath, 'utf8')
        .catch(() => '');
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        return undefined;
      }
      if (typeof record !== 'object' || record === null) return undefined;
      const { token, code, at } = record as { token?: unknown; code?: unknown; at?: unknown };
      const recent = typeof at === 'number' && Date.now() - at < failureMemoryMs;
      return recent && token === fingerprint(refreshToken) && isErrorCode(code) ? code : undefined;
    },
    async recordFailure(refreshToken, code) {
      await files().writeFile(failurePath, JSON.stringify({ token: fingerprint(refreshToken), code, at: Date.now() }), { mode: 0o600 });
    },
    forAccount(account) {
      // Named by a hash, so the lock file's name says nothing of who the account is.
      const name = fingerprint(accountKey(account)).slice(0, 22);
      return createFileRefreshLock({ ...options, path: `${options.path}.${name}` });
    },
    async hold(work) {
      const owner = crypto().randomUUID();
      await acquire(owner);
      try {
        return await work();
      } finally {
        await release(owner);
      }
    },
  };
}
