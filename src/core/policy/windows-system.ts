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
 * - Security descriptors come from System32's Windows PowerShell (Get-Acl's SDDL), by SID.
 * Plain code with the OS behind `WindowsCommands`, so the parsing is tested on any machine.
 */
import { win32 } from 'node:path';
import { parseRegQuery } from './reg-query.ts';
import { parseSddl } from './sddl.ts';
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
  if (expanded.includes('%') || !win32.isAbsolute(expanded)) {
    throw new Error(`ProgramData is "${value.data}", which does not name a folder on its own.`);
  }
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
 * The descriptors of `path` and each folder above it, file first; every one must exist (the
 * caller asks only once fs.lstat found the file). PowerShell only reads Get-Acl's `Sddl`
 * property (as Microsoft's ConvertFrom-SddlString example does, `(Get-Acl C:\Windows).Sddl`)
 * and prints it as JSON: no .NET method is called, no type is named, so the script runs
 * where AppLocker or App Control put PowerShell in Constrained Language Mode, which allows reading
 * properties, and ObjectSecurity among its types (about_Language_Modes,
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes).
 * SDDL names accounts by SID, the same in every display language; sddl.ts reads it.
 */
export async function securityChain(commands: WindowsCommands, path: string): Promise<WindowsSecurity[]> {
  const paths: string[] = [];
  for (let current = path; ; current = win32.dirname(current)) {
    paths.push(current);
    if (win32.dirname(current) === current) break;
  }
  const system32 = requireSystemDirectory(commands);
  const powershell = win32.join(system32, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  const output = await commands.run(powershell, ['-NoProfile', '-NonInteractive', '-EncodedCommand', encodeCommand(sddlScript(paths))]);
  return parseSecurityChain(output, paths);
}

/** The script: one SDDL string per path, in order, or a terminating error (a path Get-Acl cannot read). */
export function sddlScript(paths: readonly string[]): string {
  const literals = paths.map((path) => `'${path.replace(/'/g, "''")}'`).join(',');
  return [
    "$ErrorActionPreference = 'Stop'",
    `ConvertTo-Json -Compress -InputObject @(foreach ($p in @(${literals})) { (Get-Acl -LiteralPath $p).Sddl })`,
  ].join('\n');
}

/** PowerShell's -EncodedCommand: base64 of UTF-16LE, so no quoting survives to be misread. */
function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/**
 * The script's output, matched to `paths` by position (never by the path it might echo: a name
 * outside the console's code page would come back changed). Anything short or unreadable throws.
 */
export function parseSecurityChain(output: string, paths: readonly string[]): WindowsSecurity[] {
  const parsed: unknown = JSON.parse(output);
  const descriptors: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (descriptors.length !== paths.length) {
    throw new Error(`Get-Acl described ${descriptors.length} of the ${paths.length} paths from ${paths[0] ?? ''} up.`);
  }
  return paths.map((path, index) => {
    const sddl = descriptors[index];
    if (typeof sddl !== 'string') throw new Error(`Get-Acl gave no security descriptor for ${path}.`);
    try {
      return { path, ...parseSddl(sddl) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`The permissions of ${path} cannot be read: ${reason}`, { cause: error });
    }
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
