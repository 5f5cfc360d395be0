import type { DiagnosticCheck, DiagnosticReport } from '../core/diagnostics/report.ts';
import { replaceUnsafeCharacters } from '../core/protocol/server-text.ts';
import type { ErrorCode, Retrying, RevocationOutcome } from '../shared/flow-state.ts';
import type { PolicySourceKind } from '../shared/policy-source.ts';
import { type Explanation, sentence } from './messages.ts';
import type { TerminalSize } from './terminal.ts';
import { visibleEscape } from './visible-text.ts';

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
  | { readonly type: 'retry'; readonly delay: number; readonly reason: Retrying['reason'] }
  /** `sub` is absent where the provider names nobody (a plain OAuth 2.0 server). */
  | { readonly type: 'signed_in'; readonly sub?: string; readonly name?: string; readonly email?: string }
  /** Before a code is shown: who is signed in now, whose session this sign-in will replace. */
  | { readonly type: 'already_signed_in'; readonly sub?: string; readonly name?: string; readonly email?: string }
  /** The earlier session, replaced by this sign-in, and what the provider did when asked to end it (as `logout`). */
  | {
      readonly type: 'replaced';
      readonly sub?: string;
      readonly name?: string;
      readonly email?: string;
      readonly revocation: RevocationOutcome;
      /** ISO 8601, when it was not revoked and its access token outlives it. */
      readonly expires_at?: string;
    };

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
  /** `Bearer`, or `DPoP` when the tokens are bound to this computer's key (RFC 9449). */
  readonly token_type?: 'Bearer' | 'DPoP';
  /** With `DPoP`: the key's RFC 7638 thumbprint, the `cnf.jkt` the provider bound the tokens to. */
  readonly dpop_jkt?: string;
  /** The policies that set or locked anything, strongest first: `group-policy`, `configuration-profile`, `policy-file`, `installer`. */
  readonly policy_sources: readonly { readonly kind: PolicySourceKind; readonly name: string }[];
}

/** `logout --json`: one object. `expires_at` (ISO 8601) when the provider did not revoke and the access token outlives the sign-out. */
export interface LogoutEvent {
  readonly type: 'logout';
  readonly signed_out: true;
  /** False when there was no session to sign out of (then nothing was sent to the provider). */
  readonly was_signed_in: boolean;
  /** Which account, with `--account` and `--all` (one object per account) or when several were kept. */
  readonly sub?: string;
  readonly name?: string;
  readonly email?: string;
  readonly revocation?: RevocationOutcome;
  readonly expires_at?: string;
  /** Where the user can end the grant themselves, when this client cannot (GitHub's authorized apps). */
  readonly revoke_at?: string;
}

/** `accounts --json`: one object, every account kept for these settings, the current one first. */
export interface AccountsEvent {
  readonly type: 'accounts';
  readonly accounts: readonly AccountEntry[];
}

/** One kept account, as `accounts --json` lists it and `switch --json` names it; never a token. */
export interface AccountEntry {
  /** The account's issuer: with `sub`, what names the account (OpenID Connect Core §2). */
  readonly issuer: string;
  readonly client_id: string;
  readonly sub?: string;
  readonly name?: string;
  readonly email?: string;
  readonly current: boolean;
  /** ISO 8601, when the provider said how long the access token lives. */
  readonly expires_at?: string;
  /** `Bearer` or `DPoP`, as `status --json` spells it. */
  readonly token_type: string;
}

/** `switch --json`: one object, the account that is current now. */
export type SwitchEvent = { readonly type: 'switch' } & AccountEntry;

/** `token --json`: one object, for scripts that want the expiry along with the token. */
export interface TokenEvent {
  readonly type: 'token';
  readonly access_token: string;
  readonly token_type: string;
  /** ISO 8601, when the provider said how long the access token lives. */
  readonly expires_at?: string;
}

/** `fetch --json`: one object, the API's status and its body as text. */
export interface ResponseEvent {
  readonly type: 'response';
  readonly status: number;
  readonly ok: boolean;
  readonly body: string;
}

/** `doctor --json`: one `check` object per check, in order, then one `summary`. */
export type DoctorEvent = ({ readonly type: 'check' } & DiagnosticCheck) | ({ readonly type: 'summary' } & DiagnosticReport['summary']);

