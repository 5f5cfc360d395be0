/**
 * The `device-signin` executable. Tools call it before every request (`token`, `git-credential`,
 * kubectl's exec plugin), so start-up is paid every time: this file does no work at import, turns
 * on Node's module compile cache (V8 code caching on disk, so later runs skip compiling) in the
 * user's own cache folder and only when no other account can write it (compile-cache.ts),
 * answers `--version` with nothing loaded and `--help` with the usage text only, and only then
 * loads the command line proper (main.ts), which in turn loads only the command it runs. Output
 * goes straight to the file descriptors (streams.ts): Node's stdout stream alone costs milliseconds.
 */
import { enableCompileCache } from 'node:module';
import { chooseCompileCache } from './compile-cache.ts';
import { directStreams } from './streams.ts';
import { visibleText } from './visible-text.ts';

declare const DEVICE_SIGNIN_VERSION: string;

const args = process.argv.slice(2);
const streams = directStreams();

// Never Node's default folder, the shared temporary one; a folder others could write is not used.
const cache = chooseCompileCache(process.env, process.platform, process.getBuiltinModule('node:os').homedir(), process.getuid?.(), process.getBuiltinModule('node:fs'));
if (cache.use) {
  try {
    enableCompileCache(cache.folder);
  } catch {
    // Best effort: a read-only or full cache folder only costs the speed-up.
  }
} else if (args.includes('--verbose')) {
  // The reason names folders from the environment, which may hold anything.
  streams.stderr.write(`device-signin: not using the compile cache: ${visibleText(cache.reason)}\n`);
}

if (args.length === 1 && args[0] === '--version') {
  streams.stdout.write(`device-signin ${DEVICE_SIGNIN_VERSION}\n`);
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h' || args[0] === 'help')) {
  // The same text main.ts prints for help, without the settings, the vault or the network.
  const [{ helpText }, { cliLanguage, wordsFor }] = await Promise.all([import('./usage.ts'), import('./locale.ts')]);
  streams.stdout.write(`${helpText((await wordsFor(cliLanguage(undefined, process.env))()).t)}\n`);
} else {
  await (await import('./main.ts')).runMain(streams);
}
