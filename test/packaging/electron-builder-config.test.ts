/**
 * The installer configuration, checked the way electron-builder itself checks it before a build
 * (its JSON schema, which rejects unknown keys), without Electron or any download. Then the parts
 * an admin relies on: fuses, signing, notarization, the installers MDMs deploy (MSI, pkg), the
 * bundled policy, the policy templates and the update feed.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../src/core/policy/policy.ts';
import { administratorSids } from '../../src/core/policy/windows-acl.ts';
import { policyTemplates, templatesDirectory } from '../../scripts/policy-templates/templates.ts';

const root = join(import.meta.dirname, '..', '..');

async function loadChecked(projectDir: string, override: Configuration | null = null): Promise<Configuration> {
  const config = await getConfig(projectDir, join(projectDir, 'electron-builder.yml'), override);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

/** A copy of the project's config with one line changed, in a scratch folder. */
async function brokenCopy(replace: string, by: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'builder-config-'));
  const text = await readFile(join(root, 'electron-builder.yml'), 'utf8');
  expect(text).toContain(replace);
  await writeFile(join(dir, 'electron-builder.yml'), text.replace(replace, by));
  await copyFile(join(root, 'package.json'), join(dir, 'package.json'));
  return dir;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(loadChecked(root)).resolves.toBeDefined();
  });

  it.each([
    ['a misspelt fuse', 'runAsNode: false', 'runAsNod: false', /configuration\.electronFuses/],
    ['an unknown top-level key', 'asar: true', 'asar: true\nsigning: true', /signing/],
    ['a wrong type', 'hardenedRuntime: true', 'hardenedRuntime: "yes"', /hardenedRuntime/],
    ['a misspelt MSI option', 'perMachine: true # under', 'perMachin: true # under', /configuration\.msi/],
    ['a misspelt pkg option', 'isRelocatable: false', 'isRelocateable: false', /configuration\.pkg/],
    ['a misspelt NSIS option', 'include: resources/installer.nsh', 'includes: resources/installer.nsh', /configuration\.nsis/],
  ])('is rejected with %s, so this check can fail', async (_story, replace, by, message) => {
    const dir = await brokenCopy(replace, by);
    await expect(loadChecked(dir)).rejects.toThrow(message);
  });

  it('flips the fuses that close code-injection doors', async () => {
    const { electronFuses } = await loadChecked(root);
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The page is served from app:// (src/main/app-protocol.ts); file:// needs no privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('signs and notarizes on macOS with a hardened runtime and only the JIT entitlement', async () => {
    const { mac } = await loadChecked(root);
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true, target: ['dmg', 'zip', 'pkg'] });
    const entitlements = await readFile(join(root, String(mac?.entitlements)), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(entitlements.match(/<key>/g)).toHaveLength(1);
  });

  it('signs Windows installers with signtool, or Azure Trusted Signing given on the command line', async () => {
    const { win, nsis } = await loadChecked(root);
    expect(win?.signtoolOptions).toMatchObject({ signingHashAlgorithms: ['sha256'] });
    expect(win?.verifyUpdateCodeSignature).toBe(true);
    expect(nsis).toMatchObject({ oneClick: false, perMachine: true });
    // The documented Azure build (docs/admin.md) passes these as -c.win.azureSignOptions.*.
    const azure = await loadChecked(root, {
      win: {
        azureSignOptions: {
          endpoint: 'https://eus.codesigning.azure.net',
          codeSigningAccountName: 'example-signing',
          certificateProfileName: 'example-profile',
          publisherName: 'Example Ltd',
        },
      },
    });
    expect(azure.win?.azureSignOptions?.endpoint).toBe('https://eus.codesigning.azure.net');
  });

  it('has the NSIS installer make the machine policy folder for administrators only, before any user can make it theirs', async () => {
    const { nsis } = await loadChecked(root);
    expect(nsis?.include).toBe('resources/installer.nsh');
    const script = await readFile(join(root, String(nsis?.include)), 'utf8');
    expect(script).toContain('!macro customInstall');
    expect(script).toContain('${if} $installMode == "all"');
    expect(script).toContain('StrCpy $R0 "$APPDATA\\Device Sign-In"');
    // By SID (names are localized): the owner Administrators, and nothing inherited from ProgramData,
    // where every user may create files: Administrators and SYSTEM full control, Users read.
    expect(script).toContain('icacls.exe" "$R0" /setowner *S-1-5-32-544 /L');
    const grants = '*S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX';
    expect(script).toContain(`icacls.exe" "$R0" /inheritance:r /grant:r ${grants} /L`);
    // A folder an administrator owns is left as it is: the installer and the app agree on who counts.
    const owners = /!define DEVICE_SIGNIN_ADMIN_SIDS "(.*)"/.exec(script)?.[1]?.match(/S-1-[\d-]+/g);
    expect(new Set(owners)).toEqual(administratorSids);
  });

  it('builds a per-machine MSI next to the NSIS installer, for Group Policy, Intune and Configuration Manager', async () => {
    const { win, msi } = await loadChecked(root);
    expect(win?.target).toEqual(['nsis', 'msi']);
    expect(msi).toMatchObject({ perMachine: true, runAfterFinish: false });
    // Windows Installer finds the installed product to upgrade by this code alone.
    expect(msi?.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('builds a pkg next to the dmg, for MDMs: into /Applications only, signed by an identity from the environment, notarized', async () => {
    const { mac, pkg } = await loadChecked(root);
    expect(mac?.target).toContain('pkg');
    expect(pkg).toMatchObject({
      installLocation: '/Applications',
      allowAnywhere: false,
      allowCurrentUserHome: false,
      allowRootDirectory: true,
      isRelocatable: false,
    });
    // No certificate named in the repository: productbuild finds the Developer ID Installer
    // identity from CSC_INSTALLER_LINK or the keychain, and mac.notarize covers the pkg too.
    expect(pkg?.identity).toBeUndefined();
    expect(mac?.notarize).toBe(true);
  });

  it('ships the policy templates beside app.asar, and every one of them exists', async () => {
    const { extraResources } = await loadChecked(root);
    expect(extraResources).toEqual([{ from: 'resources/policy-templates', to: 'policy-templates' }]);
    for (const template of policyTemplates) await expect(readFile(join(templatesDirectory, template.path), 'utf8')).resolves.not.toBe('');
  });

  it('builds deb and rpm, which install an AppArmor profile, not an AppImage, which Ubuntu 23.10+ stops; rpm with libsecret', async () => {
    const { linux, rpm } = await loadChecked(root);
    // The profile itself: packed-app.test.ts. Why not AppImage: electron-builder.yml.
    expect(linux?.target).toEqual(['deb', 'rpm']);
    expect(rpm?.depends).toContain('libsecret');
  });

  it('packs the bundled policy inside app.asar, where the integrity check covers it, and that policy is valid', async () => {
    const { files, extraResources, asar } = await loadChecked(root);
    expect(asar).toBe(true);
    // electron-builder normalises `files` into filter sets.
    expect(JSON.stringify(files)).toContain('"resources/policy.json"');
    // Not also as a loose file beside app.asar, which no integrity check covers.
    expect(JSON.stringify(extraResources ?? [])).not.toContain('policy.json');
    await expect(loadPolicyFile(join(root, 'resources', 'policy.json'))).resolves.toBeDefined();
  });

  it('publishes to a generic update feed whose URL comes from the environment', async () => {
    const config = await loadChecked(root);
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.DEVICE_SIGNIN_UPDATE_URL}' });
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });
});

describe('icons', () => {
  it.each([
    ['resources/icon.png', 1024],
    ['resources/icons/512x512.png', 512],
  ])('%s is a real %ipx PNG', async (path, size) => {
    const png = await readFile(join(root, path));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    expect(png.length).toBeLessThan(64 * 1024);
  });
});
