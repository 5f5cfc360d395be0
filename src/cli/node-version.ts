/**
 * The first code the command line runs. On a Node.js older than the project supports, it says so
 * in one line and exits 1, where an older Node would otherwise end in a stack trace from whatever
 * newer API came first (people who call `device-signin` from git or kubectl see that output).
 * The bundler places this module first in out/cli/device-signin.js, so it must parse and run on
 * an old Node: plain syntax and only long-standing APIs. The line is English because the
 * language machinery (catalogs, Intl) is what an unsupported Node may fail to load.
 */

/** The lowest version in package.json `engines` (a test checks they agree). */
export const minimumNode = [22, 19, 0];

/** Whether `version` (`process.versions.node`, `22.19.0`) is at least {@link minimumNode}. */
export function isSupportedNode(version: string): boolean {
  const parts = version.split('.').map(Number);
  for (let index = 0; index < minimumNode.length; index += 1) {
    const have = parts[index] ?? 0;
    const need = minimumNode[index] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

if (!isSupportedNode(process.versions.node)) {
  process.stderr.write(`device-signin needs Node.js ${minimumNode.join('.')} or later; this is Node.js ${process.versions.node}.\n`);
  process.exit(1);
}
