/**
 * The policy's permissions as Windows writes them in SDDL (Get-Acl's Sddl property), read by SID
 * and judged by the same rule as before: the strings are the forms Microsoft documents
 * (https://learn.microsoft.com/windows/win32/secauthz/ace-strings and .../sid-strings), the
 * folder and drive ones as Windows 10 and 11 ship C:\ProgramData and C:\.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, readTrustedSystemPolicy } from '../../../src/core/policy/policy.ts';
import { policyFileTrust } from '../../../src/core/policy/policy-file-trust.ts';
import { parseSddl } from '../../../src/core/policy/sddl.ts';
import type { WindowsPolicyTrust } from '../../../src/core/policy/windows-acl.ts';
import type { WindowsTrustVerdicts } from '../../../src/core/policy/windows-policy-trust.ts';
import { standInWindows } from '../../support/stand-ins/windows-acl.ts';

const file = 'C:\\ProgramData\\Device Sign-In\\policy.json';
const folder = 'C:\\ProgramData\\Device Sign-In';
const EVE = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const trustedInstaller = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464';
const readAll = '(A;OICI;0x1200a9;;;BU)';

/** An installer's file and folder (admin-owned, Users read and execute), ProgramData and C:\ as Windows ships them. */
const shipped: ReadonlyMap<string, string> = new Map([
  [file, 'O:BAG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)'],
  [folder, 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)'],
  ['C:\\ProgramData', 'O:SYG:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;CI;DCLCRPCR;;;BU)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)'],
  ['C:\\', `O:${trustedInstaller}G:${trustedInstaller}D:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICIIO;SDGXGWGR;;;AU)(A;;LC;;;AU)${readAll}`],
]);

/** The shipped descriptors with `path`'s replaced. */
function judge(changes: Readonly<Record<string, string>>) {
  const os = standInWindows({ sddl: new Map([...shipped, ...Object.entries(changes)]) });
  return policyFileTrust(file, { platform: 'win32', windows: os.commands, version: os.version, verdicts: new Map() });
}

/** Why the policy is refused; a verdict that does not refuse it fails the test here. */
function problemOf(trust: WindowsPolicyTrust): string {
  if (trust.kind !== 'untrusted') throw new Error(`expected the policy refused, but it is ${trust.kind}`);
  return trust.problem;
}

