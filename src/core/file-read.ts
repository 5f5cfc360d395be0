/**
 * Reading a small file and a file's facts through node:fs's callbacks, not node:fs/promises:
 * loading that module (it brings readline, directories and file watching along) costs a
 * command-line start more than the reads themselves, and `device-signin token` reads the
 * settings, the policies and the session on every call. The errors are node:fs's own, with the
 * same `code` (ENOENT, EACCES…) as node:fs/promises gives.
 */
import type { Stats } from 'node:fs';

// The built-in object, not `import … from 'node:fs'`: as an ES module node:fs is evaluated
// whole, its promises and streams included.
const fs = process.getBuiltinModule('node:fs');

export function readTextFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.readFile(path, 'utf8', (error, text) => {
      if (error === null) resolve(text);
      else reject(error);
    });
  });
}

/** What `read` gives, or `undefined` when there is no such file (nor a folder on its path). */
export async function unlessMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** lstat: the link itself, not what it points to. */
export function linkFacts(path: string): Promise<Stats> {
  return new Promise((resolve, reject) => {
    fs.lstat(path, (error, facts) => {
      if (error === null) resolve(facts);
      else reject(error);
    });
  });
}
