/**
 * The token copy: what `device-signin token` hands out, kept beside the OS keyring in the user's
 * runtime folder (`$XDG_RUNTIME_DIR`, else `/run/user/<uid>`: a folder only the user can enter,
 * in memory, emptied when the user's last login session ends). Tools run `token` before every
 * request; answered from the copy, it loads neither the keyring's native binding nor opens an
 * encrypted Secret Service session, which cost more than the rest of the command
 * (docs/benchmarks.md, #29).
 *
 * What it holds: the current account's access token, its type and times, what the one hand-out
 * rule checks (issuer, client, pinned endpoints) and a DPoP key's public half. Never the refresh
 * token, the ID token or a private key: those stay in the keyring alone. Any process of the user
 * can have the access token by running `device-signin token`; the copy gives nobody more.
 *
 * When it counts: only while it is a copy of what the vault holds now. Every write of the record
 * (sign-in, refresh, switch, sign-out: all under the lock) sets the folder's marker to `writing`
 * before it writes and to a new one after; a copy names the marker it was made under and counts
 * only while that marker is the folder's. A copy made from a read that raced a write names an
 * older marker and never counts; a writer that stopped half-way left `writing`, so no copy counts
 * (and no reader starts one) until the next write. A folder with no marker yet gets its first from
 * a reader, made only if no writer made one meanwhile. What a copy is checked against is the same
 * rule as the record (tokenToHandOut).
 */
import type { StoredDPoPKey } from '../protocol/dpop.ts';
import { decodeSession } from './vault.ts';
import type { HandOutRecord, SessionRecord, TokenVault } from './session-record.ts';

// The built-in object, not `import … from 'node:fs'` (src/core/file-read.ts): `token` reads this first.
const fs = process.getBuiltinModule('node:fs');

/**
 * What a reader found: the copy if it counts; else what a copy made from this run's vault read
 * may name: the folder's marker, or `null` where the folder has none yet (a session kept before
 * copies were, or a folder emptied at logout), so that the reader may make the first one; no
 * marker at all while a write is under way.
 */
export interface CopyLook {
  readonly record?: HandOutRecord;
  readonly marker?: string | null;
}

/** One session's copy (one issuer and client: `name`) in one runtime folder. */
export interface TokenCopy {
  /** The copy, if it counts; asked before the vault is read, so that a copy made after names what the vault held then. */
  look(): CopyLook;
  /** Keeps a copy of `record`, read from the vault after `look()` returned `marker`. */
  keep(record: SessionRecord, marker: string | null): void;
}

/** What a writer leaves while it writes: no copy counts, and no reader may start one. */
const writing = 'writing';

/** The public members of each key type (RFC 7518 §6, RFC 8037 §2): enough for the RFC 7638 thumbprint, nothing that signs. */
const publicMembers: Readonly<Record<string, readonly string[]>> = {
  EC: ['kty', 'crv', 'x', 'y'],
  RSA: ['kty', 'n', 'e'],
  OKP: ['kty', 'crv', 'x'],
};

/**
 * The runtime folder's `device-signin` folder for the user running this process, or undefined
 * where there is none to trust: no user id (Windows), no runtime folder, or one another user could
 * enter. Readers and writers find it by the same rule, so a sign-out from a shell without the
 * variable (cron, `sudo -u`) ends the copy a desktop terminal reads: both are `/run/user/<uid>`.
 */
export function tokenCopyFolder(env: NodeJS.ProcessEnv, uid: number | undefined = process.getuid?.()): string | undefined {
  if (uid === undefined) return undefined;
  const runtime = env['XDG_RUNTIME_DIR'] || `/run/user/${String(uid)}`;
  return privateFolder(runtime, uid) ? `${runtime}/device-signin` : undefined;
}

/**
 * Where else a write must end this user's copies: `/run/user/<uid>`'s, when this process's
 * `XDG_RUNTIME_DIR` names another folder, so that a sign-out from such a shell ends the copy a
 * desktop terminal reads. Only where copies were made (our folder is there).
 */
export function otherTokenCopyFolders(
  env: NodeJS.ProcessEnv,
  uid: number | undefined = process.getuid?.(),
  standardRuntime = `/run/user/${String(uid)}`,
): readonly string[] {
  const standard = tokenCopyFolder({ XDG_RUNTIME_DIR: standardRuntime }, uid);
  const own = tokenCopyFolder(env, uid);
  return standard === undefined || standard === own || !privateFolder(standard, uid) ? [] : [standard];
}

/** The two files of one session's copy in `folder`. */
function filesOf(folder: string, name: string): { readonly marker: string; readonly copy: string } {
  return { marker: `${folder}/${name}.marker`, copy: `${folder}/${name}.copy.json` };
}

export function tokenCopy(folder: string, name: string): TokenCopy {
  const files = filesOf(folder, name);
  return {
    look() {
      // Checked once for both reads: only a folder that is ours alone holds a copy that counts.
      if (!privateFolder(folder, process.getuid?.())) return fs.existsSync(folder) ? {} : { marker: null };
      const marker = readText(files.marker);
      if (marker === undefined) return { marker: null };
      if (marker === writing || marker === '') return {};
      const copy = readCopy(files.copy);
      return copy?.marker === marker ? { record: copy.record, marker } : { marker };
    },
    keep(record, seen) {
      // The first marker is made only where there is none: a writer that began meanwhile left its own.
      const marker = seen ?? startMarker(folder, files.marker);
      if (marker !== undefined) writeWhole(folder, files.copy, JSON.stringify({ marker, record: handOutPart(record) }));
    },
  };
}

