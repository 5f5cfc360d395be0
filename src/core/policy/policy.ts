/**
 * The managed policy an IT admin sets: where it lives on each OS, how a file is read and checked
 * against the schema table (policy-schema.ts), and the error that names the file, the key and the
 * problem. An invalid policy stops sign-in: guessing what the admin meant could send people's
 * credentials somewhere the admin never chose.
 */
import { readTextFile, unlessMissing } from '../file-read.ts';
import type { Log } from '../log.ts';
import { policyFileTrust, type PolicyFileTrustOptions } from './policy-file-trust.ts';
import type { WindowsCommands } from './windows-system.ts';
import { join, win32 } from 'node:path';
import { describe, parsePolicy, type Policy, PolicyError } from './policy-document.ts';
import type { PlatformPolicy, PlatformPolicyReader } from './platform-policy.ts';

/** Reads a file's text, or `undefined` when there is no such file (no policy is not an error). */
export type PolicyFileReader = (path: string) => Promise<string | undefined>;

export const readPolicyFileIfPresent: PolicyFileReader = (path) => unlessMissing(() => readTextFile(path));

/**
 * Reads the system policy only when no one but an administrator can change it: a file users
 * can rewrite would let anyone lift the admin's locks. Refused with a message naming the file.
 * On Windows a file or folder no administrator owns is no policy at all (policy-file-trust.ts):
 * any user could have made it, and refusing it would stop sign-in for everyone on the machine.
 * `log` says so, naming the owner; `platform` and `windows` stand in for the OS in tests.
 */
export async function readTrustedSystemPolicy(
  path: string,
  options: { readonly log?: Log | undefined } & PolicyFileTrustOptions = {},
): Promise<string | undefined> {
  const trust = await policyFileTrust(path, options);
  if (trust.kind === 'ignored') {
    const reason = `only an administrator's policy counts, but ${trust.path} is owned by ${trust.ownerSid}`;
    options.log?.warn('policy.ignored', { source: path, owner: trust.ownerSid, reason });
    return undefined;
  }
  if (trust.kind === 'untrusted') {
    throw new PolicyError(path, `is not trusted: only an administrator may be able to change a system policy, but ${trust.problem}.`, {
      rule: 'policy.untrusted',
      values: { detail: trust.problem },
    });
  }
  return readPolicyFileIfPresent(path);
}

/**
 * The machine-wide policy file, where MDM, Intune, GPO or configuration management drop it. Only
 * administrators can write these folders, which is what makes a lock there mean something.
 * `programData` is Windows' machine-wide data folder as the OS reports it (machinePolicyPath).
 */
export function systemPolicyPath(platform: NodeJS.Platform, programData = 'C:\\ProgramData'): string {
  if (platform === 'win32') return win32.join(programData, 'Device Sign-In', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/Device Sign-In/policy.json';
  return '/etc/device-signin/policy.json';
}

/**
 * systemPolicyPath with Windows' ProgramData asked of the OS (windows-system.ts), never of the
 * `ProgramData` variable, which any user can set for their own processes to escape the locks.
 */
export async function machinePolicyPath(platform: NodeJS.Platform, windows?: WindowsCommands): Promise<string> {
  if (platform !== 'win32') return systemPolicyPath(platform);
  // Loaded on Windows only: elsewhere its code would be compiled at every command-line start for nothing.
  const system = await import('./windows-system.ts');
  try {
    return systemPolicyPath(platform, await system.programDataFolder(windows ?? system.nodeWindowsCommands));
  } catch (error) {
    // Failing closed, as for an unreadable file: the policy we cannot find may hold the locks.
    const detail = describe(error);
    throw new PolicyError(
      systemPolicyPath(platform, '%ProgramData%'),
      `cannot be found: Windows did not say where its ProgramData folder is (${detail}).`,
      { rule: 'policy.noProgramData', values: { detail } },
      { cause: error },
    );
  }
}

/**
 * The configuration bundled into the installer, given `app.getAppPath()`: packed inside app.asar
 * (electron-builder.yml), so the asar integrity check covers it; in a checkout, resources/.
 */
export function bundledPolicyPath(appPath: string): string {
  return join(appPath, 'resources', 'policy.json');
}

/** Reads and checks one policy file; `undefined` when the file does not exist. */
export async function loadPolicyFile(path: string, read: PolicyFileReader = readPolicyFileIfPresent): Promise<Policy | undefined> {
  let text: string | undefined;
  try {
    text = await read(path);
  } catch (error) {
    // Failing closed: a policy we cannot read may be the one that locks the issuer.
    if (error instanceof PolicyError) throw error;
    throw PolicyError.unreadable(path, error);
  }
  return text === undefined ? undefined : parsePolicy(text, path);
}

/**
 * Every managed layer at once: what the OS delivers (platform-policy.ts), the system policy file
 * and the bundled one. The app passes `bundledPolicyPath(app.getAppPath())`; the CLI may have none.
 */
export async function loadManagedPolicies(options: {
  readonly systemPath: string;
  readonly bundledPath?: string | undefined;
  readonly read?: PolicyFileReader;
  readonly platform?: PlatformPolicyReader;
  /** Where a system policy file that is ignored, not refused, is noted (readTrustedSystemPolicy). */
  readonly log?: Log | undefined;
}): Promise<{ readonly platform: readonly PlatformPolicy[]; readonly system: Policy | undefined; readonly bundled: Policy | undefined }> {
  const [platform, system, bundled] = await Promise.all([
    options.platform?.() ?? [],
    loadPolicyFile(options.systemPath, options.read ?? ((path) => readTrustedSystemPolicy(path, { log: options.log }))),
    options.bundledPath === undefined ? undefined : loadPolicyFile(options.bundledPath, options.read ?? readPolicyFileIfPresent),
  ]);
  return { platform, system, bundled };
}
