/**
 * The app as electron-builder really packs it, offline: the project's own electron-builder.yml,
 * with a stand-in Electron distribution (`electronDist`, a script carrying Electron's fuse wire
 * at Electron's defaults) in place of the binary that cannot be downloaded here. The Linux deb
 * target runs up to the point where it would hand the package to fpm (a download): the unpacked
 * app, its fuses, app-update.yml, app.asar and the AppArmor profile are all written by then, and
 * what fpm would receive is kept for the test. The Windows and macOS packs (NSIS, MSI, dmg, pkg)
 * need their own OS and tools.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage } from '@electron/asar';
import { bootMain, type Reported } from '../boot/booted-main.ts';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyTemplates, templatesDirectory } from '../../scripts/policy-templates/templates.ts';

const root = resolve(import.meta.dirname, '../..');
const feed = 'https://updates.example.test/device-signin';
const { productName } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { productName: string };
let unpacked: string;
let work: string;
/** What the deb target would have passed to fpm, and the postinstall script it named. */
let deb: { args: string[]; afterInstall: string };
let packed: string[];

/** Electron's own fuse wire at its defaults (fuse version 1, eight fuses, '1' on / '0' off). */
const electronDefaults = '10110001';
const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'device-signin-pack-'));
  const electronDist = join(work, 'electron-dist');
  await mkdir(electronDist);
  const script = Buffer.from(`#!/bin/sh\nexit 0\n# ${sentinel}`);
  const wire = Buffer.concat([script, Buffer.from([1, electronDefaults.length]), Buffer.from(electronDefaults)]);
  await writeFile(join(electronDist, 'electron'), wire);
  await chmod(join(electronDist, 'electron'), 0o755);
  // The real build first, all of `npm run build`: the command line too, so that leaving it out is checked.
  const node = (args: string[]): Promise<unknown> => promisify(execFile)(process.execPath, args, { cwd: root });
  await node([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn']);
  await node([join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'warn']);
  const fpmInput = join(work, 'fpm.json');
  const pack = `
    import { readFile, writeFile } from 'node:fs/promises';
    import { build, Platform } from 'electron-builder';
    await build({ projectDir: ${JSON.stringify(root)}, targets: Platform.LINUX.createTarget(['deb']), publish: 'never',
      config: { electronDist: ${JSON.stringify(electronDist)},
        directories: { output: ${JSON.stringify(join(work, 'dist'))}, buildResources: 'resources' } },
      // Called with fpm's arguments just before fpm would run; true stops there.
      effectiveOptionComputed: async ([args]) => {
        const afterInstall = await readFile(args[args.indexOf('--after-install') + 1], 'utf8');
        await writeFile(${JSON.stringify(fpmInput)}, JSON.stringify({ args, afterInstall }));
        return true;
      } });`;
  const env = { ...process.env, DEVICE_SIGNIN_UPDATE_URL: feed };
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', pack], { cwd: root, env, timeout: 240_000 });
  unpacked = join(work, 'dist', 'linux-unpacked');
  deb = JSON.parse(await readFile(fpmInput, 'utf8')) as typeof deb;
  packed = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
}, 300_000);

/** The packages a built bundle loads from node_modules at run time, by name. */
async function bareImports(file: string): Promise<string[]> {
  const code = await readFile(file, 'utf8');
  const loads = /(?:\bfrom\s*|\bimport\(\s*|\brequire\(\s*|createRequire\([^)]*\)\(\s*)["']([^"']+)["']/g;
  const specifiers = [...code.matchAll(loads)].map((match) => match[1] ?? '');
  const packageName = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*/;
  return specifiers
    .filter((specifier) => !specifier.startsWith('node:') && specifier !== 'electron' && packageName.test(specifier))
    .map((specifier) => packageName.exec(specifier)?.[0] ?? specifier);
}

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
    }).toEqual({
      runAsNode: off,
      cookieEncryption: on,
      nodeOptions: off,
      inspect: off,
      asarIntegrity: on,
      onlyFromAsar: on,
      fileProtocolPrivileges: off,
    });
  });

  it('writes an app-update.yml for the https feed and nothing that would loosen the updater', async () => {
    const text = await readFile(join(unpacked, 'resources', 'app-update.yml'), 'utf8');
    const pairs = text
      .trim()
      .split('\n')
      .map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
    const entries = Object.fromEntries(pairs);
    expect(entries).toEqual({ provider: 'generic', url: feed, updaterCacheDirName: 'device-signin-updater' });
  });

  it('carries the bundled policy inside app.asar, and no loose copy beside it', async () => {
    expect(packed).toContain('/resources/policy.json');
    expect(packed).toContain('/out/main/index.js');
    expect(packed).toContain('/out/renderer/index.html');
    expect(await readdir(join(unpacked, 'resources'))).not.toContain('policy.json');
  });

  it('carries the Group Policy and configuration-profile templates in resources/, as generated', async () => {
    for (const template of policyTemplates) {
      const shipped = await readFile(join(unpacked, 'resources', 'policy-templates', template.path), 'utf8');
      expect(shipped, template.path).toBe(await readFile(join(templatesDirectory, template.path), 'utf8'));
    }
    expect(packed.filter((file) => file.includes('policy-templates'))).toEqual([]);
  });
});

