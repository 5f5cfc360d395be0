/**
 * Windows: the machine-wide folder comes from the OS (the loader's System32, the registry's
 * ProgramData), never from the environment a user can set; a policy file, or a folder above it,
 * that a non-administrator can change is refused, judged from the descriptors by SID; and a file
 * or "Device Sign-In" folder that a user made (and so owns) is no policy at all. The OS
 * is played by a stand-in that answers as reg.exe and Get-Acl's Sddl do
 * (test/support/stand-ins/windows-acl.ts); nothing here runs on Windows itself.
 */
import { describe, expect, it } from 'vitest';
import { createRedactingLog } from '../../../src/core/log.ts';
import { loadPolicyFile, machinePolicyPath, readTrustedSystemPolicy } from '../../../src/core/policy/policy.ts';
import { policyFileTrust } from '../../../src/core/policy/policy-file-trust.ts';
import { type WindowsSecurity, windowsPolicyTrust } from '../../../src/core/policy/windows-acl.ts';
import type { WindowsTrustVerdicts } from '../../../src/core/policy/windows-policy-trust.ts';
import {
  expandProgramData,
  parseSecurityChain,
  profileListKey,
  regQueryValue,
  systemDirectory,
} from '../../../src/core/policy/windows-system.ts';
import { decodedScript, standInModules as modules, standInWindows as windows } from '../../support/stand-ins/windows-acl.ts';

const SYSTEM = 'S-1-5-18';
const ADMINS = 'S-1-5-32-544';
const USERS = 'S-1-5-32-545';
const AUTHENTICATED = 'S-1-5-11';
const CREATOR_OWNER = 'S-1-3-0';
const EVE = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const TRUSTED_INSTALLER = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464';
const FULL = 0x1f01ff;
const READ_EXECUTE = 0x1200a9;
const MODIFY = 0x1301bf;
/** WD, AD, WEA, WA: what C:\ProgramData grants Users on the folder itself (create files and folders). */
const CREATE_ENTRIES = 0x116;

const regOutput = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList',
  '    ProgramData    REG_EXPAND_SZ    %SystemDrive%\\ProgramData',
  '',
  '',
].join('\r\n');

const rule = (sid: string, rights: number, inheritOnly = false) => ({ sid, rights, allow: true, inheritOnly });
const file = 'D:\\ProgramData\\Device Sign-In\\policy.json';
/** The descriptors an installer leaves: the file and its folder admin-only, ProgramData and the drive as Windows ships them. */
function defaultChain(change: (chain: WindowsSecurity[]) => void = () => undefined): WindowsSecurity[] {
  const adminsOnly = [rule(SYSTEM, FULL), rule(ADMINS, FULL), rule(USERS, READ_EXECUTE)];
  const chain: WindowsSecurity[] = [
    { path: file, ownerSid: ADMINS, rules: adminsOnly },
    { path: 'D:\\ProgramData\\Device Sign-In', ownerSid: ADMINS, rules: [...adminsOnly, rule(CREATOR_OWNER, FULL, true)] },
    { path: 'D:\\ProgramData', ownerSid: SYSTEM, rules: [...adminsOnly, rule(USERS, CREATE_ENTRIES), rule(CREATOR_OWNER, FULL, true)] },
    { path: 'D:\\', ownerSid: TRUSTED_INSTALLER, rules: [...adminsOnly, rule(AUTHENTICATED, 0x4), rule(AUTHENTICATED, MODIFY, true)] },
  ];
  change(chain);
  return chain;
}

/** Changes one entry of the default chain. */
function amend(index: number, change: (entry: WindowsSecurity) => WindowsSecurity): (chain: WindowsSecurity[]) => void {
  return (chain) => {
    const entry = chain[index];
    if (entry !== undefined) chain[index] = change(entry);
  };
}

/** Adds a rule to one entry of the default chain. */
function granting(index: number, added: WindowsSecurity['rules'][number]): (chain: WindowsSecurity[]) => void {
  return amend(index, (e) => ({ ...e, rules: [...e.rules, added] }));
}

/** The policy's trust as Windows would judge it, with this process's verdicts left alone. */
function judged(path: string, os: ReturnType<typeof windows>) {
  return policyFileTrust(path, { platform: 'win32', windows: os.commands, version: os.version, verdicts: new Map() });
}

