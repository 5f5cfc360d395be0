/**
 * policyFileTrust on Windows. Reading the descriptors starts Windows PowerShell, which can take
 * seconds cold, before the first window: so it is asked only when fs.lstat finds the policy file
 * (no file is no policy, whatever the folders say), and once per version of the file and of its
 * folder. A version is what lstat reports that changes when the file is written (size, mtime),
 * replaced (its file id, its folder's mtime) or has its metadata changed (ctime); the verdict
 * reached for one version is reused, so a window shown again does not start PowerShell again.
 */
import { win32 } from 'node:path';
import { linkFacts } from '../file-read.ts';
import { type WindowsPolicyTrust, windowsPolicyTrust } from './windows-acl.ts';
import { nodeWindowsCommands, securityChain, type WindowsCommands } from './windows-system.ts';

/** What fs.lstat says about a file that changes when it is rewritten, replaced or re-stamped. */
export interface FileVersion {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly birthtimeMs: number;
}

/** Verdicts already reached, by policy path: the version they were reached for and the answer (or the asking, under way). */
export type WindowsTrustVerdicts = Map<string, { readonly version: string; readonly verdict: Promise<WindowsPolicyTrust> }>;

/** This process's verdicts: the app asks again on every window show. */
const processVerdicts: WindowsTrustVerdicts = new Map();

export interface WindowsPolicyFileTrustOptions {
  readonly windows?: WindowsCommands | undefined;
  readonly version?: ((path: string) => Promise<FileVersion>) | undefined;
  readonly verdicts?: WindowsTrustVerdicts | undefined;
}

export async function windowsPolicyFileTrust(path: string, options: WindowsPolicyFileTrustOptions = {}): Promise<WindowsPolicyTrust> {
  const windows = options.windows ?? nodeWindowsCommands;
  const version = await versionOf(path, options.version ?? linkFacts);
  if (version.kind === 'absent') return { kind: 'trusted' };
  // lstat failed some other way (denied, say): Windows is asked every time, as nothing says what changed.
  if (version.kind === 'unknown') return judge(windows, path);
  const verdicts = options.verdicts ?? processVerdicts;
  const known = verdicts.get(path);
  if (known?.version === version.key) return known.verdict;
  const verdict = judge(windows, path);
  verdicts.set(path, { version: version.key, verdict });
  // A failure (PowerShell slow to start, a descriptor it could not read) is not a verdict: ask again next time.
  verdict.catch(() => {
    if (verdicts.get(path)?.verdict === verdict) verdicts.delete(path);
  });
  return verdict;
}

async function judge(windows: WindowsCommands, path: string): Promise<WindowsPolicyTrust> {
  return windowsPolicyTrust(await securityChain(windows, path));
}

type Version = { readonly kind: 'absent' } | { readonly kind: 'unknown' } | { readonly kind: 'known'; readonly key: string };

/** The file's and its folder's versions as one key; `absent` when there is no file; `unknown` when lstat cannot say. */
async function versionOf(path: string, stat: (path: string) => Promise<FileVersion>): Promise<Version> {
  let file: FileVersion;
  try {
    file = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'absent' } : { kind: 'unknown' };
  }
  try {
    const folder = await stat(win32.dirname(path));
    const key = JSON.stringify(
      [file, folder].map((facts) => [facts.dev, facts.ino, facts.size, facts.mtimeMs, facts.ctimeMs, facts.birthtimeMs]),
    );
    return { kind: 'known', key };
  } catch {
    return { kind: 'unknown' };
  }
}
