/**
 * "Check this computer" as the window receives it (src/main/computer-report.ts builds it from the
 * core's report, field by field): per check its name, status and code, and only the facts the
 * window words. Main sends facts, not sentences, because the window's words live in the window's
 * catalogs like every other screen's; what it leaves out is what the page must not hold: no token
 * (the core's report has none), no file path or registry key (policy sources and locks cross as
 * their kind), no URL beyond a host, and no technical detail (an OS error can name a file). The
 * whole report, details and paths included, goes from main straight to the clipboard ("Copy report").
 */
import type { ErrorCode } from './flow-state.ts';
import type { PolicySourceKind } from './policy-source.ts';

/** The checks in the report's order, as the core runs them (core/diagnostics/report.ts's checkNames). */
export type ReportCheckName =
  'app' | 'policy' | 'name' | 'connection' | 'tls' | 'discovery' | 'device_endpoint' | 'clock' | 'keyring' | 'session';

export type ReportStatus = 'ok' | 'warning' | 'problem' | 'skipped';

/** Codes any check can end with; each has one sentence whatever the check (`report.<code>`). */
export const anyCheckCodes = ['no_answer', 'after_problem', 'deadline', 'not_applicable'] as const;

/** Who set a setting: a policy's kind, the environment, or nobody (its default). */
export type ReportSettingSource = PolicySourceKind | 'flag' | 'environment' | 'user' | 'default';

/** Where the proxy choice came from: the `proxy` setting (its `default` is the system's settings), or a variable. */
export type ReportProxySource = { readonly setting: ReportSettingSource } | { readonly variable: string };

export interface ReportFacts {
  readonly version?: string;
  readonly platform?: string;
  readonly arch?: string;
  readonly runtime?: string;
  /** The policy's sources, by kind, strongest first. */
  readonly sources?: readonly PolicySourceKind[];
  readonly settings?: readonly { readonly key: string; readonly source: ReportSettingSource; readonly locked: boolean }[];
  readonly host?: string;
  readonly port?: number;
  readonly addresses?: readonly string[];
  readonly address?: string;
  /** The proxy as `scheme://host:port`, never its user name or password. */
  readonly proxy?: string;
  readonly proxySource?: ReportProxySource;
  readonly subject?: string;
  readonly issuer?: string;
  readonly trustedBy?: 'system' | 'bundled' | 'ca_file' | 'none';
  readonly status?: number;
  readonly milliseconds?: number;
  readonly skewSeconds?: number;
  readonly limitSeconds?: number;
  readonly why?: 'insecure_storage' | 'session_only_policy';
  readonly problem?: string;
  readonly errorCode?: ErrorCode;
  readonly account?: string;
  /** Epoch milliseconds, for the window to show in its own language. */
  readonly expiresAt?: number;
  readonly refreshable?: boolean;
  readonly dpopKey?: boolean;
  readonly vault?: string;
  readonly seconds?: number;
  readonly after?: ReportCheckName;
}

export interface ReportCheck {
  readonly name: ReportCheckName;
  readonly status: ReportStatus;
  readonly code: string;
  readonly facts: ReportFacts;
}

/** Checks in the order they ran, and how many ended in each status: the core's report (every fact) and the window's alike. */
export interface CheckReport<Check> {
  readonly checks: readonly Check[];
  readonly summary: { readonly [Status in ReportStatus]: number };
}

export type ComputerReport = CheckReport<ReportCheck>;
