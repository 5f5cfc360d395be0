/**
 * The app as electron-builder really packs it, offline: the project's own electron-builder.yml,
 * with a stand-in Electron distribution (`electronDist`, a script carrying Electron's fuse wire
 * at Electron's defaults) in place of the binary that cannot be downloaded here. Checked on what
 * the build writes: the fuses flipped in the executable, the app-update.yml electron-updater
 * will read, the bundled policy inside app.asar and the policy templates beside it. Linux `dir`
 * target only: the Windows and macOS packs (NSIS, MSI, dmg, pkg) need their own OS and tools.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyTemplates, templatesDirectory } from '../../scripts/policy-templates/templates.ts';

const root = resolve(import.meta.dirname, '../..');
const feed = 'https://updates.example.test/device-signin';
let unpacked: string;

/** Electron's own fuse wire at its defaults (fuse version 1, eight fuses, '1' on / '0' off). */
const electronDefaults = '10110001';
const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'device-signin-pack-'));
  const electronDist = join(work, 'electron-dist');
  await mkdir(electronDist);
  const wire = Buffer.concat([Buffer.from(`#!/bin/sh\nexit 0\n# ${sentinel}`), Buffer.from([1, electronDefaults.length]), Buffer.from(electronDefaults)]);
  await writeFile(join(electronDist, 'electron'), wire);
  await chmod(join(electronDist, 'electron'), 0o755);
  // The real build first: electron-builder packs out/ as `files` in electron-builder.yml says.
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root });
  const pack = `
    import { build, Platform } from 'electron-builder';
    await build({ projectDir: ${JSON.stringify(root)}, targets: Platform.LINUX.createTarget(['dir']), publish: 'never',
      config: { electronDist: ${JSON.stringify(electronDist)}, directories: { output: ${JSON.stringify(join(work, 'dist'))}, buildResources: 'resources' } } });`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', pack], { cwd: root, env: { ...process.env, DEVICE_SIGNIN_UPDATE_URL: feed }, timeout: 240_000 });
  unpacked = join(work, 'dist', 'linux-unpacked');
}, 300_000);

describe('the packed app', () => {
  it('has the fuses flipped in its executable, file:// without extra privileges among them', async () => {
    const fuses = await getCurrentFuseWire(join(unpacked, 'device-signin'));
    const on = 0x31;
    const off = 0x30;
    expect({
      runAsNode: fuses[FuseV1Options.RunAsNode],
      cookieEncryption: fuses[FuseV1Options.EnableCookieEncryption],
      nodeOptions: fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: fuses[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyFromAsar: fuses[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: fuses[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({ runAsNode: off, cookieEncryption: on, nodeOptions: off, inspect: off, asarIntegrity: on, onlyFromAsar: on, fileProtocolPrivileges: off });
  });

  it('writes an app-update.yml for the https feed and nothing that would loosen the updater', async () => {
    const text = await readFile(join(unpacked, 'resources', 'app-update.yml'), 'utf8');
    const entries = Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
    expect(entries).toEqual({ provider: 'generic', url: feed, updaterCacheDirName: 'device-signin-updater' });
  });

  it('carries the bundled policy inside app.asar, and no loose copy beside it', async () => {
    const files = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    expect(files).toContain('/resources/policy.json');
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/renderer/index.html');
    expect(await readdir(join(unpacked, 'resources'))).not.toContain('policy.json');
  });

  it('carries the Group Policy and configuration-profile templates in resources/, as generated', async () => {
    for (const template of policyTemplates) {
      const shipped = await readFile(join(unpacked, 'resources', 'policy-templates', template.path), 'utf8');
      expect(shipped, template.path).toBe(await readFile(join(templatesDirectory, template.path), 'utf8'));
    }
    const packed = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    expect(packed.filter((file) => file.includes('policy-templates'))).toEqual([]);
  });
});
