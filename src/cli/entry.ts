/**
 * The `device-signin` executable. Tools call it before every request (`token`, `git-credential`,
 * kubectl's exec plugin), so start-up is paid every time: this file does no work at import,
 * answers `--version` with nothing loaded and `--help` with the usage text only, and only then
 * loads the command line proper (main.ts), which in turn loads only the command it runs. Output
 * goes straight to the file descriptors (streams.ts): Node's stdout stream alone costs milliseconds.
 */
// First: on an unsupported Node it prints one line and exits before anything else runs.
import './node-version.ts';
import { directStreams } from './streams.ts';

declare const DEVICE_SIGNIN_VERSION: string;

const args = process.argv.slice(2);
const streams = directStreams();

// No compile cache (node:module's enableCompileCache): it saved under 2 ms of about 70 here
// (docs/benchmarks.md), and Node trusts a cache entry by its source's length and CRC32, so a
// cache folder another account can write (Node's default is in the shared TMPDIR) runs their code.

if (args.length === 1 && args[0] === '--version') {
  streams.stdout.write(`device-signin ${DEVICE_SIGNIN_VERSION}\n`);
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h' || args[0] === 'help')) {
  // The same text main.ts prints for help, without the settings, the vault or the network.
  const [{ helpText }, { cliLanguage, wordsFor }] = await Promise.all([import('./usage.ts'), import('./locale.ts')]);
  streams.stdout.write(`${helpText((await wordsFor(cliLanguage(undefined, process.env))()).t)}\n`);
} else {
  await (await import('./main.ts')).runMain(streams);
}
