/**
 * A Log that also hands the sign-in events of system-events.ts to the system log. It sits where
 * the front end creates its log, so the flow, the kept session and the policy follower log as they
 * always did and know nothing of it. A line is scrubbed by the redaction the support file uses,
 * with every secret the flow registered; writing it never waits and never throws.
 */
import type { FlowState, Profile } from '../../shared/flow-state.ts';
import { createRedactor, type Log, type LogFields } from '../log.ts';
import { isSystemEventName, issuerHost, lineValue, type SystemEvent, systemEventRules, type SystemEventName } from './system-events.ts';

/** Writes one event to the system log, without waiting for it (system-log-writer.ts). */
export type SystemLogWriter = (event: SystemEvent) => void;

export interface SystemEventLogOptions {
  readonly write: SystemLogWriter;
  /** Read at each event: the `systemLog` policy key as resolved now. */
  readonly enabled: () => boolean;
  /** The issuer this front end signs in against now, for the events that do not name it. */
  readonly issuer: () => string | undefined;
}

export interface SystemEventLog extends Log {
  /** The flow's states, from which the signed-in account, and its email, is known. */
  observe(state: FlowState): void;
}

/** Events a timer or a re-read repeats while nothing changes: one line until something else happens. */
const repeating: ReadonlySet<SystemEventName> = new Set(['refresh.failed', 'policy.invalid']);

export function withSystemEvents(inner: Log, options: SystemEventLogOptions): SystemEventLog {
  // The support log's own redaction: the same secrets (each registered here too), JWT and bearer patterns.
  const redactor = createRedactor();
  /** From the flow's signed-in state: who is signed in, with the email when the provider gave one. */
  let profile: Profile | undefined;
  /** From the events that name a `sub` (a restored session is logged before any state shows it). */
  let sub: string | undefined;
  let last: string | undefined;

  function accountFor(event: SystemEventName, fields: LogFields): string | undefined {
    // A failed sign-in signed nobody in; the one signed in before it is not its account.
    if (event === 'sign_in.failed') return undefined;
    const named = typeof fields['sub'] === 'string' ? fields['sub'] : undefined;
    if (profile !== undefined && (named === undefined || named === profile.sub)) return profile.email ?? profile.sub;
    return named ?? sub;
  }

  function forward(event: string, fields: LogFields = {}): void {
    if (typeof fields['sub'] === 'string' && (event === 'signed_in' || event === 'session.restored')) sub = fields['sub'];
    if (!isSystemEventName(event) || !options.enabled()) return;
    const rule = systemEventRules[event];
    const issuer = typeof fields['issuer'] === 'string' ? fields['issuer'] : options.issuer();
    const words = clean({ issuer: issuerHost(issuer), account: accountFor(event, fields), code: rule.code(fields) });
    const line: SystemEvent = { id: rule.id, name: rule.name, level: rule.level, ...words };
    const key = JSON.stringify(line);
    if (event === 'signed_out' || event === 'session.ended') sub = undefined;
    if (repeating.has(event) && key === last) return;
    last = key;
    options.write(line);
  }

  /** Each word scrubbed as the support log scrubs its lines, then reduced to what a line may carry. */
  function clean(words: { issuer?: string | undefined; account?: string | undefined; code?: string | undefined }) {
    const result: { issuer?: string; account?: string; code?: string } = {};
    for (const name of ['issuer', 'account', 'code'] as const) {
      const value = words[name];
      if (value !== undefined) result[name] = lineValue(redactor.scrub(value));
    }
    return result;
  }

  function safely(event: string, fields: LogFields | undefined): void {
    try {
      forward(event, fields);
    } catch {
      // The system log is for the help desk; nothing about it may cost the sign-in.
    }
  }

  return {
    info(event, fields) {
      inner.info(event, fields);
      safely(event, fields);
    },
    warn(event, fields) {
      inner.warn(event, fields);
      safely(event, fields);
    },
    secret(value) {
      inner.secret(value);
      redactor.secret(value);
    },
    observe(state) {
      if (state.status === 'signed_in') profile = state.profile;
      // Signing out logs `signed_out` before the state moves on to idle: the account stays known until then.
      else if (state.status !== 'signing_out') profile = undefined;
    },
  };
}
