/**
 * The core's refusals of a setting, as data the front ends word: each carries a problem whose
 * values are exactly those of its rule (setting-problem.ts), naming the layer that set it.
 */
import { describe, expect, it } from 'vitest';
import { chooseProxy } from '../../src/cli/network.ts';
import { type ClientConfig, validateConfig } from '../../src/core/config.ts';
import { SignInError } from '../../src/core/errors.ts';
import { parsePolicy } from '../../src/core/policy/policy-document.ts';
import { chooseClient } from '../../src/core/policy/client-choice.ts';
import { assertNoLockConflicts, resolveSettings } from '../../src/core/policy/settings-resolution.ts';
import { problemValueNames, type SettingProblem } from '../../src/core/setting-problem.ts';

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
