/**
 * A Windows for the policy tests, answering as its tools do, and recording what it was asked:
 * - reg.exe `query` prints what `reg` is given, or fails as reg.exe does for a missing value
 *   (https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query);
 * - Windows PowerShell runs the Get-Acl script it is sent (base64 UTF-16LE after -EncodedCommand)
 *   and prints, as ConvertTo-Json does, the `Sddl` of each path in its list, or fails as Get-Acl
 *   does for a path that does not exist (SDDL as
 *   https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format writes it);
 * - fs.lstat gives each existing path's facts, or ENOENT.
 * Nothing here runs on Windows itself.
 */
import type { WindowsSecurity } from '../../../src/core/policy/windows-acl.ts';
import type { FileVersion } from '../../../src/core/policy/windows-policy-trust.ts';
import type { WindowsCommands } from '../../../src/core/policy/windows-system.ts';

export const standInModules = [
  'D:\\Program Files\\Device Sign-In\\Device Sign-In.exe',
  'D:\\WINDOWS\\SYSTEM32\\ntdll.dll',
  'D:\\WINDOWS\\System32\\KERNEL32.DLL',
];

/** The SDDL Windows writes for a descriptor: the owner, SYSTEM as group, and one ACE per rule, its mask in hex. */
export function sddlOf(security: Pick<WindowsSecurity, 'ownerSid' | 'rules'>): string {
  const aces = security.rules.map(
    (rule) => `(${rule.allow ? 'A' : 'D'};${rule.inheritOnly ? 'OICIIO' : ''};0x${rule.rights.toString(16)};;;${rule.sid})`,
  );
  return `O:${security.ownerSid}G:SYD:PAI${aces.join('')}`;
}

/** The paths a Get-Acl script asks about, from its `foreach ($p in @('…','…'))`. */
export function scriptPaths(script: string): string[] {
  const list = /foreach \(\$p in @\((.*)\)\)/.exec(script)?.[1] ?? '';
  return [...list.matchAll(/'((?:[^']|'')*)'/g)].map((match) => (match[1] ?? '').replace(/''/g, "'"));
}

export function decodedScript(args: readonly string[]): string {
  return Buffer.from(String(args.at(-1)), 'base64').toString('utf16le');
}

export interface StandInWindowsAnswers {
  /** SDDL by path: the paths that exist. */
  readonly sddl?: ReadonlyMap<string, string>;
  /** Or the descriptors, written as SDDL by sddlOf. */
  readonly acl?: readonly WindowsSecurity[];
  readonly reg?: string;
}

export function standInWindows(answers: StandInWindowsAnswers = {}) {
  const sddl = new Map(answers.sddl ?? (answers.acl ?? []).map((security) => [security.path, sddlOf(security)]));
  const runs: { file: string; args: readonly string[] }[] = [];
  const stats: string[] = [];
  const changes = new Map<string, number>();
  const commands: WindowsCommands = {
    loadedModules: () => standInModules,
    run: (executable, args) => {
      runs.push({ file: executable, args });
      if (executable.endsWith('reg.exe')) {
        if (answers.reg !== undefined) return Promise.resolve(answers.reg);
        return Promise.reject(new Error('ERROR: The system was unable to find the specified registry key or value.'));
      }
      const descriptors: string[] = [];
      for (const path of scriptPaths(decodedScript(args))) {
        const descriptor = sddl.get(path);
        if (descriptor === undefined) return Promise.reject(new Error(`Get-Acl : Cannot find path '${path}' because it does not exist.`));
        descriptors.push(descriptor);
      }
      return Promise.resolve(JSON.stringify(descriptors));
    },
  };
  const version = (path: string): Promise<FileVersion> => {
    stats.push(path);
    if (!sddl.has(path)) {
      return Promise.reject(Object.assign(new Error(`ENOENT: no such file or directory, lstat '${path}'`), { code: 'ENOENT' }));
    }
    const written = 1_700_000_000_000 + (changes.get(path) ?? 0);
    const ino = 1000 + [...sddl.keys()].indexOf(path);
    return Promise.resolve({ dev: 7, ino, size: 64, mtimeMs: written, ctimeMs: 1_700_000_000_000, birthtimeMs: 1_690_000_000_000 });
  };
  return {
    commands,
    version,
    runs,
    stats,
    /** The file written again: its mtime moves, as an editor's save would move it. */
    write: (path: string) => changes.set(path, (changes.get(path) ?? 0) + 1000),
    /** Its permissions changed, as an admin's icacls would change them. */
    permit: (path: string, descriptor: string) => sddl.set(path, descriptor),
  };
}
