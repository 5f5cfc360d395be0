/**
 * Configuration profiles on macOS: the managed preferences macOS writes for the
 * `dev.device-signin.app` domain, as binary or XML property lists, made here by the parser's own
 * writer and by Debian's plistutil (libplist, an independent implementation), in a folder laid out
 * as /Library/Managed Preferences is. Who owns a file is judged by the real rule, with the owner
 * in each file's facts played by a stand-in so that "not root" can be shown whoever runs the tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, buildBinary, type PlistValue } from 'plist';
import { requirement } from '../../support/requirements.ts';
import { describe, expect, it } from 'vitest';
import type { Log, LogFields } from '../../../src/core/log.ts';
import {
  managedPreferencesPaths,
  nodeManagedPreferencesAccess,
  readManagedPreferences,
} from '../../../src/core/policy/managed-preferences.ts';
import { type FileFacts, policyWritableByUsers } from '../../../src/core/policy/policy-file-trust.ts';
import { parsePolicy, PolicyError } from '../../../src/core/policy/policy-document.ts';
import { resolveSettings } from '../../../src/core/policy/settings-resolution.ts';

const plistutil = '/usr/bin/plistutil';

function recordingLog(): Log & { readonly warnings: { event: string; fields: LogFields | undefined }[] } {
  const warnings: { event: string; fields: LogFields | undefined }[] = [];
  return { info: () => undefined, warn: (event, fields) => warnings.push({ event, fields }), secret: () => undefined, warnings };
}

/** A Managed Preferences folder holding the machine's and ada's files, as given. */
async function managedPreferences(files: {
  readonly machine?: Uint8Array | string;
  readonly user?: Uint8Array | string;
}): Promise<{ folder: string; paths: ReturnType<typeof managedPreferencesPaths> }> {
  const folder = await mkdtemp(join(tmpdir(), 'managed-preferences-'));
  const paths = managedPreferencesPaths('ada', folder);
  await mkdir(join(folder, 'ada'));
  if (files.machine !== undefined) await writeFile(paths.machine, files.machine);
  if (files.user !== undefined) await writeFile(paths.user, files.user);
  return { folder, paths };
}

/**
 * The real reading, with every file and folder reported as root's (whoever runs the tests) except
 * `notRoot`, reported as a user's (uid 501).
 */
function rootOwnedBut(notRoot?: string) {
  const stat = async (path: string): Promise<FileFacts> => {
    const facts = await lstat(path);
    return { uid: path === notRoot ? 501 : 0, mode: facts.mode, isDirectory: () => facts.isDirectory() };
  };
  return {
    read: (path: string) => nodeManagedPreferencesAccess.read(path),
    notRootOnly: (path: string) => policyWritableByUsers(path, 'darwin', stat),
  };
}

function readFrom(folder: string, log: Log = recordingLog(), notRoot?: string) {
  return readManagedPreferences({ user: 'ada', log, folder, access: rootOwnedBut(notRoot) });
}

const staff: PlistValue = {
  issuer: 'https://login.example.com/realms/staff',
  clientId: 'device-signin-desktop',
  demoProvider: false,
  updates: { enabled: true, channel: 'beta' },
  locked: ['issuer', 'clientId'],
};

describe('managed preferences from a configuration profile', () => {
  it('reads the machine file as a binary property list and the user file as XML, machine first', async () => {
    const { folder, paths } = await managedPreferences({
      machine: buildBinary(staff),
      user: build({ scope: 'openid email', locked: ['scope'] }),
    });
    const log = recordingLog();
    const [machine, user, ...rest] = await readFrom(folder, log);
    expect(rest).toEqual([]);
    expect(machine).toMatchObject({ file: paths.machine, kind: 'configuration-profile', perUser: false });
    expect(machine?.values).toEqual({
      issuer: 'https://login.example.com/realms/staff',
      clientId: 'device-signin-desktop',
      demoProvider: false,
      updates: { enabled: true, allowDowngrade: false, channel: 'beta' },
    });
    expect([...(machine?.locked ?? [])]).toEqual(['issuer', 'clientId']);
    expect(user).toMatchObject({ file: paths.user, perUser: true, values: { scope: 'openid email' } });
    expect(log.warnings).toEqual([]);
  });

  it.skipIf(!requirement('plistutil (apt-get install libplist-utils)', existsSync(plistutil) ? undefined : `${plistutil} does not exist`))(
    'reads a binary property list that libplist wrote (needs plistutil: apt-get install libplist-utils)',
    async () => {
      const binary = execFileSync(plistutil, ['-i', '-', '-o', '-', '-f', 'bin'], { input: build(staff) });
      expect(binary.subarray(0, 8).toString('latin1')).toBe('bplist00');
      const { folder } = await managedPreferences({ machine: binary });
      const [machine] = await readFrom(folder);
      expect(machine?.values.issuer).toBe('https://login.example.com/realms/staff');
      expect(machine?.values.updates?.channel).toBe('beta');
    },
  );

  it('ignores a file that root does not own, and says so in the log', async () => {
    const { folder, paths } = await managedPreferences({
      machine: build({ clientId: 'from-machine' }),
      user: build({ issuer: 'https://attacker.example.com' }),
    });
    const log = recordingLog();
    const policies = await readFrom(folder, log, paths.user);
    expect(policies.map((policy) => policy.file)).toEqual([paths.machine]);
    expect(log.warnings).toEqual([
      {
        event: 'policy.ignored',
        fields: {
          source: paths.user,
          reason: `only a file that root alone can change counts, but ${paths.user} belongs to user 501, not to root`,
        },
      },
    ]);
  });

  it('refuses an invalid value with the error a policy file gets, naming the file and the key', async () => {
    const { folder, paths } = await managedPreferences({ machine: build({ issuer: 'http://login.example.com', locked: ['issuer'] }) });
    const error: unknown = await readFrom(folder).catch((caught: unknown) => caught);
    const httpsOnly = '"issuer" must use https (plain http only on a loopback address); found "http://login.example.com".';
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({
      code: 'invalid_config',
      file: paths.machine,
      key: 'issuer',
      message: `Policy ${paths.machine}: ${httpsOnly}`,
    });
  });

  it('refuses a value of the wrong type and a file that is no property list', async () => {
    const wrongType = await managedPreferences({ machine: build({ demoProvider: 'no' }) });
    await expect(readFrom(wrongType.folder)).rejects.toThrow(
      `Policy ${wrongType.paths.machine}: "demoProvider" must be true or false; found string "no".`,
    );
    const garbage = await managedPreferences({ user: 'not a property list' });
    await expect(readFrom(garbage.folder)).rejects.toMatchObject({
      file: garbage.paths.user,
      text: expect.stringMatching(/^is not a valid property list \(/) as unknown,
    });
  });

  it('wins over the policy file where both set a key', async () => {
    const { folder, paths } = await managedPreferences({ machine: buildBinary({ clientId: 'from-profile' }) });
    const platform = await readFrom(folder);
    const file = parsePolicy(
      '{"clientId":"from-file","issuer":"https://login.example.com"}',
      '/Library/Application Support/Device Sign-In/policy.json',
    );
    const resolved = resolveSettings({ platform, system: file });
    expect(resolved.settings).toMatchObject({ clientId: 'from-profile', issuer: 'https://login.example.com' });
    expect(resolved.policySources).toEqual([
      { kind: 'configuration-profile', name: paths.machine },
      { kind: 'policy-file', name: '/Library/Application Support/Device Sign-In/policy.json' },
    ]);
  });
});
