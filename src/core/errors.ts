import type { ErrorCode } from '../shared/flow-state.ts';
import type { SettingProblem } from './setting-problem.ts';

/**
 * A sign-in failure with a stable code. The message is for logs and details panes; front ends
 * turn the code into words. `serverError`/`serverDescription` carry an OAuth error response's
 * `error` and `error_description` (RFC 6749 §5.2) when the failure came from one; `problem`
 * says what is wrong with a setting as data (setting-problem.ts), for front ends to word.
 *
 * The cause is kept as its name and message only: oauth4webapi's errors carry the response
 * and its parsed body, which can hold tokens, and `console.error(error)` prints `[cause]` whole.
 */
export class SignInError extends Error {
  readonly code: ErrorCode;
  readonly serverError: string | undefined;
  readonly serverDescription: string | undefined;
  readonly problem: SettingProblem | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; serverError?: string; serverDescription?: string; problem?: SettingProblem } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: summary(options.cause) });
    this.name = 'SignInError';
    this.code = code;
    this.serverError = options.serverError;
    this.serverDescription = options.serverDescription;
    this.problem = options.problem;
  }
}

/** What a cause says about itself, without whatever data it carries. */
function summary(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error('a value that is not an Error');
  const copy = new Error(cause.message);
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/** Thrown when the caller's AbortSignal ended the work; never shown as a failure. */
export class CancelledError extends Error {
  constructor() {
    super('The sign-in was cancelled.');
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}

/** Stops work when the signal has fired, with the error every caller recognises. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new CancelledError();
}
