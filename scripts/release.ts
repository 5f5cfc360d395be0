/**
 * `npm run dist:linux|mac|win`: checks what a signed, self-updating release needs, then builds
 * it. The update feed must be https (an http feed would let anyone on the path swap the
 * update), and a Windows build must name its publisher: electron-updater checks an update's
 * signature only against `publisherName`, and skips the check when it is unknown.
 *
 *   node scripts/release.ts <linux|mac|win> [--check-only] [electron-builder options…]
 *
 * DEVICE_SIGNIN_UPDATE_URL is the feed (electron-builder.yml `publish.url`);
 * DEVICE_SIGNIN_WIN_PUBLISHER is the certificate's subject name, passed to electron-builder as
 * `win.publisherName`. `--check-only` prints the build command instead of running it.
 */
import { spawnSync } from 'node:child_process';

type Target = 'linux' | 'mac' | 'win';

/** What is wrong with the release settings for this target, one sentence each. */
function releaseProblems(target: Target, env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const feed = env['DEVICE_SIGNIN_UPDATE_URL'];
  if (feed === undefined || feed === '') problems.push('DEVICE_SIGNIN_UPDATE_URL is not set: set it to the https address of the update feed.');
  else if (URL.parse(feed)?.protocol !== 'https:') problems.push(`DEVICE_SIGNIN_UPDATE_URL is ${feed}: the update feed must be an https URL.`);
  if (target === 'win' && (env['DEVICE_SIGNIN_WIN_PUBLISHER'] ?? '') === '') {
    problems.push('DEVICE_SIGNIN_WIN_PUBLISHER is not set: set it to the subject name of the code-signing certificate, or updates would install unchecked.');
  }
  return problems;
}

function builderArguments(target: Target, env: Readonly<Record<string, string | undefined>>): string[] {
  const publisher = env['DEVICE_SIGNIN_WIN_PUBLISHER'];
  return [`--${target}`, '--publish', 'never', ...(target === 'win' && publisher !== undefined ? [`-c.win.publisherName=${publisher}`] : [])];
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [target, ...rest] = process.argv.slice(2);
const checkOnly = rest.includes('--check-only');
// Anything else goes on to electron-builder (`npm run dist:win -- -c.forceCodeSigning=true`).
const extra = rest.filter((arg) => arg !== '--check-only');
if (target !== 'linux' && target !== 'mac' && target !== 'win') {
  console.error('Usage: node scripts/release.ts <linux|mac|win> [--check-only]');
  process.exit(2);
}
const problems = releaseProblems(target, process.env);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
const args = [...builderArguments(target, process.env), ...extra];
if (checkOnly) {
  console.log(`electron-builder ${args.join(' ')}`);
} else {
  run('npx', ['electron-vite', 'build']);
  run('npx', ['electron-builder', ...args]);
}
