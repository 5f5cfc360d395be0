/**
 * What a packaged app refuses to start with, and what it ignores, from its command line and its
 * environment. Anyone who can start the app (a shortcut's target, a login script, another
 * program running as the user) can add Chromium or Node switches; a few of them open the running
 * app to another program or turn off the TLS checks that keep the tokens between the app and the
 * provider. An unpackaged app (`npm start`, `npm run dev`) keeps them all, for debugging.
 * Plain code, no Electron import: index.ts applies it, tests call it directly.
 */

/**
 * The switches that expose tokens or disable TLS checks. From Electron's list of supported
 * switches (https://www.electronjs.org/docs/latest/api/command-line-switches): the Node
 * inspector (`--inspect*`, `--debug*`), `--remote-debugging-port`, `--ignore-certificate-errors`,
 * `--host-rules` / `--host-resolver-rules` (send the issuer's host name to another address),
 * `--log-net-log`, and `--js-flags` (V8 flags for the process that holds the tokens). From
 * Chromium's own switch lists (content/public/common/content_switches.cc and
 * services/network/public/cpp/network_switches.cc): `--remote-debugging-pipe`,
 * `--ignore-certificate-errors-spki-list`, `--ssl-key-log-file` (writes the TLS session keys,
 * which decrypt every token on the wire) and `--net-log-capture-mode`.
 */
export const refusedSwitches: readonly string[] = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-brk-node',
  'inspect-port',
  'debug',
  'debug-brk',
  'debug-port',
  'js-flags',
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'host-rules',
  'host-resolver-rules',
  'log-net-log',
  'net-log-capture-mode',
  'ssl-key-log-file',
];

/**
 * Chromium's network service reads the TLS key log's path from this variable when the switch is
 * absent (content/browser/network_service_instance_impl.cc), so it is refused like the switch.
 */
export const refusedEnvironment: readonly string[] = ['SSLKEYLOGFILE'];

/**
 * Removed before anything loads the keyring: @napi-rs/keyring's loader `require()`s whatever
 * `.node` file this names instead of its own binding, which would run another program's code
 * inside the app that holds the tokens.
 */
export const ignoredEnvironment: readonly string[] = ['NAPI_RS_NATIVE_LIBRARY_PATH'];

/**
 * The first refused switch or variable in this launch, as it would be written (`--inspect`,
 * `SSLKEYLOGFILE`), or undefined. Chromium reads `--name`, `-name` and, on Windows, `/name`,
 * with or without `=value`, up to a bare `--`; on Windows switch names are not case-sensitive
 * (base/command_line.cc).
 */
export function refusedLaunchOption(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): string | undefined {
  const prefixes = platform === 'win32' ? ['--', '-', '/'] : ['--', '-'];
  for (const argument of argv.slice(1)) {
    if (argument === '--') break;
    const prefix = prefixes.find((candidate) => argument.startsWith(candidate));
    if (prefix === undefined) continue;
    const raw = argument.slice(prefix.length).split('=', 1)[0] ?? '';
    const name = platform === 'win32' ? raw.toLowerCase() : raw;
    if (refusedSwitches.includes(name)) return `--${name}`;
  }
  return refusedEnvironment.find((name) => env[name] !== undefined);
}

/** Deletes the ignored variables from `env` (process.env in main); returns the names it deleted. */
export function dropIgnoredEnvironment(env: Record<string, string | undefined>): string[] {
  const dropped = ignoredEnvironment.filter((name) => env[name] !== undefined);
  for (const name of dropped) Reflect.deleteProperty(env, name);
  return dropped;
}
