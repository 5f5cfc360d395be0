/**
 * Group Policy and Intune on Windows: the values a GPO leaves in HKLM and HKCU
 * `SOFTWARE\Policies\Device Sign-In`, read the way the app reads them, through System32's reg.exe.
 * The OS is played by a stand-in that prints what `reg query` prints (the command's reference:
 * https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query; a blank
 * line, the key's full name, then `    <name>    <REG_TYPE>    <data>` per value, CRLF line ends,
 * REG_DWORD in hexadecimal, and exit status 1 with a message on stderr for a missing key).
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from '../../../src/core/policy/policy-document.ts';
import { policyRegistryKeys, readGroupPolicy, regExeReader } from '../../../src/core/policy/registry-policy.ts';
import { keysLockedWithIssuer, resolveSettings } from '../../../src/core/policy/settings-resolution.ts';
import type { WindowsCommands } from '../../../src/core/policy/windows-system.ts';

const hklm = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Device Sign-In';
const hkcu = 'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Device Sign-In';

/** `reg query <key>` output for a key with these value lines (and subkeys listed after them). */
function printed(key: string, values: readonly (readonly [string, string, string])[], subkeys: readonly string[] = []): string {
  const lines = values.map(([name, type, data]) => `    ${name}    ${type}    ${data}`);
  return ['', ...(values.length === 0 ? [] : [key, ...lines, '']), ...subkeys.map((sub) => `${key}\\${sub}`), ''].join('\r\n');
}

const missingKey = (): Error =>
  Object.assign(new Error('Command failed: reg.exe query'), {
    code: 1,
    stdout: '',
    stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
  });

/** A stand-in Windows whose registry holds these keys (by their full names, as reg.exe prints them). */
function windowsWith(keys: Readonly<Record<string, string>>): { readonly commands: WindowsCommands; readonly asked: string[] } {
  const asked: string[] = [];
  const full = (key: string) => key.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/, 'HKEY_CURRENT_USER\\');
  const commands: WindowsCommands = {
    loadedModules: () => ['C:\\WINDOWS\\SYSTEM32\\ntdll.dll'],
    run: (file, args) => {
      if (file !== 'C:\\WINDOWS\\SYSTEM32\\reg.exe' || args[0] !== 'query' || args.length !== 2)
        return Promise.reject(new Error(`unexpected ${file} ${args.join(' ')}`));
      asked.push(args[1] ?? '');
      const output = keys[full(args[1] ?? '')];
      return output === undefined ? Promise.reject(missingKey()) : Promise.resolve(output);
    },
  };
  return { commands, asked };
}

/** Policies keys as every Windows has them, with Device Sign-In's keys as given. */
function registry(
  machine: readonly (readonly [string, string, string])[] | undefined,
  user?: readonly (readonly [string, string, string])[],
) {
  return windowsWith({
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies': printed(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies',
      [],
      ['Microsoft', ...(machine === undefined ? [] : ['Device Sign-In'])],
    ),
    'HKEY_CURRENT_USER\\SOFTWARE\\Policies': printed(
      'HKEY_CURRENT_USER\\SOFTWARE\\Policies',
      [],
      ['Microsoft', ...(user === undefined ? [] : ['Device Sign-In'])],
    ),
    ...(machine === undefined ? {} : { [hklm]: printed(hklm, machine) }),
    ...(user === undefined ? {} : { [hkcu]: printed(hkcu, user) }),
  });
}

async function refusal(machine: readonly (readonly [string, string, string])[]): Promise<PolicyError> {
  const error: unknown = await readGroupPolicy(regExeReader(registry(machine).commands)).catch((caught: unknown) => caught);
  if (error instanceof PolicyError) return error;
  throw new Error(`expected a PolicyError, got ${String(error)}`);
}

