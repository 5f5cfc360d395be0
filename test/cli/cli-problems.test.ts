/**
 * A setting's fault is data from the core (src/core/setting-problem.ts) and words only in the
 * command line's catalogs: every rule has a sentence that names exactly the values of the rule,
 * each language words it itself, and the core's real refusals carry the rule and the values.
 * Polling's reasons to wait longer are worded by their code the same way.
 */
import { describe, expect, it } from 'vitest';
import { explain, retrySentence } from '../../src/cli/messages.ts';
import { SignInError } from '../../src/core/errors.ts';
import { setBy } from '../../src/core/policy/client-choice.ts';
import { problemValueNames, type SetBy, type SettingProblem, type SettingProblemRule } from '../../src/core/setting-problem.ts';
import { compileCatalog, placeholdersOf } from '../../scripts/i18n/compile.ts';
import { policySourceKinds } from '../../src/shared/policy-source.ts';
import { cliSourceCatalogOf, cliTranslateIn, everyCliLanguage } from '../support/catalogs.ts';

const rules = Object.keys(problemValueNames) as SettingProblemRule[];
const englishCatalog = compileCatalog(cliSourceCatalogOf('en'));
const english = cliTranslateIn('en');
const translated = everyCliLanguage.filter(([locale]) => locale !== 'en');
const everySource: readonly SetBy[] = [...policySourceKinds.map(setBy), 'flag', 'environment', 'user', 'default'];

/** A value for each name that no language would translate, so each can be found in the sentence. */
function sampleProblem(rule: SettingProblemRule, layer: SetBy = 'groupPolicy'): SettingProblem {
  const values = Object.fromEntries(problemValueNames[rule].map((name) => [name, name === 'setBy' ? layer : `VALUE-${name}`]));
  return { rule, values } as SettingProblem;
}

describe('the sentences of setting problems', () => {
  it.each(rules)('problem.%s names exactly the values of its rule', (rule) => {
    const message = englishCatalog[`problem.${rule}`];
    expect(message).toBeDefined();
    expect([...placeholdersOf(message ?? [])].sort()).toEqual([...problemValueNames[rule]].sort());
  });

  it('has no problem sentence for a rule the core does not have', () => {
    const orphans = Object.keys(englishCatalog).filter(
      (id) => id.startsWith('problem.') && !rules.includes(id.slice('problem.'.length) as SettingProblemRule),
    );
    expect(orphans).toEqual([]);
  });

  it.each(translated)('in %s, words every rule itself, every value in its place, and the way out that fits', (_locale, t) => {
    for (const rule of rules) {
      const problem = sampleProblem(rule);
      const own = explain(t, 'invalid_config', { problem });
      const inEnglish = explain(english, 'invalid_config', { problem });
      expect(own.what, rule).not.toBe(inEnglish.what);
      expect(own.next, rule).not.toBe(inEnglish.next);
      for (const [name, value] of Object.entries(problem.values))
        if (name !== 'setBy') expect(own.what, `${rule}: ${name}`).toContain(value);
    }
  });

  it.each(everyCliLanguage)('in %s, names each layer that can set a value in words of its own', (_locale, t) => {
    const sentences = everySource.map((setBy) => explain(t, 'invalid_config', { problem: sampleProblem('config.demoOff', setBy) }).what);
    expect(new Set(sentences).size).toBe(everySource.length);
  });

  it('ends a policy problem with the administrator, a lock with dropping what asks otherwise, a setting with fixing it', () => {
    const next = (rule: SettingProblemRule, code: SignInError['code'] = 'invalid_config'): string =>
      explain(english, code, { problem: sampleProblem(rule) }).next;
    expect(next('policy.notBoolean')).toBe(english('error.policy.next'));
    expect(next('locked.flag')).toBe(english('error.locked.next'));
    expect(next('locked.insecureStorage')).toBe(english('error.lockedInsecureStorage.next'));
    expect(next('settings.notJson')).toBe(english('error.invalid_config.next'));
    expect(next('config.issuerNotHttps', 'insecure_uri')).toBe(english('error.insecure_uri.next'));
  });
});

describe('why polling waits longer', () => {
  const reasons = ['network', 'timeout', 'server_error', 'rate_limited'] as const;

  it.each(everyCliLanguage)('in %s, says each reason in words of its own, never its code', (_locale, t) => {
    const sentences = reasons.map((reason) => retrySentence(t, reason, 17));
    expect(new Set(sentences).size).toBe(reasons.length);
    for (const sentence of sentences) {
      expect(sentence).toContain('17');
      expect(sentence).not.toMatch(/network|timeout|server.error|rate.limited/);
    }
  });
});