describe('a policy file judged from its SDDL', () => {
  it('is trusted as an installer leaves it, beside ProgramData and C:\\ as Windows ships them', async () => {
    await expect(judge({})).resolves.toEqual({ kind: 'trusted' });
  });

  it('is no policy at all when a user owns the file or its folder, named by SID', async () => {
    const eves = `O:${EVE}G:${EVE}D:AI(A;ID;FA;;;${EVE})(A;ID;FA;;;SY)`;
    await expect(judge({ [file]: eves })).resolves.toEqual({ kind: 'ignored', path: file, ownerSid: EVE });
    const evesFolder = `O:${EVE}G:${EVE}D:(A;OICI;FA;;;WD)`;
    await expect(judge({ [folder]: evesFolder })).resolves.toEqual({ kind: 'ignored', path: folder, ownerSid: EVE });
    // The machine's own Administrator account is an account, not the Administrators group: as before, not an administrator's.
    const administrators = await judge({ [file]: 'O:LAG:SYD:(A;;FA;;;SY)' });
    expect(administrators).toMatchObject({ kind: 'ignored', ownerSid: 'S-1-5-21-<domain>-500' });
  });

  it.each([
    ['Users with generic write', '(A;;GW;;;BU)', /policy\.json can be changed by S-1-5-32-545 \(access 0x40000000\)/],
    ['Authenticated Users with Modify, as a hex mask', '(A;;0x1301bf;;;AU)', /can be changed by S-1-5-11 \(access 0x1301bf\)/],
    ['Everyone with full control, as letters', '(A;;FA;;;WD)', /can be changed by S-1-1-0 \(access 0x1f01ff\)/],
    ['Users with file-write letters', '(A;;FW;;;BU)', /can be changed by S-1-5-32-545 \(access 0x120116\)/],
    ['Users who may take ownership', '(A;;WO;;;BU)', /S-1-5-32-545 \(access 0x80000\)/],
    ['an inherited (not inherit-only) Modify for Authenticated Users', '(A;ID;0x1301bf;;;AU)', /S-1-5-11/],
    ['a user through a conditional ACE', `(XA;;FA;;;${EVE};(@User.Project Any_of {"a)b", "(c"}))`, /can be changed by S-1-5-21-/],
  ])('is refused when the file lets %s change it', async (_story, ace, message) => {
    expect(problemOf(await judge({ [file]: `O:BAG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)${ace}` }))).toMatch(message);
  });

  it('is refused when its folder lets Users add files (DC) or delete them (0x40), as ProgramData lets them', async () => {
    const adds = await judge({ [folder]: 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;CI;DCLCRPCR;;;BU)' });
    expect(problemOf(adds)).toContain('Device Sign-In can be changed by S-1-5-32-545 (access 0x116)');
    const deletes = await judge({ ['C:\\ProgramData']: `${shipped.get('C:\\ProgramData') ?? ''}(A;;0x40;;;AU)` });
    expect(problemOf(deletes)).toContain('C:\\ProgramData can be changed by S-1-5-11 (access 0x40)');
  });

  it('is refused when a DACL is null (NO_ACCESS_CONTROL, or no D: at all), which lets everyone in', async () => {
    expect(problemOf(await judge({ [file]: 'O:BAG:SYD:NO_ACCESS_CONTROL' }))).toContain('policy.json can be changed by S-1-1-0');
    expect(problemOf(await judge({ [file]: 'O:BAG:SY' }))).toContain('policy.json can be changed by S-1-1-0');
  });

  it('ignores what changes nothing for the file: inherit-only entries, deny entries and the SACL', async () => {
    const quiet = '(A;OICIIO;GA;;;CO)(A;OICIIOID;0x1301bf;;;AU)(D;;FA;;;BU)(OD;;WP;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)';
    const withSacl = `O:BAG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)${quiet}S:AI(AU;SAFA;FA;;;WD)`;
    await expect(judge({ [file]: withSacl })).resolves.toEqual({ kind: 'trusted' });
    // A deny does not make an allow safe: the rule reads allows alone, as it did before.
    expect(problemOf(await judge({ [file]: 'O:BAG:SYD:(D;;FA;;;BU)(A;;FA;;;SY)(A;;GW;;;BU)' }))).toContain('S-1-5-32-545');
  });
});

describe('SDDL as Windows writes it', () => {
  it('gives the owner and the DACL by SID, aliases resolved, masks as numbers', () => {
    expect(parseSddl('O:BAG:SYD:PAI(A;OICIIO;GA;;;CO)(D;;GRGW;;;S-1-5-21-1-2-3-1001)(A;;SDRCWDWO;;;AU)')).toEqual({
      ownerSid: 'S-1-5-32-544',
      rules: [
        { sid: 'S-1-3-0', rights: 0x1000_0000, allow: true, inheritOnly: true },
        { sid: 'S-1-5-21-1-2-3-1001', rights: 0xc000_0000, allow: false, inheritOnly: false },
        { sid: 'S-1-5-11', rights: 0xf_0000, allow: true, inheritOnly: false },
      ],
    });
    expect(parseSddl(`O:${trustedInstaller}D:`).rules).toEqual([]);
    // An alias newer than the table is kept as written, an account like any other.
    expect(parseSddl('O:SHD:(A;;FA;;;SH)')).toEqual({
      ownerSid: 'SDDL alias SH',
      rules: [{ sid: 'SDDL alias SH', rights: 0x1f01ff, allow: true, inheritOnly: false }],
    });
  });

  it.each([
    ['no owner', 'G:SYD:(A;;FA;;;SY)', /no owner/],
    ['an ACE left open', 'O:BAD:(A;;FA;;;SY', /end of the ACE/],
    ['a right that does not exist', 'O:BAD:(A;;FAZZ;;;SY)', /access right ZZ/],
    ['an odd number of letters', 'O:BAD:(A;;FAG;;;SY)', /letters FAG/],
    ['a malformed SID', 'O:BAD:(A;;FA;;;S-1-five)', /the SID S-1-five/],
    ['an audit entry in the DACL', 'O:BAD:(AU;SA;FA;;;WD)', /ACE type AU in a DACL/],
    ['an unknown ACE flag', 'O:BAD:(A;XX;FA;;;BU)', /ACE flag XX/],
    ['two DACLs', 'O:BAD:(A;;FA;;;SY)D:(A;;FA;;;BU)', /a second D:/],
    ['a broken GUID', 'O:BAD:(OA;;WP;bf967aba;;WD)', /GUID bf967aba/],
    ['text after the end', 'O:BAD:(A;;FA;;;SY) and more', /character 19/],
  ])('refuses %s, saying where', (_story, sddl, message) => {
    expect(() => parseSddl(sddl)).toThrow(message);
  });

  it('stops the sign-in with invalid_config, naming the file, when the descriptor cannot be read', async () => {
    const os = standInWindows({ sddl: new Map([...shipped, [file, 'O:BAG:SYD:(A;;FA;;;SY']]) });
    const options = { platform: 'win32' as const, windows: os.commands, version: os.version, verdicts: new Map() as WindowsTrustVerdicts };
    const read = (path: string) => readTrustedSystemPolicy(path, options);
    await expect(loadPolicyFile(file, read)).rejects.toMatchObject({
      code: 'invalid_config',
      file,
      message: expect.stringMatching(/permissions of C:\\ProgramData\\Device Sign-In\\policy\.json cannot be read/) as unknown,
    });
  });
});
