import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { systemClock } from '../core/clock.ts';
import type { ClientConfig } from '../core/config.ts';
import { SignInError } from '../core/errors.ts';
import type { TokenStorage } from '../core/policy/schema.ts';
import type { TokenVault } from '../core/vault/vault.ts';
import { createFileVault } from '../core/vault/file-vault.ts';
import { createKeyringVault } from '../core/vault/keyring-vault.ts';
import type { Explanation } from './messages.ts';

/** The keyring service every entry of the command line is filed under. */
export const keyringService = 'device-signin';

/** Where the session of one issuer and client lives, or why it cannot live anywhere safe. */
export type SessionStore =
  | { readonly usable: true; readonly vault: TokenVault; readonly description: string }
  | {
      readonly usable: false;
      readonly reason: string;
      /** Words of its own when the admin's policy, not a missing keyring, is the reason. */
      readonly explanation?: Explanation;
    };

/** One keyring entry per issuer and client id, so signing in somewhere else never overwrites this one. */
export function keyringAccount(config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return `${config.clientId}@${config.issuer}`;
}

/** The `--insecure-storage` file: named by a hash of issuer and client id, for the same reason. */
export function sessionFilePath(home: string, config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return join(home, `session-${sessionId(config)}.json`);
}

/**
 * The lock that lets one `device-signin` process at a time refresh this session, whichever
 * store holds it: a keyring entry has no folder of its own, so the lock lives in the data folder.
 */
export function refreshLockPath(home: string, config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return join(home, `session-${sessionId(config)}.refresh.lock`);
}

/**
 * A note that the provider ended this session (a refresh it refused), left by the command that
 * found out, so that a later `status` can say the session ended rather than that nobody ever
 * signed in. Removed by the next sign-in or sign-out. It holds a time, no secret.
 */
export function sessionEndedNote(home: string, config: Pick<ClientConfig, 'issuer' | 'clientId'>): {
  write(now: number): void;
  exists(): boolean;
  remove(): void;
} {
  const path = join(home, `session-${sessionId(config)}.ended`);
  return {
    write: (now) => {
      mkdirSync(home, { recursive: true, mode: 0o700 });
      writeFileSync(path, JSON.stringify({ ended_at: new Date(now).toISOString() }), { mode: 0o600 });
    },
    exists: () => existsSync(path),
    remove: () => {
      rmSync(path, { force: true });
    },
  };
}

function sessionId(config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return createHash('sha256').update(`${config.issuer}\n${config.clientId}`).digest('hex').slice(0, 16);
}

/**
 * The OS keyring by default. On Linux the Secret Service is required: the binding would
 * otherwise fall back to the kernel keyring silently, which forgets everything at reboot.
 * The 0600 file is used when the user asks (`--insecure-storage`), or when the admin's policy
 * allows unprotected storage (`tokenStorage: "allow-unprotected"`) and there is no keyring.
 */
export function openSessionStore(options: {
  readonly home: string;
  readonly config: ClientConfig;
  readonly insecureStorage: boolean;
  readonly tokenStorage: TokenStorage;
}): SessionStore {
  const path = sessionFilePath(options.home, options.config);
  if (options.insecureStorage) return { usable: true, vault: createFileVault(path), description: `the file ${path} (--insecure-storage)` };
  if (options.tokenStorage === 'session-only') {
    return {
      usable: false,
      reason: 'tokenStorage is "session-only"',
      explanation: {
        what: 'Your administrator allows sign-ins to be kept in memory only (tokenStorage "session-only"), which a command line cannot do between commands.',
        next: 'Use the Device Sign-In app on this computer, or ask your administrator.',
      },
    };
  }
  let entry: AsyncEntry;
  try {
    entry = new AsyncEntry(keyringService, keyringAccount(options.config), { linux: { store: 'secret-service' } });
  } catch (error) {
    if (options.tokenStorage === 'allow-unprotected') {
      return { usable: true, vault: createFileVault(path), description: `the file ${path} (no keyring; allowed by policy)` };
    }
    return { usable: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return { usable: true, vault: createKeyringVault({ entry, clock: systemClock }), description: 'the system keyring' };
}

/** Reads the store once, so that a keyring that cannot answer is found before a code is shown. */
export async function checkSessionStore(store: SessionStore): Promise<SessionStore> {
  if (!store.usable) return store;
  try {
    await store.vault.load();
    return store;
  } catch (error) {
    if (error instanceof SignInError && error.code === 'storage_unavailable') return { usable: false, reason: error.message };
    return store;
  }
}

/** Whether an `--insecure-storage` session exists, to point out the flag when it was forgotten. */
export async function hasSessionFile(home: string, config: ClientConfig): Promise<boolean> {
  try {
    await access(sessionFilePath(home, config));
    return true;
  } catch {
    return false;
  }
}
