/**
 * The sign-in events an administrator finds in the system's own log (the Windows Application log,
 * macOS's unified log, the systemd journal), one table: the core log's event name, the stable id
 * the system log files it under, its level, and which of the event's fields is its code.
 * docs/admin.md ("When sign-in fails on one machine") lists the same ids; a test keeps them equal.
 */
import type { LogFields } from '../log.ts';

export type SystemLevel = 'information' | 'warning' | 'error';

interface EventRule {
  /** Windows accepts 1 to 1000 from eventcreate (learn.microsoft.com, windows-commands/eventcreate). */
  readonly id: number;
  /** The name the system log line carries, readable without the table. */
  readonly name: string;
  readonly level: SystemLevel;
  /** The event's outcome in one word: an error code, a revocation outcome, a notice's code. */
  readonly code: (fields: LogFields) => string | undefined;
}

const field =
  (name: string) =>
  (fields: LogFields): string | undefined => {
    const value = fields[name];
    return typeof value === 'string' ? value : undefined;
  };

/** Keyed by the event names the core and main log (src/core/flow, src/main/policy-follower.ts, src/main/index.ts). */
export const systemEventRules = {
  signed_in: { id: 100, name: 'sign_in_completed', level: 'information', code: () => 'ok' },
  'sign_in.failed': { id: 101, name: 'sign_in_failed', level: 'error', code: field('code') },
  signed_out: { id: 102, name: 'signed_out', level: 'information', code: field('revocation') },
  'session.ended': { id: 103, name: 'session_ended', level: 'warning', code: field('reason') },
  'refresh.failed': { id: 104, name: 'refresh_failed', level: 'warning', code: field('code') },
  'policy.invalid': { id: 110, name: 'policy_invalid', level: 'error', code: field('code') },
  'policy.changed': {
    id: 111,
    name: 'policy_changed',
    level: 'information',
    // Whether the change moved sign-in to another issuer or client (and so signed the old session out).
    code: (fields) => (fields['signOut'] === true ? 'sign_in_moved' : 'settings_changed'),
  },
} as const satisfies Readonly<Record<string, EventRule>>;

export type SystemEventName = keyof typeof systemEventRules;

/** One line for the system log: never a token, a code shown to a person or a device code (system-event-log.ts scrubs it). */
export interface SystemEvent {
  readonly id: number;
  readonly name: string;
  readonly level: SystemLevel;
  /** The issuer's host name, without scheme, path or port. */
  readonly issuer?: string;
  /** The account's email when the provider gave one and the app has read it, else its `sub`. */
  readonly account?: string;
  readonly code?: string;
}

export function isSystemEventName(event: string): event is SystemEventName {
  return Object.hasOwn(systemEventRules, event);
}

/** Marks every line, so a filter on the text finds them whatever the log calls the process. */
export const systemLogTag = 'device-signin';

/** The text every platform writes: the tag, then the id and name, then `key=value` words ("-" for none). */
export function systemEventText(event: SystemEvent): string {
  const value = (text: string | undefined): string => (text === undefined || text === '' ? '-' : text);
  return (
    `${systemLogTag} event=${String(event.id)} ${event.name} ` +
    `issuer=${value(event.issuer)} account=${value(event.account)} code=${value(event.code)}`
  );
}

/**
 * A value as the line may carry it: letters, digits and `._@+-:/` only, at most 128 characters.
 * Whatever else a provider put in a `sub` (spaces, quotes, `%`, control or bidirectional characters)
 * becomes `_`, so no value can split a line, end a quoted Windows argument or fake another field.
 */
export function lineValue(text: string): string {
  return text.replace(/[^\p{L}\p{N}._@+\-:/]/gu, '_').slice(0, 128);
}

/** The host of an issuer URL, or nothing when it is not one. */
export function issuerHost(issuer: string | undefined): string | undefined {
  if (issuer === undefined || !URL.canParse(issuer)) return undefined;
  return new URL(issuer).hostname;
}
