import { chmod, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManagedPolicies } from '../../../src/core/policy/policy.ts';
import { policyWritableByUsers } from '../../../src/core/policy/policy-file-trust.ts';

const asRoot = process.getuid?.() === 0;
// The files must belong to root for the trusted case and be handed to another user for the
// refused one, which only root can do.
if (!asRoot) console.log('policy-file-trust tests skipped: they create root-owned files and must run as root (CI does).');

/** A policy file in a folder of its own under the (sticky, world-writable) temp folder. */
async function policyFile(fileMode = 0o644, folderMode = 0o755): Promise<string> {
  const folder = join(await mkdtemp(join(tmpdir(), 'device-signin-policy-')), 'device-signin');
  await mkdir(folder, { mode: folderMode });
  await chmod(folder, folderMode);
  const path = join(folder, 'policy.json');
  await writeFile(path, '{"issuer": "https://login.example.com", "locked": ["issuer"]}');
  await chmod(path, fileMode);
  return path;
}

describe.skipIf(!asRoot)('a system policy users could rewrite', () => {
  it('is trusted when root owns it and its folders and no one else may write them (sticky /tmp included)', async () => {
    expect(await policyWritableByUsers(await policyFile(), 'linux')).toBeUndefined();
  });

  it('is refused, naming the file, when others may write the file', async () => {
    const path = await policyFile(0o666);
    expect(await policyWritableByUsers(path, 'linux')).toContain(`${path} can be written by users other than root`);
    await expect(loadManagedPolicies({ systemPath: path })).rejects.toMatchObject({ code: 'invalid_config', file: path });
  });

  it('is refused when a folder above it is writable by others without the sticky bit', async () => {
    const path = await policyFile(0o644, 0o777);
    expect(await policyWritableByUsers(path, 'linux')).toMatch(/device-signin can be written by users other than root \(mode 777\)/);
  });

  it('is refused, not ignored, when a user owns it: no user can put a file in /etc, so root put it there by mistake', async () => {
    const path = await policyFile();
    await chown(path, 1000, 1000);
    expect(await policyWritableByUsers(path, 'linux')).toContain('belongs to user 1000');
    await expect(loadManagedPolicies({ systemPath: path })).rejects.toMatchObject({
      code: 'invalid_config',
      problem: { rule: 'policy.untrusted' },
    });
  });

  it('is not a problem when there is no system policy at all', async () => {
    expect(await policyWritableByUsers('/nonexistent/device-signin/policy.json', 'linux')).toBeUndefined();
  });
});
