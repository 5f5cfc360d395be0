/**
 * Checks policy files the way the app will, before they go into an installer or out to desktops:
 *
 *   node scripts/check-policy.ts resources/policy.json my-org/policy.json
 *
 * Prints each file's settings and locks, or the file, key and problem; exits 1 if any is invalid.
 */
import { loadPolicyFile } from '../src/core/policy/policy.ts';
import { PolicyError } from '../src/core/policy/policy-document.ts';

let failed = false;
for (const path of process.argv.slice(2)) {
  try {
    const policy = await loadPolicyFile(path);
    if (policy === undefined) {
      console.error(`${path}: no such file`);
      failed = true;
    } else {
      console.log(`${path}: valid. Sets ${JSON.stringify(policy.values)}; locks [${[...policy.locked].join(', ')}].`);
    }
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    console.error(error.message);
    failed = true;
  }
}
if (process.argv.length <= 2) {
  console.error('usage: node scripts/check-policy.ts <policy.json>...');
  failed = true;
}
process.exitCode = failed ? 1 : 0;
