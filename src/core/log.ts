import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
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
/**
 * Secrets shorter than this (a short user code) are redacted only where they stand as a whole
 * word, so that they do not eat into timestamps and field names; longer ones wherever they occur.
 */
const shortSecretLength = 6;
/** Only recent secrets matter (older tokens are dead); a bound keeps a long-running app's memory flat. */
const maxSecrets = 64;
const jwtLike = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const bearer = /\b(Bearer|DPoP)\s+[\w\-.~+/]+=*/gi;

/**
 * The log's scrubbing on its own: the secrets registered so far, and `scrub`, which takes them (and
 * anything shaped like a JWT or a bearer header) out of a text. The log holds one; main hands the
 * same one to whatever else leaves the app as text for support ("Copy report"), so it is redacted
 * as the log is.
 */
export interface Redactor {
  readonly secret: (value: string | undefined) => void;
  readonly scrub: (text: string) => string;
}

export function createRedactor(): Redactor {
  // Insertion order is age order, so the oldest secret is the first to go.
  const secrets = new Set<string>();
  return {
    scrub: (text) => {
      let result = text.replace(jwtLike, redacted).replace(bearer, `$1 ${redacted}`);
      // Longest first, so a secret that contains another is removed whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        result = secret.length < shortSecretLength ? result.replace(wholeWord(secret), redacted) : result.split(secret).join(redacted);
      }
      return result;
    },
    secret: (value) => {
      if (value === undefined || value === '') return;
      secrets.delete(value);
      secrets.add(value);
      const oldest = secrets.values().next().value;
      if (secrets.size > maxSecrets && oldest !== undefined) secrets.delete(oldest);
    },
  };
}

export function createRedactingLog(
  write: (line: string) => void,
  now: () => Date = () => new Date(),
  redactor: Redactor = createRedactor(),
): Log {
  function line(level: 'info' | 'warn', event: string, fields: LogFields = {}): void {
    try {
      write(redactor.scrub(JSON.stringify({ time: now().toISOString(), level, event, ...fields })));
    } catch {
      // A full disk or a read-only folder costs the support log, never the sign-in.
    }
  }

  return {
    info: (event, fields) => {
      line('info', event, fields);
    },
    warn: (event, fields) => {
      line('warn', event, fields);
    },
    secret: (value) => {
      redactor.secret(value);
    },
  };
}

function wholeWord(secret: string): RegExp {
  return new RegExp(`(?<![\\w-])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');
}

/** Where the log stops growing: past this size the file becomes `<name>.1` and a new one starts. */
export const defaultMaxLogBytes = 1024 * 1024;

/**
 * Appends log lines to a file readable by the user only, creating its folder. The file rotates
 * at `maxBytes`, keeping one previous file, so a long-running app never fills the disk.
 */
export function fileLogWriter(path: string, maxBytes = defaultMaxLogBytes): (line: string) => void {
  let size: number | undefined;
  return (text) => {
    const entry = `${text}\n`;
    if (size === undefined) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      size = fileSize(path);
    }
    if (size > 0 && size + Buffer.byteLength(entry) > maxBytes) {
      renameSync(path, `${path}.1`);
      size = 0;
    }
    appendFileSync(path, entry, { mode: 0o600 });
    size += Buffer.byteLength(entry);
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
