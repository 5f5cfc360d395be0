import { SignInError } from '../core/errors.ts';
import { type CommandLine, type CommandName, commandNamed, parseCommandLine, UsageError } from './args.ts';
import { cachedToken } from './commands/cached-token.ts';
import { type CommandContext, failureStatus } from './commands/command-context.ts';
import { type Environment, homeFolder } from './home.ts';
import { cliLanguage, wordsFor } from './locale.ts';
import type { Translate } from './words.ts';
import { explain } from './messages.ts';
import { createOutput, type Streams } from './output.ts';
import type { Fetch } from '../core/protocol/http.ts';
import type { TerminalSize } from './terminal.ts';
import { bundledPolicyPathForCli, type CliSettings, resolveCliSettings } from './settings.ts';

declare const DEVICE_SIGNIN_VERSION: string;

const usageStatus = 2;

/** Runs one command line and returns its exit status: 0 done, 1 failed, 2 usage error. */
export async function runCli(args: readonly string[], env: Environment, streams: Streams): Promise<number> {
  let line: CommandLine;
  try {
    line = parseCommandLine(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The line could not be read, but its --lang usually can: the complaint is in the language asked for.
    const { t } = await wordsFor(cliLanguage(langIn(args), env))();
    const command = commandNamed(args);
    const help = command === undefined ? t('usage.runHelp') : t('usage.helpFor', { command });
    streams.stderr.write(`device-signin: ${usageText(t, error)}\n${help}\n`);
    return usageStatus;
  }
  if (line.kind === 'help') {
    const words = await wordsFor(cliLanguage(line.lang, env))();
    streams.stdout.write(`${(await import('./usage.ts')).helpText(words.t, line.command)}\n`);
    return 0;
  }
  if (line.kind === 'version') {
    streams.stdout.write(`device-signin ${DEVICE_SIGNIN_VERSION}\n`);
    return 0;
  }
  const out = createOutput(line.json, streams, line.verbose);
  // Loaded when a sentence is printed; English for JSON, which scripts read.
  const language = line.json ? 'en' : cliLanguage(line.lang, env);
  const words = wordsFor(language);
  const home = homeFolder(env);
  // doctor reports settings that cannot be used instead of stopping at them, so it runs before they are resolved.
  if (line.command === 'doctor') {
    return (await import('./commands/doctor.ts')).doctor({ line, env, home, platform: process.platform, out, words });
  }
  let settings: CliSettings;
  try {
    settings = await resolveCliSettings({
      flags: line.settings,
      insecureStorage: line.insecureStorage,
      env,
      home,
      platform: process.platform,
      bundledPolicyPath: bundledPolicyPathForCli(import.meta.url),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      streams.stderr.write(`device-signin: ${usageText((await words()).t, error)}\n`);
      return usageStatus;
    }
    if (error instanceof SignInError) {
      // A policy that cannot be used, a lock the invocation runs into, validateConfig's verdict on a flag or variable.
      const { t } = await words();
      out.fail(error.code, { ...explain(t, error.code, { problem: error.problem }), detailsLabel: t('error.detailsLabel') }, error.message);
      // A setting that cannot be used, or one the admin has locked: the line cannot be run as typed.
      return failureStatus(error.code, error.problem);
    }
    throw error;
  }
  const { proxy, caFile } = settings.resolved.settings;
  // The network code (network.ts and the protocol's HTTP layer) is loaded for the first request:
  // `token` on a fresh session makes none, and compiling it is a measurable part of its start.
  let network: Promise<Fetch> | undefined;
  const fetch: Fetch = async (url, init) => {
    network ??= import('./network.ts').then(({ cliFetch }) => cliFetch({ proxy, caFile }, env));
    return (await network)(url, init);
  };
  const writeBody = (bytes: Uint8Array): void => {
    streams.stdout.write(bytes);
  };
  const stdoutIsTerminal = (): boolean => streams.stdout.isTerminal?.() ?? false;
  const stdoutSize = (): TerminalSize | undefined => streams.stdout.size?.();
  // `"insecureStorage": true` in settings.json chooses the file as the flag does.
  const run = settings.insecureStorage === line.insecureStorage ? line : { ...line, insecureStorage: settings.insecureStorage };
  const context: CommandContext = {
    line: run,
    settings,
    home,
    env,
    platform: process.platform,
    out,
    language,
    words,
    writeBody,
    stdoutIsTerminal,
    stdoutSize,
    fetch,
    now: Date.now,
  };
  return runCommand(line.command, context);
}

/**
 * Each command is loaded when run: `token` must not pay for the QR code or the sign-in flow, and
 * on a fresh session not even for the command proper (cached-token.ts).
 */
async function runCommand(command: Exclude<CommandName, 'doctor'>, context: CommandContext): Promise<number> {
  switch (command) {
    case 'login':
      return (await import('./commands/login.ts')).login(context);
    case 'status':
      return (await import('./commands/status.ts')).status(context);
    case 'token':
      return (await cachedToken(context)) ?? (await import('./commands/token.ts')).token(context);
    case 'logout':
      return (await import('./commands/logout.ts')).logout(context);
    case 'accounts':
      return (await import('./commands/accounts.ts')).accounts(context);
    case 'switch':
      return (await import('./commands/switch.ts')).switchAccount(context);
    case 'fetch':
      return (await import('./commands/fetch.ts')).fetchCommand(context);
    case 'git-credential':
      return (await import('./commands/git-credential.ts')).gitCredential(
        context,
        await (await import('node:stream/consumers')).text(process.stdin),
      );
  }
}

/** A usage error in the terminal's language, where it has a catalog message (Node's parseArgs words its own). */
function usageText(t: Translate, error: UsageError): string {
  const { phrase } = error;
  if (phrase === undefined) return error.message;
  const text = t(phrase.id, phrase.values);
  return phrase.suggestion === undefined ? text : `${text} ${t('usage.didYouMean', { suggestion: phrase.suggestion })}`;
}

/** `--lang TAG` or `--lang=TAG` in a command line that could not be read as a whole. */
function langIn(args: readonly string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (arg === '--lang') return args[index + 1];
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** The command line as the executable runs it (entry.ts): process.exitCode set, bugs reported as such. */
export async function runMain(streams: Streams): Promise<void> {
  try {
    process.exitCode = await runCli(process.argv.slice(2), process.env, streams);
  } catch (error) {
    // Only bugs get here: expected failures were printed as sentences by the commands.
    streams.stderr.write(
      `device-signin: unexpected error, please report it:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
