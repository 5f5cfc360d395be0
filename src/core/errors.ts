import type { ErrorCode } from '../shared/flow-state.ts';

/**
 * A sign-in failure with a stable code. The message is for logs and details panes; front ends
 * turn the code into words. `serverError`/`serverDescription` carry an OAuth error response's
 * `error` and `error_description` (RFC 6749 §5.2) when the failure came from one.
 */
export class SignInError extends Error {
  readonly code: ErrorCode;
  readonly serverError: string | undefined;
  readonly serverDescription: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; serverError?: string; serverDescription?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SignInError';
    this.code = code;
    this.serverError = options.serverError;
    this.serverDescription = options.serverDescription;
  }
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
