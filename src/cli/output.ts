import type { ErrorCode } from '../shared/flow-state.ts';
import { type Explanation, sentence } from './messages.ts';

/** The JSON Lines events of `login --json` (docs/cli.md), one object per line, each with `type`. */
export type LoginEvent =
  | {
      readonly type: 'code';
      readonly user_code: string;
      readonly verification_uri: string;
      readonly verification_uri_complete?: string;
      /** ISO 8601. */
      readonly expires_at: string;
      /** Seconds between polls. */
      readonly interval: number;
    }
  | { readonly type: 'pending' }
  | { readonly type: 'slow_down'; readonly interval: number }
  /** `delay` in seconds until the next attempt. */
  | { readonly type: 'retry'; readonly delay: number; readonly reason: string }
  | { readonly type: 'signed_in'; readonly sub: string; readonly name?: string; readonly email?: string };

/** `status --json`: one object. */
export interface StatusEvent {
  readonly type: 'status';
  readonly signed_in: boolean;
  readonly issuer: string;
  readonly client_id: string;
  readonly sub?: string;
  readonly name?: string;
  readonly email?: string;
  /** ISO 8601, when the provider said how long the access token lives. */
  readonly expires_at?: string;
  /** Whether a refresh token is kept, so `token` can renew the access token without a new sign-in. */
  readonly refreshable?: boolean;
  readonly storage?: 'keyring' | 'file';
}

export interface ErrorEvent {
  readonly type: 'error';
  readonly code: ErrorCode;
  /** What happened and what to do, in two sentences. */
  readonly message: string;
  /** The technical reason, when there is one beyond the code: for logs and bug reports. */
  readonly detail?: string;
}

export type CliEvent = LoginEvent | StatusEvent | ErrorEvent;

export interface Streams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Everything a command prints goes through here. Human mode: text on stdout, failures on
 * stderr. JSON mode: stdout carries only JSON Lines (failures included, as `error` events),
 * so a script can read it line by line; stderr stays quiet.
 */
export interface Output {
  readonly json: boolean;
  /** An event: a JSON line in JSON mode, `text` (when given) in human mode. */
  emit(event: CliEvent, text?: string): void;
  /** Text for people only; nothing in JSON mode. */
  say(text: string): void;
  /** A note on stderr for people only (a browser that did not open, a revocation that failed). */
  warn(text: string): void;
  fail(code: ErrorCode, explanation: Explanation, detail?: string): void;
}

export function createOutput(json: boolean, streams: Streams): Output {
  return {
    json,
    emit(event, text) {
      if (json) streams.stdout.write(`${JSON.stringify(event)}\n`);
      else if (text !== undefined) streams.stdout.write(`${text}\n`);
    },
    say(text) {
      if (!json) streams.stdout.write(`${text}\n`);
    },
    warn(text) {
      if (!json) streams.stderr.write(`${text}\n`);
    },
    fail(code, explanation, detail) {
      const event: ErrorEvent = { type: 'error', code, message: sentence(explanation), ...(detail === undefined ? {} : { detail }) };
      if (json) streams.stdout.write(`${JSON.stringify(event)}\n`);
      else streams.stderr.write(`${explanation.what}\n${explanation.next}\n`);
    },
  };
}
