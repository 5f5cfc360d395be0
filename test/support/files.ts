import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under a folder as one text (bytes as latin1), to look for secrets that should not be there. */
export async function everyFileText(folder: string): Promise<string> {
  const names = await readdir(folder, { recursive: true });
  const texts = await Promise.all(
    names.map(async (name) => ((await stat(join(folder, name))).isFile() ? readFile(join(folder, name), 'latin1') : '')),
  );
  return texts.join('\n');
}
