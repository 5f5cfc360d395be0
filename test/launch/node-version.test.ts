/**
 * `device-signin` on a Node.js older than the project supports says which version it needs, in
 * one line, instead of a stack trace. Run for real with an older Node where this machine has one
 * (Debian's or the system's /usr/bin/node); the comparison itself is checked at the boundary.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSupportedNode, minimumNode } from '../../src/cli/node-version.ts';
import { type BuiltCli, buildCli } from '../support/built-cli.ts';

const root = resolve(import.meta.dirname, '../..');

/** The first of the usual places that holds a Node older than the minimum, with its version. */
async function olderNode(): Promise<{ path: string; version: string } | undefined> {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node', '/usr/bin/nodejs']) {
    try {
      const version = (await promisify(execFile)(path, ['-p', 'process.versions.node'])).stdout.trim();
      if (!isSupportedNode(version)) return { path, version };
    } catch {
      // Not there.
    }
  }
  return undefined;
}

const older = await olderNode();
const required = minimumNode.join('.');
let cli: BuiltCli;

beforeAll(async () => {
  cli = await buildCli('node-version');
}, 120_000);

describe('the Node.js version the command line needs', () => {
  it('is the lowest version package.json engines accepts', async () => {
    const { engines } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node.startsWith(`^${required} `)).toBe(true);
  });

  it.each([
    ['20.20.2', false],
    ['22.18.9', false],
    [required, true],
    ['22.19.1', true],
    ['24.0.0', true],
    ['100.0.0', true],
  ])('counts Node %s as supported: %s', (version, supported) => {
    expect(isSupportedNode(version)).toBe(supported);
  });

  const olderStory = older === undefined ? 'no older Node on this machine' : `${older.path} (${older.version})`;
  it.skipIf(older === undefined)(`on ${olderStory}: one line naming ${required}, exit 1`, async () => {
    const run = await promisify(execFile)(older?.path ?? '', [cli.script, 'status']).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`device-signin needs Node.js ${required} or later; this is Node.js ${older?.version}.\n`);
  });

  it('runs as usual on this Node', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli.script, '--version']);
    expect(stdout).toMatch(/^device-signin \d+\.\d+\.\d+/);
  });
});
