/**
 * When Windows is asked about the policy's permissions: only when there is a policy file, once
 * per version of the file and its folder, never again for a window shown again, and with a script
 * that Constrained Language Mode runs (no method calls, no type names). Windows is the stand-in of
 * test/support/stand-ins/windows-acl.ts, which counts what it is asked.
 */
import { describe, expect, it } from 'vitest';
import { policyFileTrust } from '../../../src/core/policy/policy-file-trust.ts';
import type { WindowsTrustVerdicts } from '../../../src/core/policy/windows-policy-trust.ts';
import { sddlScript } from '../../../src/core/policy/windows-system.ts';
import { decodedScript, standInWindows } from '../../support/stand-ins/windows-acl.ts';

const file = 'C:\\ProgramData\\Device Sign-In\\policy.json';
const folder = 'C:\\ProgramData\\Device Sign-In';
const adminOnly = 'O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1200a9;;;BU)';
const chain = new Map([
  [file, adminOnly],
  [folder, adminOnly],
  ['C:\\ProgramData', 'O:SYG:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)'],
  ['C:\\', 'O:SYG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)'],
]);

function asked(os: ReturnType<typeof standInWindows>, verdicts: WindowsTrustVerdicts) {
  return policyFileTrust(file, { platform: 'win32', windows: os.commands, version: os.version, verdicts });
}

describe('asking Windows who may change the policy', () => {
  it('does not start PowerShell when there is no policy file, even where its folder exists', async () => {
    const noFolder = standInWindows({ sddl: new Map([...chain].slice(2)) });
    await expect(asked(noFolder, new Map())).resolves.toEqual({ kind: 'trusted' });
    const folderOnly = standInWindows({ sddl: new Map([...chain].slice(1)) });
    await expect(asked(folderOnly, new Map())).resolves.toEqual({ kind: 'trusted' });
    expect([...noFolder.runs, ...folderOnly.runs]).toEqual([]);
    expect(folderOnly.stats).toEqual([file]);
  });

  it('asks once per version of the file: a window shown again reuses the verdict, a file written again is asked about again', async () => {
    const os = standInWindows({ sddl: chain });
    const verdicts: WindowsTrustVerdicts = new Map();
    await expect(asked(os, verdicts)).resolves.toEqual({ kind: 'trusted' });
    await expect(asked(os, verdicts)).resolves.toEqual({ kind: 'trusted' });
    expect(os.runs).toHaveLength(1);

    // An admin lets Users write the file and someone saves it: its mtime moves, so Windows is asked again.
    os.permit(file, `${adminOnly}(A;;0x1301bf;;;BU)`);
    os.write(file);
    const refused = await asked(os, verdicts);
    expect(refused.kind === 'untrusted' ? refused.problem : refused.kind).toContain('policy.json can be changed by S-1-5-32-545');
    expect(os.runs).toHaveLength(2);

    // A file added to or removed from the folder moves the folder's mtime: the policy may have been replaced.
    os.write(folder);
    await asked(os, verdicts);
    expect(os.runs).toHaveLength(3);
  });

  it('asks once for calls that overlap, and asks again after a failure instead of keeping it', async () => {
    const os = standInWindows({ sddl: chain });
    const verdicts: WindowsTrustVerdicts = new Map();
    await Promise.all([asked(os, verdicts), asked(os, verdicts)]);
    expect(os.runs).toHaveLength(1);

    const slow = standInWindows({ sddl: chain });
    let failures = 1;
    const flaky = {
      ...slow.commands,
      run: (executable: string, args: readonly string[]) =>
        failures-- > 0 ? Promise.reject(new Error('powershell.exe timed out')) : slow.commands.run(executable, args),
    };
    const options = { platform: 'win32' as const, windows: flaky, version: slow.version, verdicts: new Map() as WindowsTrustVerdicts };
    await expect(policyFileTrust(file, options)).rejects.toThrow(/timed out/);
    await expect(policyFileTrust(file, options)).resolves.toEqual({ kind: 'trusted' });
  });

  it('sends a script that only reads properties: no method call, no .NET type, paths quoted', async () => {
    const os = standInWindows({ sddl: chain });
    await asked(os, new Map());
    const [run] = os.runs;
    expect(run?.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand']);
    const script = decodedScript(run?.args ?? []);
    expect(script).toBe(sddlScript([file, folder, 'C:\\ProgramData', 'C:\\']));
    expect(script).toContain('(Get-Acl -LiteralPath $p).Sddl');
    // Constrained Language Mode refuses methods of types outside its list, and type literals with them.
    expect(script).not.toMatch(/\.\s*[A-Za-z_]\w*\s*\(/);
    expect(script).not.toMatch(/\[[A-Za-z.]+\]/);
  });
});
