import { describe, expect, it } from 'vitest';
import { cacheFolderProblem, chooseCompileCache, compileCacheFolder, type FolderAccess, type FolderFacts } from '../../src/cli/compile-cache.ts';

/** A file system of folders given by owner and mode, for the rules alone (the real one is in shared-machine.test.ts). */
function folders(entries: Readonly<Record<string, { uid: number; mode: number; link?: boolean }>>): FolderAccess & { made: string[] } {
  const made: string[] = [];
  return {
    made,
    lstatSync(path: string): FolderFacts {
      const entry = entries[path];
      if (entry === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
      return { uid: entry.uid, mode: entry.mode, isDirectory: () => entry.link !== true };
    },
    mkdirSync(path: string) {
      made.push(path);
    },
  };
}

const me = 1000;
const home = { '/': { uid: 0, mode: 0o755 }, '/home': { uid: 0, mode: 0o755 }, '/home/ann': { uid: me, mode: 0o700 }, '/home/ann/.cache': { uid: me, mode: 0o700 } };
const cacheTree = { ...home, '/home/ann/.cache/device-signin': { uid: me, mode: 0o700 }, '/home/ann/.cache/device-signin/compile-cache': { uid: me, mode: 0o700 } };

describe('the compile cache folder', () => {
  it("is the user's cache folder on each platform, never the temporary one", () => {
    expect(compileCacheFolder({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/device-signin/compile-cache');
    expect(compileCacheFolder({ XDG_CACHE_HOME: '/home/ann/xdg' }, 'linux', '/home/ann')).toBe('/home/ann/xdg/device-signin/compile-cache');
    // XDG Base Directory: a relative path is invalid and ignored.
    expect(compileCacheFolder({ XDG_CACHE_HOME: 'xdg' }, 'linux', '/home/ann')).toBe('/home/ann/.cache/device-signin/compile-cache');
    expect(compileCacheFolder({ TMPDIR: '/tmp' }, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/device-signin/compile-cache');
    expect(compileCacheFolder({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\device-signin\\compile-cache');
  });

  it('is used when it and every folder above belong to the user or root and nobody else can write them', () => {
    expect(cacheFolderProblem('/home/ann/.cache/device-signin/compile-cache', me, folders(cacheTree))).toBeUndefined();
    // A sticky, root-owned, world-writable ancestor (as /tmp) cannot have our folder swapped.
    const underTmp = { '/': { uid: 0, mode: 0o755 }, '/tmp': { uid: 0, mode: 0o1777 }, '/tmp/ann': { uid: me, mode: 0o700 } };
    expect(cacheFolderProblem('/tmp/ann', me, folders(underTmp))).toBeUndefined();
  });

  it('is refused when another account owns it, could write it or any folder above it, or it is a link', () => {
    const path = '/home/ann/.cache/device-signin/compile-cache';
    expect(cacheFolderProblem(path, me, folders({ ...cacheTree, [path]: { uid: 1001, mode: 0o700 } }))).toBe(`${path} belongs to user 1001, not to ${me}`);
    expect(cacheFolderProblem(path, me, folders({ ...cacheTree, [path]: { uid: me, mode: 0o777 } }))).toBe(`${path} can be written by other users (mode 777)`);
    expect(cacheFolderProblem(path, me, folders({ ...cacheTree, [path]: { uid: me, mode: 0o777, link: true } }))).toBe(`${path} is not a folder`);
    expect(cacheFolderProblem(path, me, folders({ ...cacheTree, '/home/ann/.cache': { uid: me, mode: 0o775 } }))).toBe('/home/ann/.cache can be written by other users (mode 775)');
    expect(cacheFolderProblem(path, me, folders({ ...cacheTree, '/home/ann': { uid: 1001, mode: 0o755 } }))).toBe('/home/ann belongs to user 1001');
    // Sticky but owned by another user: that user can still rename what is in it.
    expect(cacheFolderProblem(path, me, folders({ ...cacheTree, '/home': { uid: 1001, mode: 0o1777 } }))).toBe('/home belongs to user 1001');
  });

  it('is created 0700 and then checked; a folder that cannot be made turns the cache off', () => {
    const access = folders(cacheTree);
    expect(chooseCompileCache({}, 'linux', '/home/ann', me, access)).toEqual({ use: true, folder: '/home/ann/.cache/device-signin/compile-cache' });
    expect(access.made).toEqual(['/home/ann/.cache/device-signin/compile-cache']);
    const failing = { ...folders(cacheTree), mkdirSync: () => { throw Object.assign(new Error('read-only'), { code: 'EROFS' }); } };
    expect(chooseCompileCache({}, 'linux', '/home/ann', me, failing)).toEqual({ use: false, reason: '/home/ann/.cache/device-signin/compile-cache cannot be used (EROFS)' });
  });
});
