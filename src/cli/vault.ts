import { join } from 'node:path';
import type { ClientConfig } from '../core/config.ts';
import { SignInError } from '../core/errors.ts';
import type { TokenStorage } from '../core/policy/schema.ts';
import { systemClock } from '../core/clock.ts';
import { type KeyringProbeOutcome, keyringProblemOf, probeKeyring } from '../core/vault/keyring-probe.ts';
import type { KeyringEntry } from '../core/vault/keyring-vault.ts';
import { keyringEntryName } from '../core/vault/keyring-names.ts';
import { noKeyring, type OpenedVault, openVault } from '../core/vault/open-vault.ts';
import { systemKeyringEntry } from '../core/vault/system-keyring.ts';
import { otherTokenCopyFolders, type TokenCopy, tokenCopy, tokenCopyFolder } from '../core/vault/token-copy.ts';
import { chooseVault, type VaultFacts } from '../core/vault/vault-choice.ts';
import { createFileRefreshLock } from '../core/vault/refresh-lock.ts';
import { sha256Hex } from './sha256.ts';

// The built-in object, not `import … from 'node:fs'`, which would load fs.promises and streams (streams.ts).
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = process.getBuiltinModule('node:fs');

/** The `--insecure-storage` file: named by a hash of issuer and client id, so signing in somewhere else never overwrites it. */
export function sessionFilePath(home: string, config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return join(home, `session-${sessionId(config)}.json`);
}

/**
 * The lock that lets one `device-signin` process at a time refresh this session, whichever
 * vault holds it: a keyring entry has no folder of its own, so the lock lives in the data folder.
 */
export function refreshLockPath(home: string, config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return join(home, `session-${sessionId(config)}.refresh.lock`);
}

/**
 * A note that the provider ended this session (a refresh it refused), left by the command that
 * found out, so that a later `status` can say the session ended rather than that nobody ever
 * signed in. Removed by the next sign-in or sign-out. It holds a time, no secret.
 */
export function sessionEndedNote(
  home: string,
  config: Pick<ClientConfig, 'issuer' | 'clientId'>,
): {
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
export function refusedTokenNote(
  home: string,
  config: Pick<ClientConfig, 'issuer' | 'clientId'>,
): {
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

/** The ids of this run's configurations: every file of a session is named by it, and `token` runs this before each request. */
const sessionIds = new Map<string, string>();

function sessionId(config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  const key = `${config.issuer}\n${config.clientId}`;
  let id = sessionIds.get(key);
  if (id === undefined) {
    id = sha256Hex(key).slice(0, 16);
    sessionIds.set(key, id);
  }
  return id;
}

/** What opening a command's vault depends on: its data folder, environment, settings, platform and --insecure-storage. */
interface Invocation {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: { readonly config: ClientConfig; readonly tokenStorage: TokenStorage };
  readonly platform: NodeJS.Platform;
  readonly line: { readonly insecureStorage: boolean };
}

/** One vault, and one keeper of its record, per invocation: the quick `token` path and the flow share them, so the vault is read once. */
const invocationVaults = new WeakMap<Invocation, OpenedVault>();

/**
 * The vault of this invocation's session, opened once: the OS keyring by default, or the 0600
 * file when the user asks (`--insecure-storage`) or the admin's policy allows unprotected storage
 * and there is no keyring. Core's chooseVault decides and openVault opens; this gathers the facts.
 */
export function openInvocationVault(context: Invocation): OpenedVault {
  const known = invocationVaults.get(context);
  if (known !== undefined) return known;
  const { home } = context;
  const { config } = context.settings;
  const keyring = keyringEntryOnce(config);
  const choice = chooseVault(vaultFacts(context), () => 'entry' in keyring());
  // Several `device-signin` processes share one record, so every write holds the lock file beside it.
  const lock = createFileRefreshLock({ path: refreshLockPath(home, config) });
  const opened = openVault(choice, lock, {
    keyringEntry: () => entryOf(keyring()),
    file: sessionFilePath(home, config),
    tokenCopy: () => cliTokenCopy(context.env, config),
  });
  // No probe here (`token` runs before every request): making the entry is the whole keyring check, and its error says why there is none.
  const attempt = !opened.usable && opened.why === 'no_keyring' ? keyring() : undefined;
  const answer = attempt !== undefined && 'error' in attempt ? noKeyring(attempt.error) : opened;
  invocationVaults.set(context, answer);
  return answer;
}

/** Where the command line keeps the token copy of its keyring session with this issuer and client (core/vault/token-copy.ts). */
export function cliTokenCopy(
  env: NodeJS.ProcessEnv,
  config: Pick<ClientConfig, 'issuer' | 'clientId'>,
): { readonly folder: string | undefined; readonly name: string; readonly elsewhere: readonly string[] } {
  return { folder: tokenCopyFolder(env), name: copyName(config), elsewhere: otherTokenCopyFolders(env) };
}

function copyName(config: Pick<ClientConfig, 'issuer' | 'clientId'>): string {
  return `session-${sessionId(config)}`;
}

function vaultFacts({ platform, settings, line }: Invocation): VaultFacts {
  return { platform, tokenStorage: settings.tokenStorage, file: line.insecureStorage ? 'requested' : 'offered' };
}

/**
 * The token copy (core/vault/token-copy.ts) this invocation may answer `token` from: only where
 * its session would be kept in the keyring, and of the current account (a named one is read
 * from the vault). Asking costs no keyring: the copy exists only after the keyring answered.
 */
export function invocationTokenCopy(
  context: Invocation & { readonly line: { readonly account?: string | undefined } },
): TokenCopy | undefined {
  if (context.line.account !== undefined || chooseVault(vaultFacts(context), () => true).kind !== 'keyring') return undefined;
  // Only the reader's folder: the other folders are a writer's (otherTokenCopyFolders).
  const folder = tokenCopyFolder(context.env);
  return folder === undefined ? undefined : tokenCopy(folder, copyName(context.settings.config));
}

type KeyringAttempt = { readonly entry: KeyringEntry } | { readonly error: unknown };

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

function entryOf(attempt: KeyringAttempt): KeyringEntry {
  if ('error' in attempt) throw attempt.error;
  return attempt.entry;
}

/** Reads the vault once, so that a keyring that cannot answer is found before a code is shown. */
export async function checkVault(opened: OpenedVault): Promise<OpenedVault> {
  if (!opened.usable) return opened;
  try {
    await opened.keeper.read();
    return opened;
  } catch (error) {
    if (error instanceof SignInError && error.code === 'storage_unavailable') return noKeyring(error);
    return opened;
  }
}

/**
 * Before `login` shows a code: whether the keyring can keep a session at all, by writing, reading
 * back and deleting the probe entry (keyring-probe.ts). Only `login` asks: `token` runs before
 * every request, and a read there proves the keyring well enough for a session already kept.
 */
export async function probeCliKeyring(): Promise<KeyringProbeOutcome> {
  let entry: KeyringEntry;
  try {
    // One item per process: two `login`s probing at once must not read back or delete each other's.
    entry = systemKeyringEntry({ ...keyringEntryName('cli', 'probe'), account: `probe-${String(process.pid)}` });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { usable: false, problem: keyringProblemOf(detail), detail };
  }
  return probeKeyring(entry, systemClock);
}

/** Whether an `--insecure-storage` session exists, to point out the flag when it was forgotten. */
export async function hasSessionFile(home: string, config: ClientConfig): Promise<boolean> {
  return Promise.resolve(existsSync(sessionFilePath(home, config)));
}
