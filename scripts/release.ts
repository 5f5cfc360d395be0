/**
 * `npm run dist:linux|mac|win`: checks what a signed, self-updating release needs, then builds
 * it. The update feed must be https (an http feed would let anyone on the path swap the
 * update), and a Windows build must name its publisher: electron-updater checks an update's
 * signature only against the publisher name electron-builder writes into app-update.yml, and
 * skips the check when there is none.
 *
 *   node scripts/release.ts <linux|mac|win> [--check-only] [electron-builder options…]
 *
 * DEVICE_SIGNIN_UPDATE_URL is the feed (electron-builder.yml `publish.url`);
 * DEVICE_SIGNIN_WIN_PUBLISHER is the certificate's subject name. electron-builder 26 reads it
 * from the signing method's own options: `win.azureSignOptions.publisherName` when the command
 * line configures Azure Trusted Signing (`-c.win.azureSignOptions.*`), else
 * `win.signtoolOptions.publisherName`. `--check-only` prints electron-builder's arguments as a
 * JSON array instead of building.
 *
 * Both tools are started as `node <their script>` with an argument array, never through a
 * shell: a publisher name with a space or a comma reaches electron-builder as one argument.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Target = 'linux' | 'mac' | 'win';
type Environment = Readonly<Record<string, string | undefined>>;

const azureOption = /^(-c|--config)\.win\.azureSignOptions\./;
const publisherOption = /^(-c|--config)\.win\.(publisherName|signtoolOptions\.publisherName|azureSignOptions\.publisherName)(=|$)/;

/** What is wrong with the release settings for this target, one sentence each. */
function releaseProblems(target: Target, env: Environment, extra: readonly string[]): string[] {
  const problems: string[] = [];
  const feed = env['DEVICE_SIGNIN_UPDATE_URL'];
  if (feed === undefined || feed === '') {
    problems.push('DEVICE_SIGNIN_UPDATE_URL is not set: set it to the https address of the update feed.');
  } else if (URL.parse(feed)?.protocol !== 'https:') {
    problems.push(`DEVICE_SIGNIN_UPDATE_URL is ${feed}: the update feed must be an https URL.`);
  }
  if (target === 'win' && (env['DEVICE_SIGNIN_WIN_PUBLISHER'] ?? '') === '') {
    problems.push(
      'DEVICE_SIGNIN_WIN_PUBLISHER is not set: set it to the subject name of the code-signing certificate, ' +
        'or updates would install unchecked.',
    );
  }
  const named = extra.find((arg) => publisherOption.test(arg));
  if (named !== undefined) {
    const option = named.split('=')[0] ?? named;
    problems.push(`${option}: give the publisher in DEVICE_SIGNIN_WIN_PUBLISHER instead, so there is one place that names it.`);
  }
  return problems;
}

function builderArguments(target: Target, env: Environment, extra: readonly string[]): string[] {
  const publisher = env['DEVICE_SIGNIN_WIN_PUBLISHER'];
  const signing = extra.some((arg) => azureOption.test(arg)) ? 'azureSignOptions' : 'signtoolOptions';
  const publisherArgs = target === 'win' && publisher !== undefined ? [`-c.win.${signing}.publisherName=${publisher}`] : [];
  return [`--${target}`, '--publish', 'never', ...publisherArgs, ...extra];
}

const require = createRequire(import.meta.url);

/** Runs a package's command-line script with this Node, the arguments as given. */
function run(script: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [target, ...rest] = process.argv.slice(2);
const checkOnly = rest.includes('--check-only');
// Anything else goes on to electron-builder (`npm run dist:win -- -c.forceCodeSigning=true`).
const extra = rest.filter((arg) => arg !== '--check-only');
if (target !== 'linux' && target !== 'mac' && target !== 'win') {
  console.error('Usage: node scripts/release.ts <linux|mac|win> [--check-only] [electron-builder options…]');
  process.exit(2);
}
const problems = releaseProblems(target, process.env, extra);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
const args = builderArguments(target, process.env, extra);
if (checkOnly) {
  console.log(JSON.stringify(args));
} else {
  run(join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js'), ['build']);
  run(require.resolve('electron-builder/cli.js'), args);
}
