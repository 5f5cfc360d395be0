import { join } from 'node:path';
import type { AsyncEntry } from '@napi-rs/keyring';
import { systemClock } from '../core/clock.ts';
import type { ClientConfig } from '../core/config.ts';
import { SignInError } from '../core/errors.ts';
import type { TokenStorage } from '../core/policy/schema.ts';
import type { TokenVault } from '../core/vault/vault.ts';
import { createFileVault } from '../core/vault/file-vault.ts';
import { createKeyringVault } from '../core/vault/keyring-vault.ts';
import { keyringEntryName } from '../core/vault/keyring-names.ts';
import { systemKeyringEntry } from '../core/vault/system-keyring.ts';
import { chooseVault } from '../core/vault/vault-choice.ts';
import { createFileRefreshLock } from '../core/vault/refresh-lock.ts';
import { RecordKeeper } from '../core/vault/session-record.ts';
import { sha256Hex } from './sha256.ts';

// The built-in object, not `import … from 'node:fs'`, which would load fs.promises and streams (streams.ts).
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = process.getBuiltinModule('node:fs');

/** The vault of one issuer and client's session (its record's keeper), or why it cannot live anywhere safe. */
export type CliVault =
  | { readonly usable: true; readonly vault: TokenVault; readonly keeper: RecordKeeper; readonly where: SessionPlace }
  | {
      readonly usable: false;
      readonly reason: string;
      /** Set when the admin's policy, not a missing keyring, is the reason: it has words of its own. */
      readonly refusal?: 'session_only_policy';
    };

/** Where a session is kept, for the sentences that say so (whereText). */
export type SessionPlace = { readonly kind: 'keyring' } | { readonly kind: 'file'; readonly path: string; readonly why: 'requested' | 'allowed' };

/** The `--insecure-storage` file: named by a hash of issuer and client id, so signing in somewhere else never overwrites it. */
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

/**
 * The access token a git host refused (`git credential reject`), by its SHA-256 only: the next
 * `get` refreshes once instead of handing it out again. One host's 401 signs nobody out: kubectl
 * and `fetch` use the same session (gh ignores `erase` for the same reason).
 */
export function refusedTokenNote(home: string, config: Pick<ClientConfig, 'issuer' | 'clientId'>): {
  write(accessToken: string): void;
  names(accessToken: string): boolean;
  remove(): void;
} {
  const path = join(home, `session-${sessionId(config)}.refused`);
  return {
    write: (accessToken) => {
      mkdirSync(home, { recursive: true, mode: 0o700 });
      writeFileSync(path, JSON.stringify({ token: sha256Hex(accessToken) }), { mode: 0o600 });
    },
    names: (accessToken) => {
      try {
        return (JSON.parse(readFileSync(path, 'utf8')) as { token?: unknown }).token === sha256Hex(accessToken);
      } catch {
        return false;
      }
    },
    remove: () => {
      rmSync(path, { force: true });
    },
  };
}

function sessionId(config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return sha256Hex(`${config.issuer}\n${config.clientId}`).slice(0, 16);
}

/**
 * The OS keyring by default, or the 0600 file when the user asks (`--insecure-storage`) or the
 * admin's policy allows unprotected storage and there is no keyring: core's chooseVault decides.
 */
interface Invocation {
  readonly home: string;
  readonly settings: { readonly config: ClientConfig; readonly tokenStorage: TokenStorage };
  readonly platform: NodeJS.Platform;
  readonly line: { readonly insecureStorage: boolean };
}

/** One vault, and one keeper of its record, per invocation: the quick `token` path and the flow share them, so the vault is read once. */
const invocationVaults = new WeakMap<Invocation, CliVault>();

/** openCliVault for a command's invocation: its data folder, settings, platform and --insecure-storage; opened once. */
export function openInvocationVault(context: Invocation): CliVault {
  const known = invocationVaults.get(context);
  if (known !== undefined) return known;
  const opened = openCliVault({
    home: context.home,
    config: context.settings.config,
    platform: context.platform,
    insecureStorage: context.line.insecureStorage,
    tokenStorage: context.settings.tokenStorage,
  });
  invocationVaults.set(context, opened);
  return opened;
}

export function openCliVault(options: {
  readonly home: string;
  readonly config: ClientConfig;
  readonly platform: NodeJS.Platform;
  readonly insecureStorage: boolean;
  readonly tokenStorage: TokenStorage;
}): CliVault {
  const keyring = keyringEntryOnce(options.config);
  const choice = chooseVault(
    { platform: options.platform, tokenStorage: options.tokenStorage, plainFile: options.insecureStorage ? 'requested' : 'offered' },
    () => 'entry' in keyring(),
  );
  const path = sessionFilePath(options.home, options.config);
  switch (choice.kind) {
    case 'file': {
      const vault = createFileVault(path);
      return { usable: true, vault, keeper: keeperOf(vault, options), where: { kind: 'file', path, why: options.insecureStorage ? 'requested' : 'allowed' } };
    }
    case 'keyring':
      return keyringVault(keyring(), options);
    case 'none':
      // Without a keyring, the keyring's own error says why.
      return choice.why === 'session_only_policy' ? sessionOnlyRefusal : keyringVault(keyring(), options);
    case 'safe-storage':
      throw new Error('The command line has no safeStorage to keep a session with.');
  }
}

const sessionOnlyRefusal: CliVault = { usable: false, reason: 'tokenStorage is "session-only"', refusal: 'session_only_policy' };

type KeyringAttempt = { readonly entry: AsyncEntry } | { readonly error: unknown };

function keyringVault(attempt: KeyringAttempt, options: { readonly home: string; readonly config: ClientConfig }): CliVault {
  if ('error' in attempt) return { usable: false, reason: attempt.error instanceof Error ? attempt.error.message : String(attempt.error) };
  const vault = createKeyringVault({ entry: attempt.entry, clock: systemClock });
  return { usable: true, vault, keeper: keeperOf(vault, options), where: { kind: 'keyring' } };
}

/** Several `device-signin` processes share one record, so every write holds the lock file beside it. */
function keeperOf(vault: TokenVault, options: { readonly home: string; readonly config: ClientConfig }): RecordKeeper {
  return new RecordKeeper(vault, createFileRefreshLock({ path: refreshLockPath(options.home, options.config) }));
}

/** The keyring entry (pinned to the Secret Service on Linux: system-keyring.ts), made on first use. */
function keyringEntryOnce(config: ClientConfig): () => KeyringAttempt {
  let attempt: KeyringAttempt | undefined;
  return () => {
    if (attempt !== undefined) return attempt;
    try {
      attempt = { entry: systemKeyringEntry(keyringEntryName('cli', config)) };
    } catch (error) {
      attempt = { error };
    }
    return attempt;
  };
}

/** Reads the vault once, so that a keyring that cannot answer is found before a code is shown. */
export async function checkCliVault(opened: CliVault): Promise<CliVault> {
  if (!opened.usable) return opened;
  try {
    await opened.keeper.read();
    return opened;
  } catch (error) {
    if (error instanceof SignInError && error.code === 'storage_unavailable') return { usable: false, reason: error.message };
    return opened;
  }
}

/** Whether an `--insecure-storage` session exists, to point out the flag when it was forgotten. */
export async function hasSessionFile(home: string, config: ClientConfig): Promise<boolean> {
  return Promise.resolve(existsSync(sessionFilePath(home, config)));
}
