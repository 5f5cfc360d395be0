/**
 * Where the app and the CLI sign in, when several layers have a say: a locked policy value beats
 * everything, then flags, environment, the user's settings, the admin's unlocked defaults, and the
 * built-in defaults.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy, type Policy } from '../../../src/core/policy/policy-document.ts';
import { chooseClient } from '../../../src/core/policy/client-choice.ts';
import { assertNoLockConflicts, keysLockedWithIssuer, resolveSettings } from '../../../src/core/policy/settings-resolution.ts';

const systemFile = '/etc/device-signin/policy.json';
const bundledFile = '/opt/Device Sign-In/resources/policy.json';

function system(document: object): Policy {
  return parsePolicy(JSON.stringify(document), systemFile);
}
function bundled(document: object): Policy {
  return parsePolicy(JSON.stringify(document), bundledFile);
}

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
      'Your administrator has locked issuer (policy /etc/device-signin/policy.json); the --issuer flag cannot change it. Remove it to use the managed value.',
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

describe('a locked issuer keeps where tokens go and how they get there', () => {
  const lockedIssuer = system({ issuer: 'https://login.example.com', clientId: 'desktop', locked: ['issuer'] });

  it('refuses a token endpoint from a flag, a variable or settings.json, as it refuses another issuer', () => {
    const resolved = resolveSettings({
      system: lockedIssuer,
      flags: { tokenEndpoint: 'https://login.example.com/flag-token' },
      env: { DEVICE_SIGNIN_TOKEN_ENDPOINT: 'http://127.0.0.1:4790/token' },
      user: { tokenEndpoint: 'https://login.example.com/user-token' },
    });
    expect(resolved.settings.tokenEndpoint).toBeUndefined();
    expect(resolved.locked.has('tokenEndpoint')).toBe(true);
    expect(resolved.lockedBy('tokenEndpoint')).toBe(systemFile);
    expect(resolved.conflicts.map(({ key, source, lockedBy }) => [key, source, lockedBy])).toEqual([
      ['tokenEndpoint', 'flag', systemFile],
      ['tokenEndpoint', 'environment', systemFile],
      ['tokenEndpoint', 'user', systemFile],
    ]);
    expect(() => {
      assertNoLockConflicts(
        resolveSettings({ system: lockedIssuer, env: { DEVICE_SIGNIN_TOKEN_ENDPOINT: 'http://127.0.0.1:4790/token' } }),
      );
    }).toThrow(
      `Your administrator has locked tokenEndpoint (policy ${systemFile}); the environment variable DEVICE_SIGNIN_TOKEN_ENDPOINT cannot change it.`,
    );
  });

  it('uses the endpoints the policy sets itself, locked or not, over any flag', () => {
    const policy = system({
      issuer: 'https://login.example.com',
      clientId: 'desktop',
      tokenEndpoint: 'https://tokens.example.com/token',
      deviceAuthorizationEndpoint: 'https://login.example.com/device',
      locked: ['issuer', 'deviceAuthorizationEndpoint'],
    });
    const resolved = resolveSettings({ system: policy, flags: { tokenEndpoint: 'https://login.example.com/mine' } });
    expect(resolved.settings.tokenEndpoint).toBe('https://tokens.example.com/token');
    expect(resolved.sourceOf('tokenEndpoint')).toBe('policy-file');
    expect(resolved.conflicts).toMatchObject([{ key: 'tokenEndpoint', source: 'flag', lockedValue: 'https://tokens.example.com/token' }]);
    // The policy's own endpoint on another origin is the admin's word: it signs in there.
    const choice = chooseClient(resolveSettings({ system: policy }));
    expect(choice.kind === 'configured' && choice.config.endpoints).toEqual({
      deviceAuthorization: 'https://login.example.com/device',
      token: 'https://tokens.example.com/token',
    });
  });

  it('locks the CA file and the proxy too, unless the policy sets them', () => {
    const resolved = resolveSettings({
      system: lockedIssuer,
      flags: { caFile: '/tmp/my-ca.pem' },
      env: { DEVICE_SIGNIN_PROXY: 'http://127.0.0.1:8080' },
    });
    expect([resolved.settings.caFile, resolved.settings.proxy]).toEqual([undefined, undefined]);
    expect(resolved.conflicts.map(({ key, source }) => [key, source])).toEqual([
      ['proxy', 'environment'],
      ['caFile', 'flag'],
    ]);
    const managed = system({
      issuer: 'https://login.example.com',
      clientId: 'desktop',
      caFile: '/etc/pki/company/ca.pem',
      proxy: 'direct',
      locked: ['issuer'],
    });
    const given = resolveSettings({ system: managed, flags: { caFile: '/tmp/my-ca.pem', proxy: 'http://127.0.0.1:8080' } });
    expect([given.settings.caFile, given.settings.proxy]).toEqual(['/etc/pki/company/ca.pem', 'direct']);
    expect(given.conflicts.map(({ key }) => key)).toEqual(['proxy', 'caFile']);
  });

  it('leaves them to the user while the issuer is not locked, even when the client id is', () => {
    const resolved = resolveSettings({
      system: system({ issuer: 'https://login.example.com', clientId: 'desktop', locked: ['clientId'] }),
      flags: { tokenEndpoint: 'https://login.example.com/token', caFile: '/tmp/my-ca.pem', proxy: 'direct' },
    });
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.settings).toMatchObject({
      tokenEndpoint: 'https://login.example.com/token',
      caFile: '/tmp/my-ca.pem',
      proxy: 'direct',
    });
    expect(resolved.sourceOf('tokenEndpoint')).toBe('flag');
  });
});

describe('an endpoint on another server than the issuer', () => {
  const configured = { issuer: 'https://login.example.com/realms/staff', clientId: 'desktop' };

  it('is refused from a flag, a variable or settings.json, naming the endpoint, the issuer and where it was set', () => {
    const fromEnvironment = chooseClient(
      resolveSettings({ flags: configured, env: { DEVICE_SIGNIN_TOKEN_ENDPOINT: 'http://127.0.0.1:4790/token' } }),
    );
    if (fromEnvironment.kind !== 'invalid') throw new Error(`chose ${fromEnvironment.kind}`);
    expect(fromEnvironment.error.code).toBe('invalid_config');
    expect(fromEnvironment.error.problem).toEqual({
      rule: 'config.endpointOtherOrigin',
      values: { name: 'token', url: 'http://127.0.0.1:4790/token', issuer: configured.issuer, setBy: 'environment' },
    });
    // Another port or scheme is another server, as browsers count origins.
    for (const elsewhere of ['https://login.example.com:8443/token', 'https://api.example.com/token']) {
      const choice = chooseClient(resolveSettings({ flags: { ...configured, userinfoEndpoint: elsewhere } }));
      expect(choice.kind === 'invalid' && choice.error.problem).toMatchObject({
        rule: 'config.endpointOtherOrigin',
        values: { name: 'userinfo', setBy: 'flag' },
      });
    }
    const fromUser = chooseClient(resolveSettings({ flags: configured, user: { revocationEndpoint: 'https://revoke.example.com/' } }));
    expect(fromUser.kind === 'invalid' && fromUser.error.problem).toMatchObject({ values: { name: 'revocation', setBy: 'user' } });
  });

  it('is accepted on the issuer’s own server, whatever the path', () => {
    const choice = chooseClient(
      resolveSettings({ flags: { ...configured, tokenEndpoint: 'https://LOGIN.example.com:443/orgs/42/token' } }),
    );
    expect(choice.kind === 'configured' && choice.config.endpoints).toEqual({ token: 'https://LOGIN.example.com:443/orgs/42/token' });
  });

  it('is accepted from a policy, unlocked too', () => {
    const policy = system({ ...configured, userinfoEndpoint: 'https://api.example.com/me' });
    const choice = chooseClient(resolveSettings({ system: policy }));
    expect(choice.kind === 'configured' && choice.config.endpoints).toEqual({ userinfo: 'https://api.example.com/me' });
  });

  it('is no setting when a provider profile documents it: GitHub’s profile at api.github.com stays accepted', () => {
    // GitHub's device and token endpoints are on github.com, its profile at api.github.com (githubApiBase): none comes from a setting.
    const choice = chooseClient(resolveSettings({ flags: { provider: 'github', clientId: 'Iv1.example' } }));
    expect(choice).toEqual({
      kind: 'configured',
      config: { issuer: 'https://github.com', clientId: 'Iv1.example', scope: 'openid profile email offline_access', provider: 'github' },
    });
  });
});
