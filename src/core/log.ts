import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * What the app writes down about a sign-in, for support. Never a token or a code: the flow
 * registers every secret it handles with `secret`, and each line is scrubbed of all of them
 * (and of anything shaped like a JWT or a bearer header) before it is written.
 */
export interface Log {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  /** A value that must never appear in the log: a token, a device code, a user code. */
  secret(value: string | undefined): void;
}

export const silentLog: Log = { info: () => undefined, warn: () => undefined, secret: () => undefined };

const redacted = '[redacted]';
/** Secrets shorter than this would redact ordinary words; no real token or code is this short. */
const minSecretLength = 6;
/** Only recent secrets matter (older tokens are dead); a bound keeps a long-running app's memory flat. */
const maxSecrets = 64;
const jwtLike = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const bearer = /\b(Bearer|DPoP)\s+[\w\-.~+/]+=*/gi;

export function createRedactingLog(write: (line: string) => void, now: () => Date = () => new Date()): Log {
  // Insertion order is age order, so the oldest secret is the first to go.
  const secrets = new Set<string>();

  function scrub(text: string): string {
    let result = text.replace(jwtLike, redacted).replace(bearer, `$1 ${redacted}`);
    // Longest first, so a secret that contains another is removed whole.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join(redacted);
    return result;
  }

  function line(level: 'info' | 'warn', event: string, fields: LogFields = {}): void {
    write(scrub(JSON.stringify({ time: now().toISOString(), level, event, ...fields })));
  }

  return {
    info: (event, fields) => {
      line('info', event, fields);
    },
    warn: (event, fields) => {
      line('warn', event, fields);
    },
    secret(value) {
      if (value === undefined || value.length < minSecretLength) return;
      secrets.delete(value);
      secrets.add(value);
      const oldest = secrets.values().next().value;
      if (secrets.size > maxSecrets && oldest !== undefined) secrets.delete(oldest);
    },
  };
}

/** Appends log lines to a file readable by the user only, creating its folder. */
export function fileLogWriter(path: string): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return (text) => {
    appendFileSync(path, `${text}\n`, { mode: 0o600 });
  };
}