/** The failure codes of the command line: the core's, and `cancelled` for a `login` stopped by Ctrl-C or a kill. */
export type CliErrorCode = ErrorCode | 'cancelled';

export interface ErrorEvent {
  readonly type: 'error';
  readonly code: CliErrorCode;
  /** What happened and what to do, in two sentences. */
  readonly message: string;
  /** The technical reason, when there is one beyond the code: for logs and bug reports. */
  readonly detail?: string;
}

export type CliEvent =
  LoginEvent | StatusEvent | LogoutEvent | AccountsEvent | SwitchEvent | TokenEvent | ResponseEvent | ErrorEvent | DoctorEvent;

export interface Streams {
  /** `isTerminal`: whether a person is reading stdout (a TTY), asked only by a command that writes outside bytes there. */
  readonly stdout: { write(text: string | Uint8Array): unknown; isTerminal?(): boolean; size?(): TerminalSize | undefined };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Everything a command prints goes through here. Human mode: text on stdout, failures on
 * stderr. JSON mode: stdout carries only JSON Lines (failures included, as `error` events),
 * so a script can read it line by line; stderr stays quiet. Neither mode writes a raw control
 * or bidirectional formatting character (see `terminalLine` and `jsonLine`).
 */
export interface Output {
  readonly json: boolean;
  /** An event: a JSON line in JSON mode, `text` (when given) in human mode. */
  emit(event: CliEvent, text?: string): void;
  /** Text for people only; nothing in JSON mode. */
  say(text: string): void;
  /** A note on stderr for people only (a browser that did not open, a revocation that failed). */
  warn(text: string): void;
  /** One line on stderr in every mode: for the tools that call `token --format` and `git-credential`, which read no JSON errors. */
  warnLine(text: string): void;
  fail(code: CliErrorCode, explanation: Explanation, detail?: string): void;
}

export function createOutput(json: boolean, streams: Streams, verbose = false): Output {
  return {
    json,
    emit(event, text) {
      if (json) streams.stdout.write(jsonLine(event));
      else if (text !== undefined) streams.stdout.write(terminalLine(text));
    },
    say(text) {
      if (!json) streams.stdout.write(terminalLine(text));
    },
    warn(text) {
      if (!json) streams.stderr.write(terminalLine(text));
    },
    warnLine(text) {
      streams.stderr.write(terminalLine(text));
    },
    fail(code, explanation, detail) {
      const event: ErrorEvent = { type: 'error', code, message: sentence(explanation), ...(detail === undefined ? {} : { detail }) };
      if (json) {
        streams.stdout.write(jsonLine(event));
        return;
      }
      const details = verbose && detail !== undefined ? `\n${explanation.detailsLabel ?? 'Details'}: ${detail}` : '';
      streams.stderr.write(terminalLine(`${explanation.what}\n${explanation.next}${details}`));
    },
  };
}

/**
 * The core has cleaned what servers send; this is the last line of defence for whatever else a
 * printed string carries (a setting, a path, a message built from either). No control or
 * bidirectional formatting character is written raw: a terminal would act on it or reorder the
 * text around it. An access token (RFC 6750 §2.1: b64token) passes unchanged. In JSON, the
 * escape is JSON's own, so the line reads back as the same string.
 */
function jsonEscaped(character: string): string {
  return `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/**
 * One JSON line. JSON.stringify escapes C0 controls but leaves DEL, C1 (U+009B is CSI to many
 * terminals) and bidi controls raw; as \uXXXX escapes they read back as the same string.
 */
function jsonLine(event: CliEvent): string {
  return `${replaceUnsafeCharacters(JSON.stringify(event), jsonEscaped)}\n`;
}

/**
 * What human text keeps as it is: line breaks, and the SGR changes `login` draws its code and QR
 * code with (reset, bold and its end, foreground, background; login-screen.ts writes them only to
 * a terminal that allows colour), which never move the cursor or touch the screen. The capturing
 * group makes `split` hand them back at odd indexes.
 */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const keptAsIs = /(\n|\u001b\[(?:0|1|22|3[0-7]|4[0-7])m)/;

/** Human text: line breaks and QR colours as they are, every other control visibly escaped. */
function terminalLine(text: string): string {
  const parts = text.split(keptAsIs).map((part, index) => (index % 2 === 1 ? part : replaceUnsafeCharacters(part, visibleEscape)));
  return `${parts.join('')}\n`;
}
