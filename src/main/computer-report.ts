/**
 * The core's "check this computer" report, two ways out of main: rebuilt field by field for the
 * window (src/shared/computer-report.ts says what crosses and what is left out), and as the text
 * "Copy report" puts on the clipboard, with every fact (paths and the OS's details included, since
 * that is what a help desk needs), redacted by the caller as the log is. The text is English
 * codes and facts, like "Copy details": what a help desk searches for, whatever the window's language.
 */
import { checkNames, type DiagnosticReport } from '../core/diagnostics/report.ts';
import type { ComputerReport, ReportCheck, ReportFacts, ReportProxySource } from '../shared/computer-report.ts';
import { errorCodes } from '../shared/flow-state.ts';
import { isPolicySourceKind, type PolicySourceKind } from '../shared/policy-source.ts';

const textFields = ['version', 'platform', 'arch', 'runtime', 'host', 'address', 'proxy', 'subject', 'issuer', 'account', 'vault'] as const;
const numberFields = ['port', 'status', 'milliseconds', 'skewSeconds', 'limitSeconds', 'seconds'] as const;
const settingSources = ['flag', 'environment', 'user', 'default'] as const;

type Facts = Readonly<Record<string, unknown>>;

/** The report as the window may hold it: each check's name, status and code, and its facts one by one. */
export function windowReport(report: DiagnosticReport): ComputerReport {
  const { ok, warning, problem, skipped } = report.summary;
  return { checks: report.checks.map(windowCheck), summary: { ok, warning, problem, skipped } };
}

function windowCheck(check: DiagnosticReport['checks'][number]): ReportCheck {
  return { name: check.name, status: check.status, code: check.code, facts: windowFacts(check.facts) };
}

function windowFacts(source: object): ReportFacts {
  const facts = source as Facts;
  const out: Record<string, unknown> = {};
  for (const key of textFields) if (typeof facts[key] === 'string') out[key] = facts[key];
  for (const key of numberFields) if (typeof facts[key] === 'number') out[key] = facts[key];
  for (const key of ['refreshable', 'dpopKey'] as const) if (typeof facts[key] === 'boolean') out[key] = facts[key];
  // Discovery's and the device endpoint's URLs: the host is what the window says.
  if (typeof facts['url'] === 'string' && URL.canParse(facts['url'])) out['host'] = new URL(facts['url']).host;
  if (Array.isArray(facts['addresses'])) out['addresses'] = facts['addresses'].filter((address) => typeof address === 'string');
  if (Array.isArray(facts['sources'])) out['sources'] = sourceKinds(facts['sources'] as readonly Facts[]);
  if (Array.isArray(facts['settings'])) out['settings'] = (facts['settings'] as readonly Facts[]).flatMap(settingOrigin);
  const proxySource = windowProxySource(facts['proxySource']);
  if (proxySource !== undefined) out['proxySource'] = proxySource;
  const { trustedBy, why, problem, errorCode, after, expiresAt } = facts;
  if (trustedBy === 'system' || trustedBy === 'bundled' || trustedBy === 'ca_file' || trustedBy === 'none') out['trustedBy'] = trustedBy;
  if (why === 'insecure_storage' || why === 'session_only_policy') out['why'] = why;
  // The keyring's problem is a code; a setting's problem is data that can name a file, and stays in main.
  if (typeof problem === 'string') out['problem'] = problem;
  if ((errorCodes as readonly unknown[]).includes(errorCode)) out['errorCode'] = errorCode;
  if ((checkNames as readonly unknown[]).includes(after)) out['after'] = after;
  if (typeof expiresAt === 'string' && !Number.isNaN(Date.parse(expiresAt))) out['expiresAt'] = Date.parse(expiresAt);
  return out;
}

/** The kinds of policy found, each once: the file or registry key each is stays in main. */
function sourceKinds(sources: readonly Facts[]): PolicySourceKind[] {
  return [...new Set(sources.map((source) => source['kind']).filter(isPolicySourceKind))];
}

function settingOrigin(origin: Facts): ReportFacts['settings'] & object {
  const { key, source, locked } = origin;
  if (typeof key !== 'string' || typeof locked !== 'boolean' || !isSettingSource(source)) return [];
  return [{ key, source, locked }];
}

function windowProxySource(source: unknown): ReportProxySource | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  if ('setting' in source && isSettingSource(source.setting)) return { setting: source.setting };
  if ('variable' in source && typeof source.variable === 'string') return { variable: source.variable };
  return undefined;
}

function isSettingSource(value: unknown): value is NonNullable<ReportFacts['settings']>[number]['source'] {
  return isPolicySourceKind(value) || (settingSources as readonly unknown[]).includes(value);
}

/** "Copy report": a heading line, then one line per check with its status, name, code and every fact, then the counts. */
export function reportText(report: DiagnosticReport, heading: { readonly appVersion: string; readonly madeAt: Date }): string {
  const lines = report.checks.map((check) => {
    const facts = JSON.stringify(check.facts);
    return `${check.status.padEnd(8)} ${check.name}: ${check.code}${facts === '{}' ? '' : ` ${facts}`}`;
  });
  const { ok, warning, problem, skipped } = report.summary;
  return [
    `Device Sign-In ${heading.appVersion}: check this computer`,
    `Time: ${heading.madeAt.toISOString()}`,
    ...lines,
    `Summary: ${String(ok)} ok, ${String(warning)} warning, ${String(problem)} problem, ${String(skipped)} skipped`,
  ].join('\n');
}
