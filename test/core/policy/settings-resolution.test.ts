/**
 * Where the app and the CLI sign in, when several layers have a say: a locked policy value beats
 * everything, then flags, environment, the user's settings, the admin's unlocked defaults, and the
 * built-in defaults. What a locked issuer carries with it: settings-resolution-locked-issuer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { chooseClient } from '../../../src/core/policy/client-choice.ts';
import { assertNoLockConflicts, keysLockedWithIssuer, resolveSettings } from '../../../src/core/policy/settings-resolution.ts';
import { bundled, bundledFile, system, systemFile } from '../../support/policy-layers.ts';

describe('each layer in turn', () => {
  const layers = {
    system: system({ issuer: 'https://system.example.com' }),
    bundled: bundled({ issuer: 'https://bundled.example.com' }),
    user: { issuer: 'https://user.example.com' },
    env: { DEVICE_SIGNIN_ISSUER: 'https://env.example.com' },
    flags: { issuer: 'https://flag.example.com' },
  };

  it('uses the built-in defaults when nothing is set', () => {
    const resolved = resolveSettings({});
    expect(resolved.settings).toEqual({
      issuer: undefined,
      clientId: undefined,
      scope: 'openid profile email offline_access',
      audience: undefined,
      provider: 'generic',
      deviceAuthorizationEndpoint: undefined,
      tokenEndpoint: undefined,
      userinfoEndpoint: undefined,
      revocationEndpoint: undefined,
      clientSecret: undefined,
      tokenStorage: 'protected',
      demoProvider: true,
      multipleAccounts: true,
      systemLog: true,
      branding: undefined,
      support: undefined,
      updates: { enabled: true, allowDowngrade: false, channel: 'latest' },
    });
    expect(resolved.sourceOf('scope')).toBe('default');
    expect(resolved.locked.size).toBe(0);
  });

  it.each([
    ['a flag beats everything unlocked', layers, 'https://flag.example.com', 'flag'],
    ['the environment beats the user', { ...layers, flags: undefined }, 'https://env.example.com', 'environment'],
    ['the user beats the admin defaults', { ...layers, flags: undefined, env: undefined }, 'https://user.example.com', 'user'],
    [
      'the system file beats the bundled one',
      { system: layers.system, bundled: layers.bundled },
      'https://system.example.com',
      'policy-file',
    ],
    ['the bundled file is used when alone', { bundled: layers.bundled }, 'https://bundled.example.com', 'installer'],
  ] as const)('%s', (_story, input, issuer, source) => {
    const resolved = resolveSettings(input);
    expect(resolved.settings.issuer).toBe(issuer);
    expect(resolved.sourceOf('issuer')).toBe(source);
  });

  it('ignores empty environment variables, as if unset', () => {
    const resolved = resolveSettings({ env: { DEVICE_SIGNIN_SCOPE: '  ' }, user: { scope: 'openid' } });
    expect(resolved.settings.scope).toBe('openid');
  });

  it('reads each variable the CLI contract names', () => {
    const resolved = resolveSettings({
      env: { DEVICE_SIGNIN_ISSUER: 'https://env.example.com', DEVICE_SIGNIN_CLIENT_ID: 'cli', DEVICE_SIGNIN_SCOPE: 'openid' },
    });
    expect(resolved.settings).toMatchObject({ issuer: 'https://env.example.com', clientId: 'cli', scope: 'openid' });
  });
});

describe('locking', () => {
  const locked = system({ issuer: 'https://login.example.com', clientId: 'desktop', locked: ['issuer'] });

  it('keeps the locked value over flags, environment and user settings, and reports each attempt', () => {
    const resolved = resolveSettings({
      system: locked,
      flags: { issuer: 'https://flag.example.com' },
      env: { DEVICE_SIGNIN_ISSUER: 'https://env.example.com' },
      user: { issuer: 'https://user.example.com' },
    });
    expect(resolved.settings.issuer).toBe('https://login.example.com');
    expect(resolved.sourceOf('issuer')).toBe('policy-file');
    // The issuer's endpoints, CA file and proxy are locked with it (issue 29).
    expect([...resolved.locked].sort()).toEqual(['issuer', ...keysLockedWithIssuer].sort());
    expect(resolved.lockedBy('issuer')).toBe(systemFile);
    expect(resolved.conflicts.map((c) => c.source)).toEqual(['flag', 'environment', 'user']);
  });

  it('leaves unlocked keys of the same file to the user', () => {
    const resolved = resolveSettings({ system: locked, user: { clientId: 'mine' } });
    expect(resolved.settings.clientId).toBe('mine');
    expect(resolved.locked.has('clientId')).toBe(false);
  });

  it('makes a conflicting flag an error for the CLI that says the admin locked it', () => {
    const resolved = resolveSettings({ system: locked, flags: { issuer: 'https://flag.example.com' } });
    expect(() => {
      assertNoLockConflicts(resolved);
    }).toThrow(
      'Your administrator has locked issuer (policy /etc/device-signin/policy.json); the --issuer flag cannot change it. ' +
        'Remove it to use the managed value.',
    );
    expect(() => {
      assertNoLockConflicts(resolveSettings({ system: locked, env: { DEVICE_SIGNIN_ISSUER: 'https://env.example.com' } }));
    }).toThrow(/the environment variable DEVICE_SIGNIN_ISSUER cannot change it/);
    expect(() => {
      assertNoLockConflicts(resolveSettings({ system: locked, flags: { clientId: 'x' } }));
    }).not.toThrow();
  });

  it('accepts a flag that repeats the locked value', () => {
    const resolved = resolveSettings({ system: locked, flags: { issuer: 'https://login.example.com' } });
    expect(resolved.conflicts).toEqual([]);
  });

  it('lets a lock in the bundled file hold against the user, with the system file still supplying the value', () => {
    const resolved = resolveSettings({
      system: system({ issuer: 'https://system.example.com' }),
      bundled: bundled({ issuer: 'https://bundled.example.com', locked: ['issuer'] }),
      user: { issuer: 'https://user.example.com' },
    });
    expect(resolved.settings.issuer).toBe('https://system.example.com');
    expect(resolved.lockedBy('issuer')).toBe(bundledFile);
    expect(resolved.conflicts).toHaveLength(1);
  });

  it('names the system file when both files lock a key', () => {
    const resolved = resolveSettings({ system: system({ locked: ['scope'] }), bundled: bundled({ scope: 'openid', locked: ['scope'] }) });
    expect(resolved.lockedBy('scope')).toBe(systemFile);
    expect(resolved.settings.scope).toBe('openid');
  });

  it('locks the default when the lock comes without a value', () => {
    const resolved = resolveSettings({ system: system({ locked: ['tokenStorage'] }), user: { tokenStorage: 'allow-unprotected' } });
    expect(resolved.settings.tokenStorage).toBe('protected');
    expect(resolved.conflicts[0]).toMatchObject({ key: 'tokenStorage', source: 'user', lockedValue: 'protected' });
  });
});

describe('what to sign in against', () => {
  it('is the configured provider with the resolved scope and audience', () => {
    const choice = chooseClient(
      resolveSettings({
        system: system({ issuer: 'https://login.example.com', clientId: 'desktop', audience: 'https://api.example.com' }),
      }),
    );
    expect(choice).toEqual({
      kind: 'configured',
      config: {
        issuer: 'https://login.example.com',
        clientId: 'desktop',
        scope: 'openid profile email offline_access',
        audience: 'https://api.example.com',
      },
    });
  });

  it('is the demo provider when nothing is configured, unless the policy turns it off', () => {
    expect(chooseClient(resolveSettings({}))).toEqual({ kind: 'demo', scope: 'openid profile email offline_access' });
    const choice = chooseClient(resolveSettings({ system: system({ demoProvider: false }) }));
    expect(choice.kind).toBe('invalid');
    if (choice.kind === 'invalid') {
      expect(choice.error.code).toBe('invalid_config');
      expect(choice.error.message).toMatch(/demo provider is turned off \(by policy file\)/);
    }
  });

  it('refuses half a configuration instead of quietly running the demo', () => {
    const choice = chooseClient(resolveSettings({ env: { DEVICE_SIGNIN_ISSUER: 'https://login.example.com' } }));
    expect(choice.kind === 'invalid' && choice.error.message).toBe(
      'issuer is set (by environment) but clientId is not: set both, or neither to use the demo provider.',
    );
  });

  it('carries the dpop setting from the policy, the environment or a flag, and refuses a value it does not know', () => {
    const configured = { issuer: 'https://login.example.com', clientId: 'desktop' };
    const fromPolicy = chooseClient(resolveSettings({ system: system({ ...configured, dpop: 'required' }) }));
    expect(fromPolicy.kind === 'configured' && fromPolicy.config.dpop).toBe('required');
    const fromEnvironment = chooseClient(resolveSettings({ flags: configured, env: { DEVICE_SIGNIN_DPOP: 'off' } }));
    expect(fromEnvironment.kind === 'configured' && fromEnvironment.config.dpop).toBe('off');
    // Unset, it is left to the provider profile (dpopModeOf): nothing is written into the config.
    const unset = chooseClient(resolveSettings({ flags: configured }));
    expect(unset.kind === 'configured' && 'dpop' in unset.config).toBe(false);
    expect(chooseClient(resolveSettings({ env: { DEVICE_SIGNIN_DPOP: 'required' } }))).toEqual({
      kind: 'demo',
      scope: 'openid profile email offline_access',
      dpop: 'required',
    });
    const unknown = chooseClient(resolveSettings({ flags: configured, env: { DEVICE_SIGNIN_DPOP: 'sometimes' } }));
    expect(unknown.kind === 'invalid' && unknown.error.message).toBe(
      'The dpop setting "sometimes" (by environment) is not one of auto, required, off.',
    );
    expect(() => system({ dpop: 'sometimes' })).toThrow(/dpop/);
  });

  it('refuses an insecure issuer from a flag, which no policy validator has seen', () => {
    const choice = chooseClient(resolveSettings({ flags: { issuer: 'http://login.example.com', clientId: 'desktop' } }));
    expect(choice.kind === 'invalid' && choice.error.code).toBe('insecure_uri');
  });
});
