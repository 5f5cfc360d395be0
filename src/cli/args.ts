import { type DPoPMode, dpopModes, isDPoPMode } from '../core/protocol/dpop-mode.ts';
import { type ProviderName, providerNames } from '../core/providers/provider-names.ts';
import { type AccountOptions, accountOptionsFrom } from './account-options.ts';
import { type GitCredentialRequest, gitCredentialFrom, type TokenFormat, tokenFormatFrom } from './credential-request.ts';
import { type FetchRequest, fetchRequestFrom } from './fetch-request.ts';
import { nearest } from './nearest.ts';
import { parseWithNode } from './node-parse-args.ts';
import { type OptionSpecs, readCommonOptions } from './option-reader.ts';
import { UsageError } from './usage-error.ts';

export { UsageError };

export type CommandName = 'login' | 'status' | 'token' | 'logout' | 'fetch' | 'git-credential' | 'doctor' | 'accounts' | 'switch';

/** Settings a flag can give; each one overrides the environment and the user's settings.json. */
export interface SettingFlags {
  readonly issuer?: string;
  readonly clientId?: string;
  readonly scope?: string;
  readonly provider?: ProviderName;
  readonly deviceAuthorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly userinfoEndpoint?: string;
  readonly revocationEndpoint?: string;
  readonly clientSecret?: string;
  /** `direct` or an http(s) proxy URL (proxy-setting.ts). */
  readonly proxy?: string;
  readonly caFile?: string;
  readonly dpop?: DPoPMode;
}

/** Each setting flag and the setting it gives (docs/cli.md, docs/providers.md). */
const settingFlags = {
  issuer: 'issuer',
  'client-id': 'clientId',
  scope: 'scope',
  provider: 'provider',
  'device-authorization-endpoint': 'deviceAuthorizationEndpoint',
  'token-endpoint': 'tokenEndpoint',
  'userinfo-endpoint': 'userinfoEndpoint',
  'revocation-endpoint': 'revocationEndpoint',
  'client-secret': 'clientSecret',
  proxy: 'proxy',
  'ca-file': 'caFile',
  dpop: 'dpop',
} as const satisfies Readonly<Record<string, keyof SettingFlags>>;

export type CommandLine =
  | { readonly kind: 'help'; readonly command?: CommandName; readonly lang?: string }
  | { readonly kind: 'version' }
  | (AccountOptions & {
      readonly kind: 'run';
      readonly command: CommandName;
      readonly settings: SettingFlags;
      readonly json: boolean;
      readonly open: boolean;
      /** `--qr`: draw the QR code even where the terminal seems too small for it, or is no terminal. */
      readonly qr: boolean;
      /** `--no-color`: no escape sequence at all, even in a terminal (as NO_COLOR). */
      readonly noColor: boolean;
      readonly insecureStorage: boolean;
      /** Print the technical detail of a failure (the certificate, the proxy) under its two sentences. */
      readonly verbose: boolean;
      /** `--lang`: the language of the sentences, over LC_ALL, LC_MESSAGES and LANG (locale.ts). */
      readonly lang?: string;
      /** With `fetch`: the request to send. */
      readonly fetch?: FetchRequest;
      /** With `token`: a format another tool reads instead of the bare token. */
      readonly format?: TokenFormat;
      /** With `git-credential`: git's operation and the host it answers for. */
      readonly gitCredential?: GitCredentialRequest;
    });

const commands: readonly CommandName[] = ['login', 'status', 'token', 'logout', 'fetch', 'git-credential', 'doctor', 'accounts', 'switch'];

/**
 * Options that only make sense for some commands; anywhere else they are a usage error.
 * `--json` is not among them: every command takes it, so a script reads one shape whatever it runs.
 */
const commandOnly: Readonly<Record<string, readonly CommandName[]>> = {
  'no-open': ['login'],
  qr: ['login'],
  request: ['fetch'],
  header: ['fetch'],
  data: ['fetch'],
  output: ['fetch'],
  format: ['token'],
  host: ['git-credential'],
  username: ['git-credential'],
  account: ['status', 'token', 'fetch', 'logout', 'git-credential'],
  all: ['logout'],
};

