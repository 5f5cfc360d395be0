/**
 * What a locked issuer keeps with it when several layers have a say: where tokens go and how
 * they get there, and endpoints on another server than the issuer.
 */
import { describe, expect, it } from 'vitest';
import { chooseClient } from '../../../src/core/policy/client-choice.ts';
import { assertNoLockConflicts, resolveSettings } from '../../../src/core/policy/settings-resolution.ts';
import { system, systemFile } from '../../support/policy-layers.ts';

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
      `Your administrator has locked tokenEndpoint (policy ${systemFile}); ` +
        'the environment variable DEVICE_SIGNIN_TOKEN_ENDPOINT cannot change it.',
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