describe('Group Policy in the registry', () => {
  it('reads each value as the policy key it is named after: strings, a REG_DWORD boolean, JSON objects, the list of locks', async () => {
    const os = registry([
      ['issuer', 'REG_SZ', 'https://login.example.com/realms/staff'],
      ['ClientId', 'REG_SZ', 'device-signin-desktop'],
      ['demoProvider', 'REG_DWORD', '0x0'],
      ['tokenStorage', 'REG_SZ', 'session-only'],
      ['branding', 'REG_SZ', '{"organizationName":"Soci\\u00e9t\\u00e9 Exemple"}'],
      ['locked', 'REG_SZ', '["issuer","clientId"]'],
    ]);
    const [machine, ...rest] = await readGroupPolicy(regExeReader(os.commands));
    expect(rest).toEqual([]);
    expect(machine).toMatchObject({ file: policyRegistryKeys.machine, kind: 'group-policy', perUser: false });
    expect(machine?.values).toEqual({
      issuer: 'https://login.example.com/realms/staff',
      clientId: 'device-signin-desktop',
      demoProvider: false,
      tokenStorage: 'session-only',
      branding: { organizationName: 'Société Exemple', logo: undefined },
    });
    expect([...(machine?.locked ?? [])]).toEqual(['issuer', 'clientId']);
    // The HKCU key is absent: proven by its parent, which answers without listing it.
    expect(os.asked).toEqual([policyRegistryKeys.machine, policyRegistryKeys.user, 'HKCU\\SOFTWARE\\Policies']);
  });

  it('takes locks as a REG_MULTI_SZ of names too', async () => {
    const [machine] = await readGroupPolicy(regExeReader(registry([['locked', 'REG_MULTI_SZ', 'issuer\\0demoProvider']]).commands));
    expect([...(machine?.locked ?? [])]).toEqual(['issuer', 'demoProvider']);
  });

  it('is no policy at all when neither key exists', async () => {
    await expect(readGroupPolicy(regExeReader(registry(undefined).commands))).resolves.toEqual([]);
  });

  it('refuses a boolean written as a string, naming the key, the value type and what it holds', async () => {
    const error = await refusal([['demoProvider', 'REG_SZ', 'false']]);
    expect(error.message).toBe(
      'Policy HKLM\\SOFTWARE\\Policies\\Device Sign-In: "demoProvider" must be a REG_DWORD, 1 for true or 0 for false; ' +
        'found REG_SZ "false".',
    );
    expect(error).toMatchObject({ code: 'invalid_config', file: policyRegistryKeys.machine, key: 'demoProvider' });
    expect((await refusal([['issuer', 'REG_DWORD', '0x1']])).message).toBe(
      'Policy HKLM\\SOFTWARE\\Policies\\Device Sign-In: "issuer" must be a REG_SZ; found REG_DWORD 0x1.',
    );
  });

  it('refuses an object whose JSON does not parse', async () => {
    const error = await refusal([['support', 'REG_SZ', '{url: https://help.example.com}']]);
    expect(error.key).toBe('support');
    expect(error.message).toMatch(
      new RegExp(
        /^Policy HKLM\\SOFTWARE\\Policies\\Device Sign-In: "support" /.source +
          /must be a REG_SZ holding a JSON object, but it is not valid JSON \(.+\)\.$/.source,
      ),
    );
  });

  it('says what is wrong in the same words as for a policy file', async () => {
    const fromRegistry = await refusal([['issuer', 'REG_SZ', 'http://login.example.com']]);
    const fromFile = (() => {
      try {
        parsePolicy('{"issuer":"http://login.example.com"}', 'C:\\ProgramData\\Device Sign-In\\policy.json');
      } catch (error) {
        return error as PolicyError;
      }
      throw new Error('the file was accepted');
    })();
    expect(fromRegistry.message).toBe(
      'Policy HKLM\\SOFTWARE\\Policies\\Device Sign-In: "issuer" must use https (plain http only on a loopback address); ' +
        'found "http://login.example.com".',
    );
    expect(fromRegistry.text).toBe(fromFile.text);
    expect(fromRegistry.problem?.rule).toBe(fromFile.problem?.rule);
    expect((await refusal([['updatez', 'REG_SZ', 'x']])).text).toMatch(/^is not a policy key\. Known keys: issuer, clientId, /);
  });

  it('fails closed when reg.exe fails for a key that exists, rather than taking the locks for absent', async () => {
    const os = windowsWith({
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies': printed('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies', [], ['Device Sign-In']),
    });
    await expect(readGroupPolicy(regExeReader(os.commands))).rejects.toMatchObject({
      code: 'invalid_config',
      file: policyRegistryKeys.machine,
    });
  });
});

describe('HKCU beside HKLM and the policy file', () => {
  it('never unlocks what HKLM locks: neither its own value nor an empty lock list changes it', async () => {
    const os = registry(
      [
        ['issuer', 'REG_SZ', 'https://login.example.com'],
        ['locked', 'REG_SZ', '["issuer","audience"]'],
      ],
      [
        ['issuer', 'REG_SZ', 'https://elsewhere.example.com'],
        ['audience', 'REG_SZ', 'https://api.elsewhere.example.com'],
        ['scope', 'REG_SZ', 'openid'],
        ['locked', 'REG_SZ', '[]'],
      ],
    );
    const platform = await readGroupPolicy(regExeReader(os.commands));
    expect(platform.map((policy) => policy.perUser)).toEqual([false, true]);
    const resolved = resolveSettings({ platform, user: { issuer: 'https://mine.example.com' } });
    expect(resolved.settings.issuer).toBe('https://login.example.com');
    // HKLM locked the audience without a value: unset, and HKCU cannot fill it in.
    expect(resolved.settings.audience).toBeUndefined();
    expect(resolved.lockedBy('audience')).toBe(policyRegistryKeys.machine);
    // What HKLM leaves alone, HKCU may set.
    expect(resolved.settings.scope).toBe('openid');
    // The issuer's endpoints, CA file and proxy are locked with it (issue 29).
    expect([...resolved.locked].sort()).toEqual(['audience', 'issuer', ...keysLockedWithIssuer].sort());
    expect(resolved.conflicts).toMatchObject([{ key: 'issuer', source: 'user', lockedBy: policyRegistryKeys.machine }]);
  });

  it('wins over the policy file where both set a key, and lists the sources that applied, strongest first', async () => {
    const platform = await readGroupPolicy(regExeReader(registry([['clientId', 'REG_SZ', 'from-gpo']]).commands));
    const file = parsePolicy(
      '{"clientId":"from-file","issuer":"https://login.example.com","locked":["clientId"]}',
      'C:\\ProgramData\\Device Sign-In\\policy.json',
    );
    const bundled = parsePolicy('{}', 'C:\\Program Files\\Device Sign-In\\resources\\app.asar\\resources\\policy.json');
    const resolved = resolveSettings({ platform, system: file, bundled });
    expect(resolved.settings.clientId).toBe('from-gpo');
    expect(resolved.sourceOf('clientId')).toBe('group-policy');
    expect(resolved.sourceOf('issuer')).toBe('policy-file');
    expect(resolved.lockKindOf('clientId')).toBe('policy-file');
    expect(resolved.policySources).toEqual([
      { kind: 'group-policy', name: policyRegistryKeys.machine },
      { kind: 'policy-file', name: 'C:\\ProgramData\\Device Sign-In\\policy.json' },
    ]);
  });
});