describe('the machine-wide policy folder on Windows', () => {
  it("is ProgramData as the registry has it, expanded on the loader's own system drive, whatever the environment says", async () => {
    const previous = process.env['ProgramData'];
    process.env['ProgramData'] = 'C:\\Users\\eve\\fake-programdata';
    try {
      const os = windows({ reg: regOutput });
      await expect(machinePolicyPath('win32', os.commands)).resolves.toBe(file);
      expect(os.runs).toEqual([{ file: 'D:\\WINDOWS\\SYSTEM32\\reg.exe', args: ['query', profileListKey, '/v', 'ProgramData'] }]);
    } finally {
      if (previous === undefined) delete process.env['ProgramData'];
      else process.env['ProgramData'] = previous;
    }
  });

  it('fails closed, naming the policy, when Windows does not say', async () => {
    await expect(machinePolicyPath('win32', windows().commands)).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('Policy %ProgramData%\\Device Sign-In\\policy.json: cannot be found') as unknown,
    });
    const noSystem32 = { ...windows({ reg: regOutput }).commands, loadedModules: () => [] };
    await expect(machinePolicyPath('win32', noSystem32)).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(machinePolicyPath('linux', windows().commands)).resolves.toBe('/etc/device-signin/policy.json');
  });

  it('reads reg.exe output, and expands nothing but %SystemDrive%', () => {
    expect(regQueryValue(regOutput, 'programdata')).toEqual({ type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\ProgramData' });
    expect(regQueryValue(regOutput, 'Public')).toBeUndefined();
    expect(expandProgramData({ type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\ProgramData' }, 'E:')).toBe('E:\\ProgramData');
    const fromProfile = { type: 'REG_EXPAND_SZ', data: '%USERPROFILE%\\ProgramData' };
    expect(() => expandProgramData(fromProfile, 'C:')).toThrow(/does not name a folder on its own/);
    expect(() => expandProgramData({ type: 'REG_DWORD', data: '0x1' }, 'C:')).toThrow(/REG_DWORD/);
    expect(systemDirectory(modules)).toBe('D:\\WINDOWS\\SYSTEM32');
    expect(systemDirectory(['C:\\x\\ntdll.dll.bak'])).toBeUndefined();
  });
});

describe('a Windows system policy that users could change', () => {
  it('is trusted as an installer or Intune leaves it, ProgramData and the drive root as Windows ships them', () => {
    expect(windowsPolicyTrust(defaultChain())).toEqual({ kind: 'trusted' });
  });

  it.each<[string, (chain: WindowsSecurity[]) => void, RegExp]>([
    ['a file Users may modify', granting(0, rule(USERS, MODIFY)), /policy\.json can be changed by S-1-5-32-545/],
    ['a folder where Users may add files', granting(1, rule(USERS, CREATE_ENTRIES)), /Device Sign-In can be changed by S-1-5-32-545/],
    [
      "a user's file in an admin's folder where Users may add files (it may have replaced the admin's)",
      (chain) => {
        amend(0, (e) => ({ ...e, ownerSid: EVE }))(chain);
        amend(1, (e) => ({ ...e, rules: [...e.rules, rule(USERS, CREATE_ENTRIES)] }))(chain);
      },
      /Device Sign-In can be changed by S-1-5-32-545/,
    ],
    [
      'ProgramData letting Authenticated Users delete what it holds',
      granting(2, rule(AUTHENTICATED, 0x40)),
      /D:\\ProgramData can be changed by S-1-5-11 \(access 0x40\)/,
    ],
    ['ProgramData owned by a user', amend(2, (e) => ({ ...e, ownerSid: EVE })), /D:\\ProgramData is owned by S-1-5-21-/],
    ['Everyone with full control of the drive', granting(3, rule('S-1-1-0', FULL)), /D:\\ can be changed by S-1-1-0/],
  ])('is refused: %s', (_story, change, message) => {
    const trust = windowsPolicyTrust(defaultChain(change));
    expect(trust.kind).toBe('untrusted');
    expect(trust.kind === 'untrusted' ? trust.problem : '').toMatch(message);
  });

  it.each<[string, (chain: WindowsSecurity[]) => void, string]>([
    ['a file a user created (and so owns)', amend(0, (e) => ({ ...e, ownerSid: EVE })), file],
    [
      'a folder a user created, whatever rules they gave it and whoever owns the file',
      amend(1, (e) => ({ ...e, ownerSid: EVE, rules: [...e.rules, rule('S-1-1-0', FULL)] })),
      'D:\\ProgramData\\Device Sign-In',
    ],
  ])('is no policy at all: %s', (_story, change, path) => {
    expect(windowsPolicyTrust(defaultChain(change))).toEqual({ kind: 'ignored', path, ownerSid: EVE });
  });

  it("is judged from Get-Acl's SDDL, asked of System32 PowerShell with every path quoted, and absent means no policy", async () => {
    const os = windows({ acl: defaultChain(amend(0, (e) => ({ ...e, ownerSid: EVE }))) });
    await expect(judged(file, os)).resolves.toEqual({ kind: 'ignored', path: file, ownerSid: EVE });
    const [run] = os.runs;
    expect(run?.file).toBe('D:\\WINDOWS\\SYSTEM32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const script = decodedScript(run?.args ?? []);
    for (const path of [file, 'D:\\ProgramData\\Device Sign-In', 'D:\\ProgramData', 'D:\\']) expect(script).toContain(`'${path}'`);
    expect(script).toContain('.Sddl');

    const quoting = windows({ acl: defaultChain().map((e) => ({ ...e, path: e.path.replace('Device Sign-In', "Eve's") })) });
    await judged("D:\\ProgramData\\Eve's\\policy.json", quoting);
    expect(decodedScript(quoting.runs[0]?.args ?? [])).toContain("'D:\\ProgramData\\Eve''s\\policy.json'");

    const absent = windows({ acl: defaultChain().slice(1) });
    await expect(judged(file, absent)).resolves.toEqual({ kind: 'trusted' });
    await expect(judged(file, windows({ acl: defaultChain() }))).resolves.toEqual({ kind: 'trusted' });
  });

  it('refuses Get-Acl output it cannot read rather than trusting it', () => {
    const single = parseSecurityChain(JSON.stringify('O:BAG:SYD:PAI(A;;FA;;;SY)'), [file]);
    expect(single).toEqual([{ path: file, ownerSid: ADMINS, rules: [rule(SYSTEM, FULL)] }]);
    expect(() => parseSecurityChain('["O:BAG:SYD:"]', [file, 'D:\\ProgramData\\Device Sign-In'])).toThrow(/described 1 of the 2 paths/);
    expect(() => parseSecurityChain('[null]', [file])).toThrow(/no security descriptor for .*policy\.json/);
    expect(() => parseSecurityChain('["O:BAG:SYD:(A;;FA;;;SY"]', [file])).toThrow(/permissions of .*policy\.json cannot be read/);
  });
});

describe('a system policy a standard user planted on a shared machine', () => {
  /** The system policy as the app reads it, with Get-Acl answering `acl`, and what the log says. */
  async function readSystemPolicy(acl: WindowsSecurity[]) {
    const lines: Record<string, unknown>[] = [];
    const log = createRedactingLog((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const os = windows({ acl });
    const verdicts: WindowsTrustVerdicts = new Map();
    const options = { log, platform: 'win32' as const, windows: os.commands, version: os.version, verdicts };
    const read = (path: string) => readTrustedSystemPolicy(path, options);
    const policy = loadPolicyFile(file, read);
    await policy.catch(() => undefined);
    return { policy, lines };
  }

  it('is ignored, so sign-in goes on for everyone, and the log names the account that owns the file', async () => {
    const { policy, lines } = await readSystemPolicy(defaultChain(amend(0, (e) => ({ ...e, ownerSid: EVE }))));
    await expect(policy).resolves.toBeUndefined();
    const reason = expect.stringContaining(`${file} is owned by ${EVE}`) as unknown;
    expect(lines).toMatchObject([{ level: 'warn', event: 'policy.ignored', source: file, owner: EVE, reason }]);
  });

  it('is ignored when the user made the Device Sign-In folder itself, before any installer did', async () => {
    const planted = (chain: WindowsSecurity[]) => {
      amend(0, (e) => ({ ...e, ownerSid: EVE, rules: [...e.rules, rule(EVE, FULL)] }))(chain);
      amend(1, (e) => ({ ...e, ownerSid: EVE, rules: [...e.rules, rule(EVE, FULL)] }))(chain);
    };
    const { policy, lines } = await readSystemPolicy(defaultChain(planted));
    await expect(policy).resolves.toBeUndefined();
    const reason = expect.stringContaining(`D:\\ProgramData\\Device Sign-In is owned by ${EVE}`) as unknown;
    expect(lines).toMatchObject([{ event: 'policy.ignored', owner: EVE, reason }]);
  });

  it("is refused, as before, when the file is an administrator's but Users may write it: its locks would mean nothing", async () => {
    const { policy, lines } = await readSystemPolicy(defaultChain(amend(0, (e) => ({ ...e, rules: [...e.rules, rule(USERS, MODIFY)] }))));
    await expect(policy).rejects.toMatchObject({ code: 'invalid_config', file, problem: { rule: 'policy.untrusted' } });
    expect(lines).toEqual([]);
  });
});
