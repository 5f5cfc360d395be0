/**
 * "Check this computer" in the window's words: per check, what it found (`report.<check>.<code>`,
 * or `report.<code>` for the codes any check can end with) and, for a warning or a problem, what
 * to do next (the same id with `.next`). Facts are shown as found; hosts, addresses and names
 * read left to right in every language. Loaded with the report's view, never with the window.
 */
import type { ReportCheck, ReportFacts, ReportSettingSource } from '../../shared/computer-report.ts';
import { anyCheckCodes } from '../../shared/computer-report.ts';
import type { MessageId } from '../../shared/i18n/catalog-types.ts';
import { isolated, leftToRight, type Translate } from '../../shared/i18n/translate.ts';

export interface CheckWords {
  readonly title: string;
  readonly found: string;
  /** What to do, for a warning or a problem. */
  readonly next?: string;
}

export function checkWords(t: Translate, check: ReportCheck): CheckWords {
  const title = t(`report.check.${check.name}`);
  const found = foundSentence(t, check);
  if (check.status !== 'warning' && check.status !== 'problem') return { title, found };
  const nextId = `${sentenceId(check)}.next` as MessageId;
  return { title, found, next: t(nextId) };
}

/**
 * Each check's own sentence; the report's codes pair with the check names as the core's types say,
 * and the catalog has a sentence for every pair (test/renderer/views/ReportView.test.ts finds none missing).
 */
function sentenceId(check: ReportCheck): MessageId {
  const any = (anyCheckCodes as readonly string[]).includes(check.code);
  return (any ? `report.${check.code}` : `report.${check.name}.${check.code}`) as MessageId;
}

function foundSentence(t: Translate, check: ReportCheck): string {
  const { facts } = check;
  if (check.name === 'policy' && check.code === 'unusable') {
    return t(`error.${facts.errorCode ?? 'invalid_config'}.sentence`);
  }
  if (check.name === 'keyring' && check.code === 'file_instead') {
    return `${t('report.keyring.unusable', values(t, facts))} ${t('report.keyring.file_instead')}`;
  }
  return t(sentenceId(check), values(t, facts));
}

/** The facts as the catalog's placeholders take them: lists joined, sources and trust in words, names isolated. */
function values(t: Translate, facts: ReportFacts): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const { platform, arch, runtime } = facts;
  // One run left to right, parentheses and all: split, Arabic would scatter its parts.
  if (platform !== undefined && arch !== undefined && runtime !== undefined)
    out['system'] = leftToRight(`${platform} ${arch} (${runtime})`);
  for (const key of ['version', 'host', 'proxy', 'subject', 'issuer'] as const) {
    const value = facts[key];
    if (value !== undefined) out[key] = leftToRight(value);
  }
  // Host and port as one address that reads left to right: in Arabic a bare ":443" would move to the host's other side.
  if (facts.host !== undefined && facts.port !== undefined) out['endpoint'] = leftToRight(`${facts.host}:${String(facts.port)}`);
  for (const key of ['milliseconds', 'limitSeconds', 'seconds'] as const) {
    const value = facts[key];
    if (value !== undefined) out[key] = value;
  }
  if (facts.skewSeconds !== undefined) out['seconds'] = Math.abs(facts.skewSeconds);
  if (facts.addresses !== undefined) out['addresses'] = leftToRight(facts.addresses.join(', '));
  if (facts.sources !== undefined) out['sources'] = facts.sources.map((kind) => t(`report.source.${kind}`)).join(', ');
  if (facts.trustedBy !== undefined) out['trustedBy'] = t(`report.trust.${facts.trustedBy}`);
  if (facts.proxySource !== undefined) out['proxySource'] = proxySourceWords(t, facts.proxySource);
  if (facts.after !== undefined) out['after'] = t(`report.check.${facts.after}`);
  out['why'] = facts.why ?? 'other';
  out['problem'] = facts.problem ?? 'other';
  out['account'] = facts.account === undefined ? t('report.session.noAccount') : isolated(facts.account);
  out['dpopKey'] = String(facts.dpopKey === true);
  return out;
}

function proxySourceWords(t: Translate, source: NonNullable<ReportFacts['proxySource']>): string {
  if ('variable' in source) return t('report.proxySource.variable', { variable: leftToRight(source.variable) });
  return source.setting === 'default'
    ? t('report.proxySource.system')
    : t('report.proxySource.setting', { source: sourceWord(t, source.setting) });
}

export function sourceWord(t: Translate, source: ReportSettingSource): string {
  return t(`report.source.${source}`);
}
