import { dirname } from 'node:path';
import { readTextFile } from '../file-read.ts';
import { decodeSession, encodeSession, setAsideName, VaultDamagedError } from './vault.ts';
import type { TokenVault } from './session-record.ts';

/** node:fs/promises and node:crypto when a session is written: reading one (every `device-signin token`) loads neither. */
const writing = async (): Promise<[typeof import('node:fs/promises'), typeof import('node:crypto')]> =>
  Promise.all([import('node:fs/promises'), import('node:crypto')]);

/**
 * Writes a file so that readers see the old content or the new, never a torn mix: write a
 * temporary file beside it, flush it to disk, then rename over the target (atomic on POSIX
 * and on NTFS for same-volume renames).
 */
export async function writeFileAtomically(path: string, content: string, mode = 0o600): Promise<void> {
  const [{ chmod, mkdir, open, rename, rm }, { randomBytes }] = await writing();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await chmod(path, mode);
}

/** Moves a damaged file out of the way, keeping it for support: `name.damaged-<time>`. */
export async function setFileAside(path: string, now = new Date()): Promise<string> {
  const aside = setAsideName(path, now);
  const [{ rename }] = await writing();
  await rename(path, aside);
  return aside;
}

/**
 * Tokens in a plain 0600 file. Only for machines without a keyring, and only when the user
 * (`--insecure-storage`) or the admin policy asks for it explicitly: anyone who can read the
 * user's files can read these tokens.
 */
export function createFileVault(path: string): TokenVault {
  return {
    kind: 'file',
    async load() {
      let text: string;
      try {
        text = await readTextFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return decodeSession(text);
      } catch (error) {
        const aside = await setFileAside(path);
        throw new VaultDamagedError(`The session file was damaged and has been moved to ${aside}.`, aside, error);
      }
    },
    save: (session) => writeFileAtomically(path, encodeSession(session)),
    clear: async () => {
      const [{ rm }] = await writing();
      await rm(path, { force: true });
    },
  };
}
