/**
 * A lock in the system policy means something only if users cannot rewrite the file that says
 * it. On macOS and Linux the file, and every folder above it, must belong to root and be
 * writable by no one else (a world-writable folder is accepted only with the sticky bit, as
 * /tmp has, since then no one can replace an entry they do not own). On Windows the same is
 * asked of the file's and folders' security descriptors (windows-acl.ts), with one difference:
 * a policy file or folder that is not an administrator's is no policy at all (`ignored`), since
 * any user may create the folder in C:\ProgramData where no admin did. On POSIX no user can
 * create anything in /etc or /Library, so a file there root does not own is an admin's mistake,
 * and refused.
 */
import { linkFacts } from '../file-read.ts';
import { dirname } from 'node:path';
import type { WindowsPolicyTrust } from './windows-acl.ts';
import type { WindowsPolicyFileTrustOptions } from './windows-policy-trust.ts';
import type { WindowsCommands } from './windows-system.ts';

export interface FileFacts {
  readonly uid: number;
  readonly mode: number;
  isDirectory(): boolean;
}

const groupOrOtherWrite = 0o022;
const sticky = 0o1000;

/**
 * What the system policy at `path` is worth: `trusted` (only an administrator can change it, or
 * there is nothing there), `ignored` (Windows: the file or its folder is not an administrator's)
 * or `untrusted` (users could change it).
 */
export type PolicyFileTrust = WindowsPolicyTrust;

/**
 * The OS as it is, unless a test stands in for it. On Windows, `version` (fs.lstat) and
 * `verdicts` (this process's) decide when the descriptors are read again (windows-policy-trust.ts).
 */
export interface PolicyFileTrustOptions extends WindowsPolicyFileTrustOptions {
  readonly platform?: NodeJS.Platform | undefined;
  readonly stat?: ((path: string) => Promise<FileFacts>) | undefined;
}

export async function policyFileTrust(path: string, options: PolicyFileTrustOptions = {}): Promise<PolicyFileTrust> {
  // The Windows modules are loaded on Windows only: every command-line start reads the policy.
  if ((options.platform ?? process.platform) === 'win32')
    return (await import('./windows-policy-trust.ts')).windowsPolicyFileTrust(path, options);
  const problem = await posixProblem(path, options.stat ?? linkFacts);
  return problem === undefined ? { kind: 'trusted' } : { kind: 'untrusted', problem };
}

/**
 * Why users could change the policy at `path`, or undefined when only an administrator can; `undefined` too when it does not exist.
 * A Windows file no administrator owns is one users could change; whether that is ignored or refused is policyFileTrust's to say.
 */
export async function policyWritableByUsers(
  path: string,
  platform: NodeJS.Platform = process.platform,
  stat: (path: string) => Promise<FileFacts> = linkFacts,
  windows?: WindowsCommands,
): Promise<string | undefined> {
  const trust = await policyFileTrust(path, { platform, stat, windows });
  if (trust.kind === 'trusted') return undefined;
  return trust.kind === 'untrusted' ? trust.problem : (await import('./windows-acl.ts')).notAdministrators(trust);
}

async function posixProblem(path: string, stat: (path: string) => Promise<FileFacts>): Promise<string | undefined> {
  let file: FileFacts;
  try {
    file = await stat(path);
  } catch {
    return undefined;
  }
  const problem = describeProblem(path, file, false);
  if (problem !== undefined) return problem;
  for (let folder = dirname(path), child = path; folder !== child; child = folder, folder = dirname(folder)) {
    const facts = await stat(folder);
    const folderProblem = describeProblem(folder, facts, true);
    if (folderProblem !== undefined) return folderProblem;
  }
  return undefined;
}

function describeProblem(path: string, facts: FileFacts, isFolder: boolean): string | undefined {
  if (facts.uid !== 0) return `${path} belongs to user ${facts.uid}, not to root`;
  const writable = (facts.mode & groupOrOtherWrite) !== 0;
  if (writable && !(isFolder && (facts.mode & sticky) !== 0)) {
    return `${path} can be written by users other than root (mode ${(facts.mode & 0o7777).toString(8)})`;
  }
  return undefined;
}
