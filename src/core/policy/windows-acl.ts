/**
 * Whether a non-administrator could change the system policy on Windows, judged from the
 * security descriptors of the file and every folder above it. Plain code: windows-system.ts reads
 * the descriptors (owner and access rules, by SID, so that no localized account name is ever
 * compared) and this decides. The rules mirror the POSIX ones in policy-file-trust.ts:
 * - every folder above the policy's own is owned by SYSTEM, Administrators or TrustedInstaller,
 *   and nobody else may delete or rename what it holds, or change its rules. Creating new
 *   entries is allowed there: every user may create folders in C:\ProgramData, which cannot
 *   touch an existing "Device Sign-In" folder (as /tmp's sticky bit on POSIX);
 * - the policy's folder ("Device Sign-In") and the file are an administrator's, or they are no
 *   policy at all: where no admin made the folder, any user can, and what they put there is
 *   theirs, not a broken policy that should stop sign-in for everyone on the machine;
 * - nobody else may add, delete or replace entries in that folder, nor write or delete the file,
 *   or change their rules: an admin's policy that users could rewrite is refused.
 */

/** One access rule, as .NET's FileSystemAccessRule gives it with SIDs. */
export interface WindowsAccessRule {
  readonly sid: string;
  /** FileSystemRights as a number (the ACE's access mask). */
  readonly rights: number;
  readonly allow: boolean;
  /** An inherit-only rule applies to children only, not to this object. */
  readonly inheritOnly: boolean;
}

export interface WindowsSecurity {
  readonly path: string;
  readonly ownerSid: string;
  readonly rules: readonly WindowsAccessRule[];
}

/**
 * SYSTEM, BUILTIN\Administrators, and NT SERVICE\TrustedInstaller (which owns the Windows files).
 * The installer's check (resources/installer.nsh) trusts the same owners.
 */
export const administratorSids: ReadonlySet<string> = new Set([
  'S-1-5-18',
  'S-1-5-32-544',
  'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
]);

// Access mask bits (winnt.h). On a folder, 0x2 adds a file and 0x4 a subfolder.
const WRITE_DATA = 0x2;
const APPEND_DATA = 0x4;
const WRITE_EA = 0x10;
const DELETE_CHILD = 0x40;
const DELETE = 0x1_0000;
const WRITE_DAC = 0x4_0000;
const WRITE_OWNER = 0x8_0000;
const GENERIC_ALL = 0x1000_0000;
const GENERIC_WRITE = 0x4000_0000;

const changesRules = DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_ALL;
const forbidden = {
  file: WRITE_DATA | APPEND_DATA | WRITE_EA | changesRules | GENERIC_WRITE,
  folder: WRITE_DATA | DELETE_CHILD | changesRules | GENERIC_WRITE,
  ancestor: DELETE_CHILD | changesRules,
} as const;

type WindowsPolicyRole = keyof typeof forbidden;

/**
 * What the descriptors make of a system policy: `trusted` (only administrators can change it),
 * `ignored` (the file or its folder is not an administrator's, so it is no policy), or
 * `untrusted` (an administrator's, but users could change it: refused, as a lock there means nothing).
 */
export type WindowsPolicyTrust =
  | { readonly kind: 'trusted' }
  | { readonly kind: 'ignored'; readonly path: string; readonly ownerSid: string }
  | { readonly kind: 'untrusted'; readonly problem: string };

/** Why users could change the object, or undefined when only administrators can. */
export function windowsSecurityProblem(security: WindowsSecurity, role: WindowsPolicyRole): string | undefined {
  if (!administratorSids.has(security.ownerSid)) return notAdministrators(security);
  const writer = security.rules.find(
    (rule) => rule.allow && !rule.inheritOnly && !administratorSids.has(rule.sid) && (rule.rights & forbidden[role]) !== 0,
  );
  if (writer === undefined) return undefined;
  return `${security.path} can be changed by ${writer.sid} (access 0x${writer.rights.toString(16)})`;
}

/** The sentence for an object no administrator owns. */
export function notAdministrators(security: Pick<WindowsSecurity, 'path' | 'ownerSid'>): string {
  return `${security.path} is owned by ${security.ownerSid}, not by an administrator`;
}

/**
 * `chain` is the file first, then each folder up to the drive root, as windows-system.ts reads
 * them. Judged from the top: the folders above the policy's are the OS's, and a problem there
 * stays a problem; then the policy's folder before the file, since everything in a folder a user
 * made is theirs; and an admin's folder users may add to is refused even when the file is a
 * user's, since it may have replaced the admin's.
 */
export function windowsPolicyTrust(chain: readonly WindowsSecurity[]): WindowsPolicyTrust {
  for (const security of chain.slice(2)) {
    const problem = windowsSecurityProblem(security, 'ancestor');
    if (problem !== undefined) return { kind: 'untrusted', problem };
  }
  for (const [security, role] of [
    [chain[1], 'folder'],
    [chain[0], 'file'],
  ] as const) {
    if (security === undefined) continue;
    if (!administratorSids.has(security.ownerSid)) return { kind: 'ignored', path: security.path, ownerSid: security.ownerSid };
    const problem = windowsSecurityProblem(security, role);
    if (problem !== undefined) return { kind: 'untrusted', problem };
  }
  return { kind: 'trusted' };
}