describe('the packed main bundle, started from app.asar under a stand-in Electron', () => {
  it('finds every package it loads inside the asar, and reaches a code from the demo provider', async () => {
    // Extracted beside nothing else: Node resolves packages from the asar's own node_modules only.
    const extracted = join(work, 'from-asar');
    extractAll(join(unpacked, 'resources', 'app.asar'), extracted);
    const main = await bootMain(join(extracted, 'out', 'main', 'index.js'));
    try {
      const pushedCode = (event: Reported): boolean =>
        event.type === 'webContents.send' && (event['payload'] as { status?: string }).status === 'awaiting_user';
      await main.waitFor(pushedCode, 'a code from the packed app');
      expect(await main.invoke('sign-in:get-state')).toMatchObject({ status: 'awaiting_user' });
    } finally {
      main.stop();
    }
  });
});

describe('a lean app.asar', () => {
  it('is at most 8 MB', async () => {
    const { size } = await stat(join(unpacked, 'resources', 'app.asar'));
    expect(size).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('leaves out what Vite bundled into the page, the build tools, and the command line', () => {
    const topLevel = new Set(packed.map((file) => /^\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1]));
    const pageOnly = ['react', 'react-dom', '@lingui/core', '@lingui/react', 'qrcode'];
    const theirDependencies = ['pngjs', 'yargs', 'jiti', '@babel/core', '@babel/parser'];
    for (const name of [...pageOnly, ...theirDependencies]) expect(topLevel, name).not.toContain(name);
    expect(packed.filter((file) => file.startsWith('/out/cli'))).toEqual([]);
  });

  it('has every package that main and the preload load at run time', async () => {
    const needed = new Set([
      ...(await bareImports(join(root, 'out/main/index.js'))),
      ...(await bareImports(join(root, 'out/preload/index.cjs'))),
      ...(await Promise.all((await readdir(join(root, 'out/main'))).map((file) => bareImports(join(root, 'out/main', file))))).flat(),
    ]);
    // Found at all, so this check cannot pass on an empty list.
    expect(needed).toContain('@napi-rs/keyring');
    for (const name of needed) expect(packed, name).toContain(`/node_modules/${name}/package.json`);
  });
});

describe('the deb on Ubuntu 23.10 and later', () => {
  const installDir = `/opt/${productName}`;

  it('installs the app under /opt with an AppArmor profile that lets its executable use user namespaces', async () => {
    // fpm's last-but-icons argument maps the unpacked app to the install folder.
    expect(deb.args).toContain(`${unpacked}/=${installDir}`);
    expect(await readdir(unpacked)).toContain('device-signin');
    const profile = await readFile(join(unpacked, 'resources', 'apparmor-profile'), 'utf8');
    // Quoted: the path has a space, which unquoted made the profile unparseable (electron-builder#9230).
    expect(profile).toContain(`profile "device-signin" "${installDir}/device-signin" flags=(unconfined) {`);
    expect(profile).toMatch(/^\s*userns,$/m);
  });

  it('loads that profile after install, where AppArmor can parse it (its own dry run first)', () => {
    const script = deb.afterInstall;
    expect(script).toContain(`APPARMOR_PROFILE_SOURCE='${installDir}/resources/apparmor-profile'`);
    expect(script).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/device-signin'");
    expect(script).toContain('apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE"');
    expect(script).toContain('apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"');
  });
});
