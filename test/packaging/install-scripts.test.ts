/**
 * A clean install runs no dependency's install script the project has not decided on, and says
 * nothing about them. npm 11.16 and later list, at the end of `npm install` and `npm ci`, every
 * package with an install script that package.json's `allowScripts` does not cover (advisory
 * now; npm 12 refuses to run them). Ours are denied: electron-winstaller's picks a 7-Zip for
 * Squirrel.Windows, a target we do not build (NSIS and MSI), and es5-ext's prints a message.
 *
 * `npm ci --dry-run --offline` reads package.json and the lockfile as a clean install does and
 * prints the same notice, without downloading or writing anything.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const folders: string[] = [];
const npmVersion = (await promisify(execFile)('npm', ['--version'])).stdout.trim();
// The first npm that reads allowScripts and prints the notice.
const [major = 0, minor = 0] = npmVersion.split('.').map(Number);
const npmKnowsAllowScripts = major > 11 || (major === 11 && minor >= 16);

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** What a clean install of this project prints about install scripts, given its package.json. */
async function cleanInstallNotice(manifest: Record<string, unknown>): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-npm-ci-'));
  folders.push(folder);
  await writeFile(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  await copyFile(join(root, 'package-lock.json'), join(folder, 'package-lock.json'));
  const args = ['ci', '--dry-run', '--offline', '--no-audit', '--no-fund', '--cache', join(folder, 'cache')];
  const { stderr } = await promisify(execFile)('npm', args, {
    cwd: folder,
    env: { PATH: process.env['PATH'] ?? '', HOME: folder, npm_config_update_notifier: 'false' },
  });
  return stderr.split('\n').filter((line) => line.includes('install-scripts'));
}

describe.skipIf(!npmKnowsAllowScripts)(`npm ${npmVersion}: install scripts`, () => {
  it('a clean install lists no install script left undecided', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(await cleanInstallNotice(manifest)).toEqual([]);
  });

  it('decides on exactly the packages that have one: without the list, npm names those and no others', async () => {
    const text = await readFile(join(root, 'package.json'), 'utf8');
    const { allowScripts, ...manifest } = JSON.parse(text) as { allowScripts: Record<string, boolean> };
    const notice = await cleanInstallNotice(manifest);
    const named = notice.map((line) => /install-scripts\s+(\S+)@\d/.exec(line)?.[1]).filter((name) => name !== undefined);
    expect(named.toSorted()).toEqual(Object.keys(allowScripts).toSorted());
  });
});
