/**
 * Where Windows keeps machine-wide data, and who may change a file there, asked of the OS and
 * never of the environment: a standard user can set `ProgramData`, `SystemRoot` or `PATH` for
 * their own processes, and so point the app at a policy they wrote, or at none.
 *
 * - System32 is the folder ntdll.dll was loaded from: the loader maps it from the real system
 *   folder before any of our code runs (Node's diagnostic report lists loaded modules).
 * - ProgramData is FOLDERID_ProgramData's registry value, `ProfileList\ProgramData`
 *   (REG_EXPAND_SZ `%SystemDrive%\ProgramData`), read with System32's reg.exe; `%SystemDrive%`
 *   is System32's own drive. reg.exe needs no download and no compiler, on every Windows.
 * - Security descriptors come from System32's Windows PowerShell (Get-Acl), by SID.
 * Plain code with the OS behind `WindowsCommands`, so the parsing is tested on any machine.
 */
import { win32 } from 'node:path';
import { parseRegQuery } from './reg-query.ts';
import type { WindowsSecurity } from './windows-acl.ts';

export interface WindowsCommands {
  /** Runs an executable (by absolute path, no shell) and resolves to its stdout. */
  run(file: string, args: readonly string[]): Promise<string>;
  /** Full paths of the modules loaded into this process. */
  loadedModules(): readonly string[];
}

export const profileListKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

export function systemDirectory(loadedModules: readonly string[]): string | undefined {
  const ntdll = loadedModules.find((path) => win32.basename(path).toLowerCase() === 'ntdll.dll');
  return ntdll === undefined ? undefined : win32.dirname(ntdll);
}

/** One value from `reg query <key> /v <name>` output (reg-query.ts reads the format). */
export function regQueryValue(output: string, name: string): { readonly type: string; readonly data: string } | undefined {
  const value = parseRegQuery(output)
    .flatMap((section) => section.values)
    .find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  return value === undefined ? undefined : { type: value.type, data: value.data };
}

/** Expands only `%SystemDrive%`; any other variable would come from the environment, so it fails. */
export function expandProgramData(value: { readonly type: string; readonly data: string }, systemDrive: string): string {
  if (value.type !== 'REG_EXPAND_SZ' && value.type !== 'REG_SZ') throw new Error(`ProgramData has registry type ${value.type}.`);
  const expanded = value.data.replace(/%SystemDrive%/gi, systemDrive);
  if (expanded.includes('%') || !win32.isAbsolute(expanded)) throw new Error(`ProgramData is "${value.data}", which does not name a folder on its own.`);
  return expanded;
}

export async function programDataFolder(commands: WindowsCommands): Promise<string> {
  const system32 = requireSystemDirectory(commands);
  const output = await commands.run(win32.join(system32, 'reg.exe'), ['query', profileListKey, '/v', 'ProgramData']);
  const value = regQueryValue(output, 'ProgramData');
  if (value === undefined) throw new Error(`reg.exe did not report ${profileListKey}\\ProgramData.`);
  return expandProgramData(value, system32.slice(0, 2));
}

/**
 * The descriptors of `path` and each folder above it, file first; an object that does not exist
 * has none (the chain stops there). The script prints JSON, one entry per path.
 */
export async function securityChain(commands: WindowsCommands, path: string): Promise<WindowsSecurity[]> {
  const paths: string[] = [];
  for (let current = path; ; current = win32.dirname(current)) {
    paths.push(current);
    if (win32.dirname(current) === current) break;
  }
  const system32 = requireSystemDirectory(commands);
  const powershell = win32.join(system32, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  const output = await commands.run(powershell, ['-NoProfile', '-NonInteractive', '-EncodedCommand', encodeCommand(aclScript(paths))]);
  return parseSecurityChain(output);
}

function aclScript(paths: readonly string[]): string {
  const literals = paths.map((path) => `'${path.replace(/'/g, "''")}'`).join(',');
  return [
    "$ErrorActionPreference = 'Stop'",
    `$out = foreach ($p in @(${literals})) {`,
    '  if (-not (Test-Path -LiteralPath $p)) { continue }',
    '  $acl = Get-Acl -LiteralPath $p',
    '  $sid = [System.Security.Principal.SecurityIdentifier]',
    '  $rules = foreach ($r in $acl.GetAccessRules($true, $true, $sid)) {',
    "    @{ sid = $r.IdentityReference.Value; rights = [int64]$r.FileSystemRights; allow = ($r.AccessControlType -eq 'Allow'); inheritOnly = (($r.PropagationFlags -band 2) -ne 0) }",
    '  }',
    '  @{ path = $p; ownerSid = $acl.GetOwner($sid).Value; rules = @($rules) }',
    '}',
    'ConvertTo-Json -Compress -Depth 4 -InputObject @($out)',
  ].join('\n');
}

/** PowerShell's -EncodedCommand: base64 of UTF-16LE, so no quoting survives to be misread. */
function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function parseSecurityChain(output: string): WindowsSecurity[] {
  const parsed: unknown = JSON.parse(output.trim() === '' ? '[]' : output);
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  return entries.map((entry: unknown) => {
    const { path, ownerSid, rules } = entry as { path?: unknown; ownerSid?: unknown; rules?: unknown };
    if (typeof path !== 'string' || typeof ownerSid !== 'string' || !Array.isArray(rules)) throw new Error('Get-Acl printed an entry without path, owner or rules.');
    return {
      path,
      ownerSid,
      rules: rules.map((rule: unknown) => {
        const { sid, rights, allow, inheritOnly } = rule as Record<string, unknown>;
        if (typeof sid !== 'string' || typeof rights !== 'number') throw new Error(`Get-Acl printed a rule without SID or rights for ${path}.`);
        return { sid, rights, allow: allow === true, inheritOnly: inheritOnly === true };
      }),
    };
  });
}

/** System32, as the loader found it: where reg.exe and PowerShell are run from. */
export function requireSystemDirectory(commands: WindowsCommands): string {
  const system32 = systemDirectory(commands.loadedModules());
  if (system32 === undefined) throw new Error('The Windows system folder could not be found (ntdll.dll is not among the loaded modules).');
  return system32;
}

/** The real OS: an executable by absolute path without a shell, and the modules Node's report lists. */
export const nodeWindowsCommands: WindowsCommands = {
  // Loaded on Windows only, when asked: no other platform pays for node:child_process and node:util.
  run: async (file, args) => {
    const [{ execFile }, { promisify }] = await Promise.all([import('node:child_process'), import('node:util')]);
    return (await promisify(execFile)(file, [...args], { windowsHide: true, encoding: 'utf8', timeout: 15_000 })).stdout;
  },
  loadedModules: () => (process.report.getReport() as { sharedObjects?: string[] }).sharedObjects ?? [],
};
