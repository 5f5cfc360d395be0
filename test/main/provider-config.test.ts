import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScope, validateConfig } from '../../src/core/config.ts';
import { parsePolicy } from '../../src/core/policy/policy-document.ts';
import { keysLockedWithIssuer } from '../../src/core/policy/settings-resolution.ts';
import { loadAppSettings } from '../../src/main/provider-config.ts';
import { demoClientConfig } from '../../src/main/sign-in-setup.ts';

/** Policy files as the machine would have them, read through the loader's own reader hook. */
function settingsWith(env: Record<string, string>, files: Record<string, string> = {}) {
  return loadAppSettings({
    env,
    systemPolicyPath: '/etc/device-signin/policy.json',
    bundledPolicyPath: '/opt/Device Sign-In/resources/policy.json',
    read: (path) => Promise.resolve(files[path]),
  });
}

describe('which provider the app signs in against', () => {
  it('runs the embedded demo when nothing is configured', async () => {
    expect((await settingsWith({})).choice).toEqual({ kind: 'demo', scope: defaultScope, lan: false });
    expect((await settingsWith({ DEVICE_SIGNIN_ISSUER: ' ', DEVICE_SIGNIN_CLIENT_ID: '' })).choice).toEqual({
      kind: 'demo',
      scope: defaultScope,
      lan: false,
    });
  });

  it('uses the configured issuer, client, scope and audience', async () => {
    const settings = await settingsWith({
      DEVICE_SIGNIN_ISSUER: 'https://id.example.test',
      DEVICE_SIGNIN_CLIENT_ID: 'desktop',
      DEVICE_SIGNIN_SCOPE: 'openid email',
      DEVICE_SIGNIN_AUDIENCE: 'https://api.example.test',
    });
    expect(settings.choice).toEqual({
      kind: 'configured',
      config: { issuer: 'https://id.example.test', clientId: 'desktop', scope: 'openid email', audience: 'https://api.example.test' },
    });
  });

  it('says so when only half is configured, rather than quietly running the demo', async () => {
    expect((await settingsWith({ DEVICE_SIGNIN_ISSUER: 'https://id.example.test' })).choice.kind).toBe('invalid');
    expect((await settingsWith({ DEVICE_SIGNIN_CLIENT_ID: 'desktop' })).choice.kind).toBe('invalid');
  });

  it("takes the admin's locked issuer over the environment and reports it as managed", async () => {
    const settings = await settingsWith(
      { DEVICE_SIGNIN_ISSUER: 'https://elsewhere.example.test', DEVICE_SIGNIN_CLIENT_ID: 'desktop' },
      { '/etc/device-signin/policy.json': JSON.stringify({ issuer: 'https://login.corp.example', locked: ['issuer'] }) },
    );
    expect(settings.choice).toMatchObject({ kind: 'configured', config: { issuer: 'https://login.corp.example', clientId: 'desktop' } });
    // The issuer's endpoints, CA file and proxy are locked with it (issue 29), so the window shows them managed too.
    expect(settings.managed).toEqual(['issuer', ...keysLockedWithIssuer]);
    expect(settings.managedBy).toEqual(Object.fromEntries(settings.managed.map((key) => [key, 'policy-file'])));
  });

  it('takes what Group Policy sets over the policy file, and says which kind of policy locks each managed setting', async () => {
    const groupPolicy = {
      ...parsePolicy('{"issuer":"https://gpo.corp.example","locked":["issuer"]}', 'HKLM\\SOFTWARE\\Policies\\Device Sign-In'),
      kind: 'group-policy' as const,
      perUser: false,
    };
    const settings = await loadAppSettings({
      env: {},
      systemPolicyPath: '/etc/device-signin/policy.json',
      bundledPolicyPath: undefined,
      read: () => Promise.resolve('{"issuer":"https://file.corp.example","clientId":"desktop","locked":["clientId"]}'),
      platform: () => Promise.resolve([groupPolicy]),
    });
    expect(settings.choice).toMatchObject({ kind: 'configured', config: { issuer: 'https://gpo.corp.example', clientId: 'desktop' } });
    expect(settings.managedBy).toEqual({
      issuer: 'group-policy',
      clientId: 'policy-file',
      ...Object.fromEntries(keysLockedWithIssuer.map((key) => [key, 'group-policy'])),
    });
  });

  it('uses the configuration bundled into the installer, below the system policy', async () => {
    const settings = await settingsWith(
      {},
      {
        '/opt/Device Sign-In/resources/policy.json': JSON.stringify({
          issuer: 'https://bundled.example',
          clientId: 'bundled-app',
          tokenStorage: 'session-only',
        }),
        '/etc/device-signin/policy.json': JSON.stringify({ clientId: 'system-app' }),
      },
    );
    expect(settings.choice).toMatchObject({ kind: 'configured', config: { issuer: 'https://bundled.example', clientId: 'system-app' } });
    expect(settings.resolved?.settings.tokenStorage).toBe('session-only');
  });

  it('stops sign-in on an invalid policy, naming the file and the key', async () => {
    const settings = await settingsWith({}, { '/etc/device-signin/policy.json': JSON.stringify({ issuer: 'http://login.corp.example' }) });
    expect(settings.choice.kind).toBe('invalid');
    expect(settings.choice.kind === 'invalid' ? settings.choice.message : '').toMatch(/\/etc\/device-signin\/policy\.json.*issuer/s);
  });

  it('refuses to fall back to the demo when the policy turns it off', async () => {
    const settings = await settingsWith({}, { '/etc/device-signin/policy.json': JSON.stringify({ demoProvider: false }) });
    expect(settings.choice.kind).toBe('invalid');
  });
});

