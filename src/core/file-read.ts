/**
 * Reading a small file and a file's facts for a command-line start: `device-signin token` reads
 * the settings, the policies and the session on every call. Not node:fs/promises: loading that
 * module (it brings readline, directories and file watching along) costs more than the reads.
 * Nor node:fs's callbacks: the first one starts libuv's four-thread pool, about 7 ms of a
 * 60 ms start here (docs/benchmarks.md), for reads of a few kilobytes from a local disk that take
 * microseconds. So the reads are synchronous, behind the same promises. The errors are node:fs's
 * own, with the same `code` (ENOENT, EACCES…) as node:fs/promises gives.
 */
import type { Stats } from 'node:fs';

// The built-in object, not `import … from 'node:fs'`: as an ES module node:fs is evaluated
// whole, its promises and streams included.
const fs = process.getBuiltinModule('node:fs');

export function readTextFile(path: string): Promise<string> {
  return settled(() => fs.readFileSync(path, 'utf8'));
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
  return settled(() => fs.lstatSync(path));
}

/** What `read` returns, or its error, as a promise: callers wait as they would for an asynchronous read. */
async function settled<T>(read: () => T): Promise<T> {
  return read();
}
