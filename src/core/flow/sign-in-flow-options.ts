import type { Clock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import type { Log } from '../log.ts';
import type { Fetch } from '../protocol/http.ts';
import type { AccountRef } from '../vault/kept-accounts.ts';
import type { RefreshLock } from '../vault/refresh-lock.ts';
import type { RecordKeeper } from '../vault/record-keeper.ts';
import type { TokenVault } from '../vault/session-record.ts';
import type { NoVaultReason } from '../vault/vault-choice.ts';

/** What a front end gives createSignInFlow (sign-in-flow.ts): the client, the network, where sessions are kept. */
export interface SignInFlowOptions {
  readonly config: ClientConfig;
  readonly fetch: Fetch;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly maxBackoffMs?: number;
  /** Where the session is kept between runs. Without one, sessions live in memory only. */
  readonly vault?: TokenVault;
  /**
   * The record in that vault, when the front end reads it before the flow too (the command
   * line's quick `token` path): one keeper per run, so the vault is read once. Wins over `vault`.
   */
  readonly keeper?: RecordKeeper;
  /**
   * Why no protected storage exists on this desktop, when none does. Then nothing is written,
   * and a sign-in needs the explicit `sessionOnly` choice.
   */
  readonly storageUnavailable?: NoVaultReason;
  /** Refresh in the background before expiry. The CLI, which exits, turns this off. Default true. */
  readonly proactiveRefresh?: boolean;
  /** Where steps and failures are written down; every token and code is registered as a secret first. */
  readonly log?: Log;
  /**
   * The lock other processes sharing the vault hold (the command line): around every write of the
   * record when the flow makes its keeper from `vault`, and in every case the memory of a refresh
   * that failed moments ago, so that the next run does not send the same refresh token again.
   */
  readonly refreshLock?: RefreshLock;
  /**
   * Send each refresh token at most once per run: after a refresh that failed without ending
   * the session (offline, a 5xx), later callers get that failure instead of a second request,
   * which a provider that rotates refresh tokens could take for reuse. For the command line;
   * the app, which runs for days, retries in the background instead.
   */
  readonly refreshOncePerRun?: boolean;
  /**
   * Keep several accounts side by side (policy `multipleAccounts`, default true): a sign-in as
   * another account adds it and makes it current; false, it replaces the kept one and ends it.
   */
  readonly multipleAccounts?: boolean;
  /** The account this flow's session is (the command line's `--account`); the vault's current one when absent. */
  readonly account?: AccountRef;
}