/** Every option, as node:util's parseArgs takes them (and option-reader.ts, for the common shapes). */
export const commandLineOptions = {
  ...(Object.fromEntries(Object.keys(settingFlags).map((flag) => [flag, { type: 'string' }])) as Record<
    keyof typeof settingFlags,
    { type: 'string' }
  >),
  'insecure-storage': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  lang: { type: 'string' },
  'no-open': { type: 'boolean' },
  qr: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
  host: { type: 'string' },
  username: { type: 'string' },
  account: { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies OptionSpecs;

/** Reads `device-signin <command> [options]`, refusing anything it does not know. */
export function parseCommandLine(args: readonly string[]): CommandLine {
  const parsed = readCommonOptions(args, commandLineOptions) ?? parseWithNode(args, commandLineOptions);
  const { values, positionals } = parsed;
  const [first, ...extra] = positionals;
  const command = first === undefined ? undefined : asCommand(first);
  if (values.help === true || first === 'help') {
    const topic = first === 'help' ? extra[0] : first;
    const about = topic === undefined ? undefined : asCommand(topic);
    const lang = values.lang === undefined ? {} : { lang: values.lang };
    return about === undefined ? { kind: 'help', ...lang } : { kind: 'help', command: about, ...lang };
  }
  if (values.version === true) return { kind: 'version' };
  if (first === undefined) throw new UsageError('No command given.', { id: 'usage.noCommand' });
  if (command === undefined) throw unknownCommand(first);
  if (extra.length > 0 && command !== 'fetch' && command !== 'git-credential' && command !== 'switch') {
    const argument = extra[0] ?? '';
    throw new UsageError(`Unexpected argument '${argument}' after '${command}'.`, {
      id: 'usage.unexpectedArgument',
      values: { argument, command },
    });
  }
  for (const [option, allowed] of Object.entries(commandOnly)) {
    if (values[option as keyof typeof values] !== undefined && !allowed.includes(command)) {
      const named = option === 'request' ? '-X' : option === 'header' ? '-H' : option === 'output' ? '-o' : `--${option}`;
      throw new UsageError(`'${named}' does not apply to '${command}'.`, { id: 'usage.notForCommand', values: { option: named, command } });
    }
  }
  return {
    kind: 'run',
    command,
    settings: settingsFrom(values),
    json: values.json === true,
    open: values['no-open'] !== true,
    qr: values.qr === true,
    noColor: values['no-color'] === true,
    insecureStorage: values['insecure-storage'] === true,
    verbose: values.verbose === true,
    ...(values.lang === undefined ? {} : { lang: values.lang }),
    ...(command === 'fetch' ? { fetch: fetchRequestFrom(values, extra) } : {}),
    ...credentialOptions(command, values, extra),
    ...accountOptionsFrom(command, values, extra),
  };
}

function credentialOptions(
  command: CommandName,
  values: { format?: string; host?: string; username?: string },
  extra: readonly string[],
): { format?: TokenFormat; gitCredential?: GitCredentialRequest } {
  const format = tokenFormatFrom(values.format);
  if (typeof format === 'object') throw format.problem;
  if (command !== 'git-credential') return format === undefined ? {} : { format };
  const gitCredential = gitCredentialFrom(values, extra);
  if ('problem' in gitCredential) throw gitCredential.problem;
  return { gitCredential };
}

function settingsFrom(values: Partial<Record<string, string | boolean | string[]>>): SettingFlags {
  const settings: Record<string, string> = {};
  for (const [flag, key] of Object.entries(settingFlags))
    Object.assign(settings, settingFlag(`--${flag}`, values[flag] as string | undefined, key));
  const provider = settings.provider;
  if (provider !== undefined && !(providerNames as readonly string[]).includes(provider)) {
    const names = providerNames.join(', ');
    throw new UsageError(`Unknown provider '${provider}': use one of ${names}.`, {
      id: 'usage.unknownProvider',
      values: { provider, names },
    });
  }
  const dpop = settings.dpop;
  if (dpop !== undefined && !isDPoPMode(dpop)) {
    const modes = dpopModes.join(', ');
    throw new UsageError(`--dpop takes ${modes}, not '${dpop}'.`, { id: 'usage.dpopTakes', values: { modes, value: dpop } });
  }
  return settings;
}

/** A word where a command was expected, with the nearest command when it looks like a slip (`logn`). */
function unknownCommand(word: string): UsageError {
  const suggestion = nearest(word, commands);
  const english = `Unknown command '${word}'.${suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`}`;
  return new UsageError(english, {
    id: 'usage.unknownCommand',
    values: { command: word },
    ...(suggestion === undefined ? {} : { suggestion }),
  });
}

/** The command a command line names, if any, even one that cannot be read: its help is the one to point to. */
export function commandNamed(args: readonly string[]): CommandName | undefined {
  return args.map(asCommand).find((command) => command !== undefined);
}

function asCommand(word: string): CommandName | undefined {
  return commands.find((command) => command === word);
}

function settingFlag<K extends keyof SettingFlags>(flag: string, value: string | undefined, key: K): Partial<Record<K, string>> {
  if (value === undefined) return {};
  const trimmed = value.trim();
  if (trimmed === '') throw new UsageError(`${flag} needs a value.`, { id: 'usage.needsValue', values: { flag } });
  return { [key]: trimmed } as Partial<Record<K, string>>;
}
