/**
 * Where the command line keeps Node's module compile cache (V8 code cache on disk), and whether
 * that folder is safe to use. Node checks a cache entry only against its source's length and
 * CRC32, so whoever can write the folder can make `device-signin` run their bytecode as the user
 * who runs it (and reach that user's keyring session and DPoP key). Node's default folder is
 * `$TMPDIR/node-compile-cache`, shared by every account on the machine: never used here.
 *
 * The cache lives in the user's own cache folder, created 0700, and is used only when that
 * folder belongs to the user and no other account can write it or any folder above it (an
 * ancestor may belong to root, and may be world-writable only with the sticky bit, as /tmp is:
 * then nobody can rename or replace a folder they do not own).
 */
import { isAbsolute, join, win32 } from 'node:path';
import type { Environment } from './home.ts';

/** The user's cache folder for the command line, per platform convention. */
export function compileCacheFolder(env: Environment, platform: NodeJS.Platform, userHome: string): string {
  switch (platform) {
    case 'darwin':
      return join(userHome, 'Library', 'Caches', 'device-signin', 'compile-cache');
    case 'win32':
      return win32.join(env['LOCALAPPDATA'] ?? win32.join(userHome, 'AppData', 'Local'), 'device-signin', 'compile-cache');
    default: {
      // XDG Base Directory: a relative XDG_CACHE_HOME is invalid and must be ignored.
      const xdg = env['XDG_CACHE_HOME'];
      return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(userHome, '.cache'), 'device-signin', 'compile-cache');
    }
  }
}

/** What the check needs of a folder: `lstat`'s owner, mode and kind (a symlink is not followed). */
export interface FolderFacts {
  readonly uid: number;
  readonly mode: number;
  isDirectory(): boolean;
}

export interface FolderAccess {
  lstatSync(path: string): FolderFacts;
  mkdirSync(path: string, options: { recursive: true; mode: number }): unknown;
}

const groupOrOtherWrite = 0o022;
const sticky = 0o1000;

/**
 * Why the folder at `folder` must not hold the compile cache for user `uid`, or undefined when
 * it may. The folder itself must be a real folder (not a symlink) of the user's, writable by
 * the user only; each folder above must be the user's or root's, and not writable by others
 * unless it is root's and sticky.
 */
export function cacheFolderProblem(folder: string, uid: number, access: Pick<FolderAccess, 'lstatSync'>): string | undefined {
  const own = access.lstatSync(folder);
  if (!own.isDirectory()) return `${folder} is not a folder`;
  if (own.uid !== uid) return `${folder} belongs to user ${own.uid}, not to ${uid}`;
  if ((own.mode & groupOrOtherWrite) !== 0) return `${folder} can be written by other users (mode ${(own.mode & 0o7777).toString(8)})`;
  for (let child = folder, parent = parentOf(folder); parent !== child; child = parent, parent = parentOf(parent)) {
    const facts = access.lstatSync(parent);
    if (!facts.isDirectory()) return `${parent} is not a folder`;
    if (facts.uid !== uid && facts.uid !== 0) return `${parent} belongs to user ${facts.uid}`;
    const othersWrite = (facts.mode & groupOrOtherWrite) !== 0;
    if (othersWrite && !(facts.uid === 0 && (facts.mode & sticky) !== 0)) {
      return `${parent} can be written by other users (mode ${(facts.mode & 0o7777).toString(8)})`;
    }
  }
  return undefined;
}

function parentOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

export type CompileCacheChoice = { readonly use: true; readonly folder: string } | { readonly use: false; readonly reason: string };

/**
 * The compile cache folder, created 0700 when missing, and whether it may be used. On Windows the
 * per-user LocalAppData folder is protected by its ACL, not by POSIX modes, and is used as it is.
 */
export function chooseCompileCache(
  env: Environment,
  platform: NodeJS.Platform,
  userHome: string,
  uid: number | undefined,
  access: FolderAccess,
): CompileCacheChoice {
  const folder = compileCacheFolder(env, platform, userHome);
  try {
    access.mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (platform === 'win32' || uid === undefined) return { use: true, folder };
    const problem = cacheFolderProblem(folder, uid, access);
    return problem === undefined ? { use: true, folder } : { use: false, reason: problem };
  } catch (error) {
    return { use: false, reason: `${folder} cannot be used (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
