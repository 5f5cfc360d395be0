/**
 * What every command is handed, and what it returns: apart from context.ts, so that what
 * commands share (failure.ts, cached-token.ts, token-output.ts) can name them without loading
 * the sign-in flow that context.ts brings.
 */
import type { Fetch } from '../../core/protocol/http.ts';
import type { SettingProblem } from '../../core/setting-problem.ts';
import type { CommandLine } from '../args.ts';
import type { Environment } from '../home.ts';
import type { Output } from '../output.ts';
import type { CliSettings } from '../settings.ts';
import type { TerminalSize } from '../terminal.ts';
import type { CliLanguage, Words } from '../words.ts';

/** What every command is handed: the parsed command line, where it signs in, and where it prints. */
export interface CommandContext {
  readonly line: Extract<CommandLine, { kind: 'run' }>;
  readonly settings: CliSettings;
  readonly home: string;
  readonly env: Environment;
  readonly platform: NodeJS.Platform;
  readonly out: Output;
  /** The sentences' language (English with --json), and its words, loaded on first use. */
  readonly language: CliLanguage;
  readonly words: () => Promise<Words>;
  /** Raw bytes to stdout: the token's formats, git's answer, an API's response body (fetch.ts decides how a body reaches a terminal). */
  readonly writeBody: (bytes: Uint8Array) => void;
  /** Whether stdout is a terminal that a person reads, rather than a file or a pipe. */
  readonly stdoutIsTerminal: () => boolean;
  /** The terminal's size when stdout is one (for `login`'s QR code). */
  readonly stdoutSize: () => TerminalSize | undefined;
  readonly fetch: Fetch;
  readonly now: () => number;
}

/**
 * Exit status of a command: 0 done, 1 failed or not signed in, 2 a command line that cannot be
 * run as given (usage errors, and a kept session these settings would send elsewhere).
 */
export type ExitStatus = 0 | 1 | 2;

/**
 * The exit status of an expected failure (docs/cli.md, "Exit statuses"): 2 when what was typed
 * or configured must change before trying again can help (a setting the core refused, anything a
 * setting caused, a kept session these settings would send elsewhere), 1 for the rest.
 */
export function failureStatus(code: string, problem: SettingProblem | undefined): ExitStatus {
  return code === 'invalid_config' || code === 'session_elsewhere' || problem !== undefined ? 2 : 1;
}