describe('the demo provider on the LAN, for a real phone', () => {
  it('is an explicit choice, and then allows plain http to exactly that one host', async () => {
    expect((await settingsWith({})).choice).toMatchObject({ kind: 'demo', lan: false });
    expect((await settingsWith({ DEVICE_SIGNIN_DEMO_LAN: '1' })).choice).toMatchObject({ kind: 'demo', lan: true });
    const demo = { issuer: 'http://192.0.2.7:4000', clientId: 'device-signin-demo' };
    expect(demoClientConfig(demo, { scope: 'openid', lan: true }).allowHttpHosts).toEqual(['192.0.2.7']);
    expect(demoClientConfig(demo, { scope: 'openid', lan: false })).not.toHaveProperty('allowHttpHosts');
    // Without the allowance the core refuses that issuer outright.
    expect(() => validateConfig(demoClientConfig(demo, { scope: 'openid', lan: false }))).toThrow(
      expect.objectContaining({ code: 'insecure_uri' }) as Error,
    );
    expect(() => validateConfig(demoClientConfig(demo, { scope: 'openid', lan: true }))).not.toThrow();
  });
});

describe('the system policy the app reads', () => {
  it('is refused, naming the file, when users other than an administrator could rewrite it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-system-policy-'));
    const path = join(folder, 'policy.json');
    await writeFile(path, JSON.stringify({ issuer: 'https://evil.example.test', clientId: 'x' }));
    await chmod(path, 0o666);
    const settings = await loadAppSettings({ env: {}, systemPolicyPath: path, bundledPolicyPath: undefined });
    expect(settings.choice).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining(`Policy ${path}: is not trusted`) as unknown,
    });
  });
});

describe('the proxy the app uses', () => {
  it("is the OS's unless the policy or DEVICE_SIGNIN_PROXY sets one, which becomes the session's proxy settings", async () => {
    expect((await settingsWith({})).proxy).toBeUndefined();
    const policy = JSON.stringify({ proxy: 'https://config.example.test/proxy.pac', locked: ['proxy'] });
    const managed = await settingsWith({}, { '/etc/device-signin/policy.json': policy });
    expect(managed.proxy).toEqual({ mode: 'pac_script', pacScript: 'https://config.example.test/proxy.pac' });
    expect(managed.managed).toContain('proxy');
    expect((await settingsWith({ DEVICE_SIGNIN_PROXY: 'http://proxy.example.test:3128' })).proxy).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'http://proxy.example.test:3128',
    });
  });

  it('refuses a malformed value, from the policy naming the file and key, from the environment naming the setting', async () => {
    const fromPolicy = await settingsWith(
      {},
      { '/etc/device-signin/policy.json': JSON.stringify({ proxy: 'socks5://proxy.example.test' }) },
    );
    expect(fromPolicy.choice).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Policy /etc/device-signin/policy.json: "proxy" must be "direct"') as unknown,
    });
    const fromEnv = await settingsWith({ DEVICE_SIGNIN_PROXY: 'proxy.example.test:3128' });
    expect(fromEnv.choice).toMatchObject({ kind: 'invalid', message: expect.stringContaining('The proxy setting must be') as unknown });
  });
});
