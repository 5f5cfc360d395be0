/**
 * What "check this computer" finds, as codes and facts only: each front end words a check by its
 * name and code (the command line's `doctor.*` messages) and shows the facts as they are. The
 * checks run in the order of `checkNames`; a check a failed one makes pointless is `skipped`.
 */
import type { CheckReport, ReportStatus } from '../../shared/computer-report.ts';
import type { ErrorCode } from '../../shared/flow-state.ts';
import type { PolicySourceKind } from '../../shared/policy-source.ts';
import type { SettingProblem } from '../setting-problem.ts';
import type { SettingSource } from '../policy/settings-resolution.ts';
import type { KeyringProblem } from '../vault/keyring-probe.ts';

export const checkNames = [
  'app',
  'policy',
  'name',
  'connection',
  'tls',
  'discovery',
  'device_endpoint',
  'clock',
  'keyring',
  'session',
] as const;

export type CheckName = (typeof checkNames)[number];

/** `problem` makes the report fail (exit status 1); a `warning` works today but needs a look. */
export type CheckStatus = ReportStatus;

/** Where the proxy setting came from: the `proxy` setting (and who set it), or a conventional variable. */
export type ProxySource = { readonly setting: SettingSource } | { readonly variable: string };

/** Which certificates made the chain trusted: the OS's store, Node's bundled list, the `caFile` setting, or none. */
export type TrustSource = 'system' | 'bundled' | 'ca_file' | 'none';

interface Outcome<Name extends CheckName, Status extends CheckStatus, Code extends string, Facts> {
  readonly name: Name;
  readonly status: Status;
  readonly code: Code;
  readonly facts: Facts;
}

type Fine<Name extends CheckName, Code extends string, Facts> = Outcome<Name, 'ok', Code, Facts>;
type Bad<Name extends CheckName, Code extends string, Facts> = Outcome<Name, 'problem', Code, Facts>;
type Doubtful<Name extends CheckName, Code extends string, Facts> = Outcome<Name, 'warning', Code, Facts>;

export interface SettingOrigin {
  readonly key: string;
  readonly source: SettingSource;
  readonly locked: boolean;
  /** The policy file or registry key that locks it. */
  readonly lockedBy?: string;
}

/** Settings the front end could not use: the error's code and, when a setting caused it, the problem as data. */
export interface SettingFailure {
  readonly errorCode: ErrorCode;
  readonly problem?: SettingProblem;
  /** A failure the front end found itself (the command line's missing issuer), by its own message id. */
  readonly phrase?: { readonly id: string; readonly values: Readonly<Record<string, string>> };
  readonly detail: string;
}

type Endpoint = { readonly host: string; readonly port: number };
type ProxyFacts = { readonly proxy: string; readonly proxySource: ProxySource };
type CertificateFacts = { readonly subject: string; readonly issuer: string; readonly trustedBy: TrustSource };

export type DiagnosticCheck =
  | Fine<'app', 'version', { readonly version: string; readonly platform: string; readonly arch: string; readonly runtime: string }>
  | Fine<
      'policy',
      'applied' | 'none',
      {
        readonly sources: readonly { readonly kind: PolicySourceKind; readonly name: string }[];
        readonly settings: readonly SettingOrigin[];
      }
    >
  | Bad<'policy', 'unusable', SettingFailure>
  | Fine<'name', 'resolved', { readonly host: string; readonly addresses: readonly string[] }>
  | Fine<'name', 'by_proxy', { readonly host: string } & ProxyFacts>
  | Bad<'name', 'not_found', { readonly host: string; readonly detail: string }>
  | Fine<'connection', 'direct', Endpoint & { readonly address: string }>
  | Fine<'connection', 'proxy', Endpoint & ProxyFacts>
  | Bad<'connection', 'refused', Endpoint & { readonly detail: string }>
  | Bad<'connection', 'proxy_unreachable' | 'proxy_refused' | 'proxy_auth', ProxyFacts & { readonly detail: string }>
  | Fine<'tls', 'trusted', CertificateFacts>
  | Fine<'tls', 'inspected', CertificateFacts & ProxyFacts>
  | Bad<'tls', 'untrusted', CertificateFacts>
  | Bad<'tls', 'inspected_untrusted', CertificateFacts & ProxyFacts>
  | Bad<'tls', 'hostname', CertificateFacts & { readonly host: string }>
  | Bad<'tls', 'failed', { readonly detail: string }>
  | Fine<'discovery', 'found', { readonly url: string; readonly status: number; readonly milliseconds: number }>
  | Fine<'discovery', 'configured', { readonly url: string }>
  | Bad<'discovery', 'failed', { readonly url: string; readonly errorCode: ErrorCode; readonly detail: string }>
  | Fine<'device_endpoint', 'present', { readonly url: string }>
  | Bad<'device_endpoint', 'missing', { readonly issuer: string }>
  | Fine<'clock', 'in_step', { readonly skewSeconds: number }>
  | Doubtful<'clock', 'skewed', { readonly skewSeconds: number; readonly limitSeconds: number }>
  | Doubtful<'clock', 'no_date', Record<string, never>>
  | Fine<'keyring', 'usable', Record<string, never>>
  | Fine<'keyring', 'not_used', { readonly why: 'insecure_storage' | 'session_only_policy' }>
  | Doubtful<'keyring', 'file_instead', { readonly problem: KeyringProblem; readonly detail: string }>
  | Bad<'keyring', 'unusable', { readonly problem: KeyringProblem; readonly detail: string }>
  | Fine<'session', 'none', Record<string, never>>
  | Fine<'session', 'kept', SessionFacts>
  | Doubtful<'session', 'expired', SessionFacts>
  | Bad<'session', 'unreadable', { readonly errorCode: ErrorCode; readonly detail: string }>
  | Outcome<CheckName, 'problem', 'no_answer', { readonly seconds: number }>
  | Outcome<CheckName, 'skipped', 'after_problem', { readonly after: CheckName }>
  | Outcome<CheckName, 'skipped', 'deadline' | 'not_applicable', Record<string, never>>;

/** The kept session as the help desk needs it: whose, where from, until when, and how bound. Never a token. */
export interface SessionFacts {
  readonly issuer: string;
  /** The email the provider gave, else `sub`; absent when it named nobody. */
  readonly account?: string;
  /** ISO 8601, when the provider said how long the access token lives. */
  readonly expiresAt?: string;
  readonly refreshable: boolean;
  readonly dpopKey: boolean;
  readonly vault: string;
}

export type DiagnosticReport = CheckReport<DiagnosticCheck>;

/** The report of `checks`, in order, with its counts. */
export function reportOf(checks: readonly DiagnosticCheck[]): DiagnosticReport {
  const count = (status: CheckStatus): number => checks.filter((check) => check.status === status).length;
  return { checks, summary: { ok: count('ok'), warning: count('warning'), problem: count('problem'), skipped: count('skipped') } };
}
