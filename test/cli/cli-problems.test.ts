/**
 * A setting's fault is data from the core (src/core/setting-problem.ts) and words only in the
 * command line's catalogs: every rule has a sentence that names exactly the values of the rule,
 * each language words it itself, and the core's real refusals carry the rule and the values.
 * Polling's reasons to wait longer are worded by their code the same way.
 */
import { describe, expect, it } from 'vitest';
import { explain, retrySentence } from '../../src/cli/messages.ts';
import { chooseProxy } from '../../src/cli/network.ts';
import { type ClientConfig, validateConfig } from '../../src/core/config.ts';
import { SignInError } from '../../src/core/errors.ts';
import { parsePolicy } from '../../src/core/policy/policy-document.ts';
import { setBy } from '../../src/core/policy/client-choice.ts';
import { chooseClient } from '../../src/core/policy/client-choice.ts';
import { assertNoLockConflicts, resolveSettings } from '../../src/core/policy/settings-resolution.ts';
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

/** The problem a refusal carries, checked to have exactly the values of its rule. */
function problemOf(work: () => unknown): SettingProblem {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SignInError);
  const { problem } = caught as SignInError;
  if (problem === undefined) throw new Error(`${(caught as Error).message} carries no problem`);
  expect(Object.keys(problem.values).sort()).toEqual([...problemValueNames[problem.rule]].sort());
  return problem;
}

describe('the core’s refusals, as data', () => {
  const file = '/etc/device-signin/policy.json';

  it.each([
    ['{"issuer": ', 'policy.notJson', {}],
    ['[1, 2]', 'policy.notObject', {}],
    ['{"issuers": "https://login.example.com"}', 'policy.unknownKey', { key: 'issuers' }],
    ['{"locked": ["issuer", "colour"]}', 'policy.lockedUnknown', { key: 'locked', item: 'colour' }],
    ['{"demoProvider": "no"}', 'policy.notBoolean', { key: 'demoProvider', found: '"no"' }],
    ['{"clientId": [1]}', 'policy.notString', { key: 'clientId', found: '[…]' }],
    ['{"tokenStorage": "plaintext"}', 'policy.notOneOf', { key: 'tokenStorage', found: '"plaintext"' }],
    ['{"issuer": "http://login.example.com"}', 'policy.notHttps', { key: 'issuer', found: 'http://login.example.com' }],
    ['{"issuer": "https://me:secret@login.example.com"}', 'policy.credentials', { key: 'issuer' }],
    ['{"proxy": "http://proxy.example.com:8080/path"}', 'policy.proxyPath', { key: 'proxy' }],
    [
      '{"proxy": "http://me:hunter2@proxy.example.com:8080/path"}',
      'policy.proxyPath',
      { key: 'proxy', found: 'http://…@proxy.example.com:8080/path' },
    ],
    ['{"support": {"phone": "123"}}', 'policy.unknownField', { key: 'support.phone', parent: 'support' }],
  ] as const)('a policy holding %s: %s', (text, rule, values) => {
    const problem = problemOf(() => parsePolicy(text, file));
    expect(problem.rule).toBe(rule);
    expect(problem.values).toMatchObject({ source: file, ...values });
  });

  it('a flag, a variable or the user’s settings against a lock', () => {
    const system = parsePolicy(JSON.stringify({ issuer: 'https://login.example.com', locked: ['issuer'] }), file);
    const asked = { issuer: 'https://elsewhere.example.com' };
    expect(
      problemOf(() => {
        assertNoLockConflicts(resolveSettings({ system, flags: asked }));
      }),
    ).toEqual({
      rule: 'locked.flag',
      values: { key: 'issuer', lockedBy: file, flag: '--issuer' },
    });
    expect(
      problemOf(() => {
        assertNoLockConflicts(resolveSettings({ system, env: { DEVICE_SIGNIN_ISSUER: asked.issuer } }));
      }).values,
    ).toMatchObject({ variable: 'DEVICE_SIGNIN_ISSUER' });
    expect(
      problemOf(() => {
        assertNoLockConflicts(resolveSettings({ system, user: asked }));
      }).rule,
    ).toBe('locked.user');
  });

  it('settings that cannot be used together, naming the layer that set them', () => {
    const choice = chooseClient(resolveSettings({ flags: { issuer: 'https://login.example.com' } }));
    if (choice.kind !== 'invalid') throw new Error(`chose ${choice.kind}`);
    expect(
      problemOf(() => {
        throw choice.error;
      }),
    ).toEqual({ rule: 'config.halfClient', values: { present: 'issuer', missing: 'clientId', setBy: 'flag' } });
  });

  it('an issuer or endpoint that is not https, a proxy that is not a proxy', () => {
    const config: ClientConfig = { issuer: 'http://login.example.com', clientId: 'app', scope: 'openid' };
    expect(problemOf(() => validateConfig(config)).rule).toBe('config.issuerNotHttps');
    expect(problemOf(() => validateConfig({ ...config, issuer: 'https://me:pw@login.example.com' })).rule).toBe('config.issuerCredentials');
    expect(
      problemOf(() =>
        validateConfig({ ...config, issuer: 'https://login.example.com', endpoints: { token: 'http://login.example.com/token' } }),
      ).values,
    ).toEqual({
      name: 'token',
      url: 'http://login.example.com/token',
    });
    expect(problemOf(() => chooseProxy({ proxy: 'http://proxy.example.com:8080/path' }, {})).rule).toBe('config.proxyPath');
    expect(problemOf(() => chooseProxy({}, { HTTPS_PROXY: 'ftp://proxy.example.com' })).values).toEqual({
      name: 'HTTPS_PROXY',
      found: 'ftp://proxy.example.com',
    });
  });
});