/**
 * `vault` with the copy in `folder` (named `name`) kept in step: before each write, its marker
 * says that a write is under way; after it, the folder holds a copy of the current record and then
 * a new marker. In the folders `elsewhere` (otherTokenCopyFolders) the write only ends what copies
 * there are: a new marker that no copy names. Only the command line's keyring vault has copies; the
 * keeper's lock is held around every write, so writers never interleave. A marker that cannot be
 * set aside is removed, or the write fails: a sign-out must never leave a copy that counts.
 */
export function withTokenCopy(vault: TokenVault, folder: string | undefined, name: string, elsewhere: readonly string[] = []): TokenVault {
  const others = elsewhere.filter((other) => other !== folder && fs.existsSync(other));
  const folders = [...(folder === undefined ? [] : [folder]), ...others];
  if (folders.length === 0) return vault;
  const forget = (): void => {
    for (const where of folders) {
      const files = filesOf(where, name);
      if (!writeWhole(where, files.marker, writing)) fs.rmSync(files.marker, { force: true });
    }
  };
  const renew = (record: SessionRecord | undefined): void => {
    const marker = newMarker();
    for (const where of folders) {
      const files = filesOf(where, name);
      if (record === undefined || where !== folder) fs.rmSync(files.copy, { force: true });
      else tokenCopy(where, name).keep(record, marker);
      writeWhole(where, files.marker, marker);
    }
  };
  return {
    kind: vault.kind,
    async load() {
      try {
        return await vault.load();
      } catch (error) {
        // A damaged record is removed as it is found (keyring-vault.ts): no copy of it counts either.
        forget();
        throw error;
      }
    },
    async save(kept) {
      forget();
      await vault.save(kept);
      renew(kept);
    },
    async clear() {
      forget();
      await vault.clear();
      renew(undefined);
    },
  };
}

/** A marker no other write or reader makes: it is compared, never trusted, so it need not be secret. */
function newMarker(): string {
  return `${Date.now().toString(36)}-${String(process.pid)}-${Math.random().toString(36).slice(2)}`;
}

/** The folder's first marker, if this reader makes it (linked in whole, so no one reads half of it); undefined if another was there. */
function startMarker(folder: string, markerPath: string): string | undefined {
  const marker = newMarker();
  const temporary = `${markerPath}.${marker}.tmp`;
  if (!writeWhole(folder, temporary, marker)) return undefined;
  try {
    fs.linkSync(temporary, markerPath);
    return marker;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** What a copy keeps of a record: see the file's comment. Only the current account's. */
function handOutPart(record: SessionRecord): SessionRecord {
  const { accessToken, tokenType, expiresAt, issuedAt } = record.tokens;
  const times = { ...(expiresAt === undefined ? {} : { expiresAt }), ...(issuedAt === undefined ? {} : { issuedAt }) };
  return {
    version: 1,
    issuer: record.issuer,
    clientId: record.clientId,
    profile: { issuer: record.profile.issuer, ...(record.profile.sub === undefined ? {} : { sub: record.profile.sub }) },
    tokens: { accessToken, tokenType, ...times },
    ...(record.dpop === undefined ? {} : { dpop: { ...record.dpop, jwk: publicHalf(record.dpop.jwk) } }),
    ...(record.endpoints === undefined ? {} : { endpoints: record.endpoints }),
  };
}

function publicHalf(jwk: StoredDPoPKey['jwk']): StoredDPoPKey['jwk'] {
  const members = publicMembers[jwk.kty ?? ''] ?? ['kty'];
  const fields = jwk as Record<string, unknown>;
  return Object.fromEntries(members.filter((member) => fields[member] !== undefined).map((member) => [member, fields[member]]));
}

/** The copy file, checked as a kept record is (vault.ts); anything else is no copy. */
function readCopy(path: string): { readonly marker: string; readonly record: HandOutRecord } | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  try {
    const { marker, record } = JSON.parse(text) as { marker?: unknown; record?: unknown };
    return typeof marker === 'string' ? { marker, record: decodeSession(JSON.stringify(record)) } : undefined;
  } catch {
    return undefined;
  }
}

/** A file's text, or undefined for one that is missing or cannot be read. */
function readText(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Writes `text` to `path` whole (a temporary file renamed over it, 0600), making our folder
 * (0700) if the runtime folder is there; false if it could not. A copy is only ever a shortcut:
 * failing to keep one costs the next run a keyring read, so no error of it reaches the command.
 */
function writeWhole(folder: string, path: string, text: string): boolean {
  const temporary = `${path}.${String(process.pid)}.tmp`;
  try {
    fs.mkdirSync(folder, { mode: 0o700 });
  } catch {
    // Already there (checked next), or no runtime folder to make it in.
  }
  try {
    if (!privateFolder(folder, process.getuid?.())) return false;
    fs.writeFileSync(temporary, text, { mode: 0o600 });
    fs.renameSync(temporary, path);
    return true;
  } catch {
    fs.rmSync(temporary, { force: true });
    return false;
  }
}

/** A real folder (not a link), owned by `uid`, that nobody else may enter or list. */
function privateFolder(path: string, uid: number | undefined): boolean {
  try {
    const stat = fs.lstatSync(path);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
