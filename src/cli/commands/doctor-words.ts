/**
 * The doctor report in the terminal's language: per check, its status, its name and what it
 * found (`doctor.<check>.<code>`), and for a warning or a problem what to do next. The facts are
 * shown as found; only the words around them come from the catalog.
 */
import type { DiagnosticCheck, ProxySource } from '../../core/diagnostics/report.ts';
import type { SettingSource } from '../../core/policy/settings-resolution.ts';
import type { CliMessageId } from '../../shared/i18n/catalog-types.ts';
import { isPolicySourceKind } from '../../shared/policy-source.ts';
import { type Explanation, explain } from '../messages.ts';
import type { Translate, Words } from '../words.ts';
import { keyringExplanation } from './failure.ts';

/** The check's lines: status and sentence, the settings under the policy check, then what to do. */
export function checkLines({ t }: Words, check: DiagnosticCheck): string[] {
  const status = t(`doctor.status.${check.status}`);
  const found = foundAndNext(t, check);
  const lines = [`${status.padEnd(8)} ${t(`doctor.check.${check.name}`)}: ${found.what}`];
  if (check.name === 'policy' && check.status === 'ok') {
    for (const origin of check.facts.settings) {
      const values = { key: origin.key, source: sourceWord(t, origin.source), lockedBy: origin.lockedBy ?? '' };
      lines.push(`         ${t(origin.locked ? 'doctor.settingLocked' : 'doctor.setting', values)}`);
    }
  }
  if ((check.status === 'warning' || check.status === 'problem') && found.next !== undefined) lines.push(`         → ${found.next}`);
  return lines;
}

function foundAndNext(t: Translate, check: DiagnosticCheck): { readonly what: string; readonly next?: string } {
  switch (check.code) {
    case 'no_answer':
      return { what: t('doctor.no_answer', check.facts), next: t('doctor.no_answer.next') };
    case 'after_problem':
      return { what: t('doctor.after_problem', { after: t(`doctor.check.${check.facts.after}`) }) };
    case 'deadline':
    case 'not_applicable':
      return { what: t(`doctor.${check.code}`) };
  }
  switch (check.name) {
    case 'policy':
      if (check.status !== 'problem') return { what: t(`doctor.policy.${check.code}`, { sources: sourcesText(t, check.facts.sources) }) };
      return settingFailure(t, check.facts);
    case 'keyring':
      if (check.code === 'usable') return { what: t('doctor.keyring.usable') };
      if (check.code === 'not_used') return { what: t(`doctor.keyring.${check.facts.why}`) };
      return keyringWords(t, check.code, keyringExplanation(t, check.facts.problem, false));
    case 'discovery':
    case 'session':
      if (check.status === 'problem') {
        return { what: t(`doctor.${check.name}.failed`, check.facts), next: explain(t, check.facts.errorCode).next };
      }
      if (check.name === 'session' && check.code !== 'none') return sessionWords(t, check);
      return { what: t(messageId(check), values(t, check.facts)) };
    default: {
      const what = t(messageId(check), values(t, check.facts));
      return check.status === 'ok' ? { what } : { what, next: t(`${messageId(check)}.next` as CliMessageId) };
    }
  }
}

/**
 * Each check's own sentence, `doctor.<check>.<code>`: the report's types pair names and codes,
 * and the catalogs hold a message for every pair (test/cli/doctor.test.ts finds no id printed raw).
 */
function messageId(check: DiagnosticCheck): CliMessageId {
  return `doctor.${check.name}.${check.code}` as CliMessageId;
}

/** Facts as the catalog's placeholders take them: lists joined, proxy and trust sources in words. */
function values(t: Translate, facts: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (Array.isArray(value)) out[key] = value.join(', ');
    else if (key === 'proxySource') out[key] = proxySourceText(t, value as ProxySource);
    else if (key === 'trustedBy') out[key] = t(`doctor.trust.${value as 'system' | 'bundled' | 'ca_file' | 'none'}`);
    else out[key] = value;
  }
  return out;
}

function settingFailure(t: Translate, failure: Extract<DiagnosticCheck, { name: 'policy'; status: 'problem' }>['facts']): Explanation {
  const { phrase } = failure;
  if (phrase !== undefined) return { what: t(phrase.id as CliMessageId, phrase.values), next: t('doctor.policy.unusable.next') };
  return explain(t, failure.errorCode, { problem: failure.problem });
}

function keyringWords(t: Translate, code: 'file_instead' | 'unusable', explained: Explanation): Explanation {
  return code === 'file_instead' ? { what: `${explained.what} ${t('doctor.keyring.file_instead')}`, next: explained.next } : explained;
}

function sessionWords(t: Translate, check: Extract<DiagnosticCheck, { name: 'session'; code: 'kept' | 'expired' }>): Explanation {
  const { facts } = check;
  const what = t('doctor.session.kept', {
    account: facts.account ?? t('doctor.session.noAccount'),
    issuer: facts.issuer,
    expiresAt: facts.expiresAt ?? t('doctor.session.noExpiry'),
    refreshable: String(facts.refreshable),
    dpopKey: String(facts.dpopKey),
    vault: facts.vault,
  });
  return check.code === 'expired' ? { what, next: t('doctor.session.expired.next') } : { what, next: '' };
}

function sourcesText(t: Translate, sources: readonly { readonly kind: string; readonly name: string }[]): string {
  return sources.map(({ kind, name }) => `${name} (${isPolicySourceKind(kind) ? t(`policySource.${kind}`) : kind})`).join(', ');
}

function sourceWord(t: Translate, source: SettingSource): string {
  return isPolicySourceKind(source) ? t(`policySource.${source}`) : t(`doctor.source.${source}`);
}

function proxySourceText(t: Translate, source: ProxySource): string {
  return 'variable' in source ? source.variable : t('doctor.proxySource.setting', { source: sourceWord(t, source.setting) });
}
